#include "providers/payu/payu_amounts.h"

#include <array>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"

namespace cancela::providers::payu {
namespace {

// PayU's accepted currencies (providers.md §3.3 [C]).
constexpr std::array<std::pair<std::string_view, int>, 7> kCurrencies = {{
    {"ARS", 2}, {"BRL", 2}, {"CLP", 0}, {"COP", 2}, {"MXN", 2}, {"PEN", 2}, {"USD", 2},
}};

constexpr int kMaxSignificantDigits = 15;

int64_t PowerOfTen(int exponent) {
  int64_t p = 1;
  for (int i = 0; i < exponent; ++i) p *= 10;
  return p;
}

}  // namespace

std::optional<int> CurrencyExponent(std::string_view currency) {
  for (const auto& [code, exponent] : kCurrencies) {
    if (code == currency) return exponent;
  }
  return std::nullopt;
}

std::string FormatMajorUnits(int64_t minor_units, int exponent) {
  const int64_t scale = PowerOfTen(exponent);
  std::string out = absl::StrCat(minor_units / scale);
  std::string decimals = absl::StrCat(minor_units % scale);
  if (exponent == 0 || minor_units % scale == 0) return out;
  decimals.insert(0, static_cast<size_t>(exponent) - decimals.size(), '0');
  while (!decimals.empty() && decimals.back() == '0') decimals.pop_back();
  return absl::StrCat(out, ".", decimals);
}

std::optional<int64_t> ParseMajorUnits(std::string_view text, int exponent) {
  if (text.empty()) return std::nullopt;
  const size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty())) return std::nullopt;
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.size() > static_cast<size_t>(exponent)) return std::nullopt;
  if (whole.size() + fraction.size() > static_cast<size_t>(kMaxSignificantDigits) + 3) {
    return std::nullopt;
  }
  int64_t value = 0;
  auto append = [&value](char c) {
    if (c < '0' || c > '9') return false;
    if (value > (std::numeric_limits<int64_t>::max() - 9) / 10) return false;
    value = value * 10 + (c - '0');
    return true;
  };
  for (char c : whole) {
    if (!append(c)) return std::nullopt;
  }
  for (char c : fraction) {
    if (!append(c)) return std::nullopt;
  }
  for (size_t i = fraction.size(); i < static_cast<size_t>(exponent); ++i) {
    if (!append('0')) return std::nullopt;
  }
  return value;
}

std::optional<int64_t> AmountOf(const nlohmann::json& value, int exponent) {
  if (value.is_string()) return ParseMajorUnits(value.get_ref<const std::string&>(), exponent);
  if (value.is_number_unsigned() || value.is_number_integer()) {
    return ParseMajorUnits(value.dump(), exponent);
  }
  if (!value.is_number_float()) return std::nullopt;
  const std::string text = value.dump();
  size_t digits = 0;
  for (char c : text) digits += (c >= '0' && c <= '9') ? 1 : 0;
  if (digits > kMaxSignificantDigits) return std::nullopt;
  return ParseMajorUnits(text, exponent);
}

}  // namespace cancela::providers::payu
