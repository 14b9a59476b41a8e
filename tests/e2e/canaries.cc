#include "tests/e2e/canaries.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <utility>
#include <random>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace cancela::testing {
namespace {

// Deterministic, so a failure repeats; CANCELA_CANARY_SEED picks other values.
std::mt19937_64& Random() {
  static std::mt19937_64 engine{[] {
    const char* seed = std::getenv("CANCELA_CANARY_SEED");
    return seed != nullptr ? std::strtoull(seed, nullptr, 10) : 20261202ULL;
  }()};
  return engine;
}

char RandomDigit() { return static_cast<char>('0' + Random()() % 10); }

// `digits` cut into groups of the given sizes, joined by `separator`.
std::string Grouped(const std::string& digits, const std::vector<size_t>& sizes, char separator) {
  std::string out;
  size_t at = 0;
  for (size_t size : sizes) {
    if (at >= digits.size()) break;
    if (!out.empty()) out += separator;
    out += digits.substr(at, size);
    at += size;
  }
  if (at < digits.size()) absl::StrAppend(&out, std::string(1, separator), digits.substr(at));
  return out;
}

std::vector<size_t> GroupsOf(const std::string& digits) {
  if (digits.size() == 15) return {4, 6, 5};  // Amex
  return std::vector<size_t>((digits.size() + 3) / 4, 4);
}

}  // namespace

bool LuhnValid(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it < '0' || *it > '9') return false;
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::string RandomLuhnNumber(std::string_view prefix, int length) {
  std::string number(prefix);
  while (static_cast<int>(number.size()) < length - 1) number += RandomDigit();
  for (char check = '0'; check <= '9'; ++check) {
    if (LuhnValid(number + check)) return number + check;
  }
  return number;  // unreachable: one check digit always fits
}

Canaries::Canaries() {
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
  for (int i = 0; i < 10; ++i) tag_ += kAlphabet[Random()() % (sizeof(kAlphabet) - 1)];
  auto card = [&](std::string label, std::string_view prefix, int length, char separator) {
    CardCanary c;
    c.label = std::move(label);
    c.digits = RandomLuhnNumber(prefix, length);
    c.written = separator == 0 ? c.digits : Grouped(c.digits, GroupsOf(c.digits), separator);
    cards_.push_back(std::move(c));
  };
  card("visa16", "4", 16, 0);
  card("visa16-spaced", "4", 16, ' ');
  card("mastercard16-dashed", "52", 16, '-');
  card("amex15-spaced", "37", 15, ' ');
  card("visa19", "4", 19, 0);
  card("elo16-spaced", "636368", 16, ' ');  // Brazil's own brand
  // Fail Luhn by construction: the check digit of a valid number, moved by one.
  for (int i = 0; i < 2; ++i) {
    std::string control = RandomLuhnNumber("9", 16);
    control.back() = static_cast<char>('0' + (control.back() - '0' + 1) % 10);
    controls_.push_back(std::move(control));
  }
}

std::string Canaries::Secret(int n) const { return absl::StrCat("CANARY-SECRET-", n, "-", tag_); }

std::string Canaries::FreeText(int first, const std::string& control) const {
  std::vector<std::string> cards;
  for (const CardCanary& c : cards_) cards.push_back(c.written);
  return absl::StrCat("note Bearer ", Secret(first), " api_key=", Secret(first + 1),
                      R"( {"client_secret":")", Secret(first + 2), R"("} https://ops:)",
                      Secret(first + 3), "@gw.example/x?access_token=", Secret(first + 4),
                      " Password: ", Secret(first + 5), " cards ", absl::StrJoin(cards, " / "),
                      " ref ", control);
}

std::string Canaries::CallerText() const { return FreeText(10, controls_[0]); }
std::string Canaries::ProviderText() const { return FreeText(20, controls_[1]); }

std::vector<Needle> Canaries::Forbidden() const {
  std::vector<Needle> out;
  auto add = [&out](std::string label, std::string value) {
    for (const Needle& n : out) {
      if (n.value == value) return;
    }
    out.push_back({std::move(label), std::move(value)});
  };
  add("tag", tag_);
  for (const CardCanary& c : cards_) {
    add(c.label, c.digits);
    for (char separator : {' ', '-'}) {
      const std::string by(1, separator);
      add(absl::StrCat(c.label, " grouped by '", by, "'"),
          Grouped(c.digits, GroupsOf(c.digits), separator));
      add(absl::StrCat(c.label, " in fours by '", by, "'"),
          Grouped(c.digits, std::vector<size_t>(5, 4), separator));
    }
  }
  return out;
}

void LeakScanner::Scan(const std::string& source, std::string_view data) {
  if (std::find(sources_.begin(), sources_.end(), source) == sources_.end()) {
    sources_.push_back(source);
  }
  bytes_ += data.size();
  for (const Needle& needle : needles_) {
    for (size_t at = data.find(needle.value); at != std::string_view::npos;
         at = data.find(needle.value, at + 1)) {
      const size_t from = at > 60 ? at - 60 : 0;
      findings_.push_back({source, needle.label,
                           std::string(data.substr(from, needle.value.size() + 120))});
    }
  }
}

std::string LeakScanner::Report(size_t limit) const {
  // Where, what and how often first; then the first hit of each pair, in context.
  std::map<std::pair<std::string, std::string>, std::vector<const Finding*>> by_place;
  for (const Finding& f : findings_) by_place[{f.source, f.needle}].push_back(&f);
  std::map<std::string, size_t> by_source;
  for (const Finding& f : findings_) ++by_source[f.source];
  std::string out = "\n  by source:";
  for (const auto& [source, count] : by_source) absl::StrAppend(&out, " [", source, "] ", count, ";");
  size_t shown = 0;
  for (const auto& [place, hits] : by_place) {
    if (shown++ == limit) {
      absl::StrAppend(&out, "\n  ...");
      break;
    }
    absl::StrAppend(&out, "\n  [", place.first, "] ", place.second, " x", hits.size(), ": ...",
                    absl::CHexEscape(hits.front()->context), "...");
  }
  return out;
}

}  // namespace cancela::testing
