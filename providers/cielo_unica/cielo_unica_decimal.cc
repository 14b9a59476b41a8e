#include "providers/cielo_unica/cielo_unica_decimal.h"

#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/json_access.h"

namespace cancela::providers::cielo_unica {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Builds the document from SAX events, keeping float text. Mirrors what nlohmann's own DOM
// builder does, with one change in number_float.
class KeepDecimals {
 public:
  using json = nlohmann::json;

  explicit KeepDecimals(json& root) : root_(root) {}

  bool null() { return Put(nullptr); }
  bool boolean(bool v) { return Put(v); }
  bool number_integer(json::number_integer_t v) { return Put(v); }
  bool number_unsigned(json::number_unsigned_t v) { return Put(v); }
  bool number_float(json::number_float_t /*v*/, const json::string_t& text) { return Put(text); }
  bool string(json::string_t& v) { return Put(v); }
  bool binary(json::binary_t& /*v*/) { return false; }
  bool start_object(std::size_t /*n*/) { return Open(json::object()); }
  bool key(json::string_t& k) {
    key_ = k;
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(std::size_t /*n*/) { return Open(json::array()); }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t /*pos*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& /*e*/) {
    return false;
  }

 private:
  // Places a value where the parser is: the root, an array's next element or an object's key.
  json* Place(json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }
  bool Put(json value) {
    Place(std::move(value));
    return true;
  }
  bool Open(json empty) {
    stack_.push_back(Place(std::move(empty)));
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }

  json& root_;
  std::vector<json*> stack_;
  std::string key_;
};

}  // namespace

std::optional<std::string> ReaisFromMinorUnits(int64_t minor_units) {
  if (minor_units < 0) return std::nullopt;
  const int64_t cents = minor_units % 100;
  return absl::StrCat(minor_units / 100, ".", cents < 10 ? "0" : "", cents);
}

std::optional<int64_t> MinorUnitsFromReais(std::string_view text) {
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty())) return std::nullopt;
  // Trailing zeros carry no value: "1.500" is 1.50.
  while (fraction.size() > 2 && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.size() > 2) return std::nullopt;
  int64_t value = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (kMax - (c - '0')) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  for (size_t i = 0; i < 2; ++i) {
    const char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (kMax - (c - '0')) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<nlohmann::json> ParseKeepingDecimals(std::string_view text) {
  nlohmann::json root;
  KeepDecimals builder(root);
  const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                                            nlohmann::json::input_format_t::json, true);
  if (!ok) return std::nullopt;
  return root;
}

std::optional<int64_t> GetReais(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = json::Find(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_unsigned()) {
    const auto v = value->get<uint64_t>();
    if (v > static_cast<uint64_t>(kMax / 100)) return std::nullopt;
    return static_cast<int64_t>(v) * 100;
  }
  if (value->is_number_integer()) {
    const auto v = value->get<int64_t>();
    if (v < 0 || v > kMax / 100) return std::nullopt;
    return v * 100;
  }
  if (value->is_string()) return MinorUnitsFromReais(value->get<std::string>());
  return std::nullopt;
}

}  // namespace cancela::providers::cielo_unica
