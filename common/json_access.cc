#include "common/json_access.h"

#include <charconv>

namespace cancela::json {

std::optional<nlohmann::json> Parse(std::string_view text) {
  nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), nullptr,
                                               /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

const nlohmann::json* Find(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> GetString(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* v = Find(object, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

std::optional<int64_t> GetInt(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* v = Find(object, key);
  if (v == nullptr) return std::nullopt;
  if (v->is_number_integer()) return v->get<int64_t>();
  if (v->is_number_unsigned()) {
    const uint64_t u = v->get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  return std::nullopt;
}

std::optional<bool> GetBool(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* v = Find(object, key);
  if (v == nullptr || !v->is_boolean()) return std::nullopt;
  return v->get<bool>();
}

std::optional<std::string> GetStringLenient(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* v = Find(object, key);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_integer() || v->is_number_unsigned()) return v->dump();
  return std::nullopt;
}

std::optional<int64_t> GetIntLenient(const nlohmann::json& object, std::string_view key) {
  if (auto i = GetInt(object, key)) return i;
  auto s = GetString(object, key);
  if (!s || s->empty()) return std::nullopt;
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
  if (ec != std::errc() || ptr != s->data() + s->size()) return std::nullopt;
  return out;
}

}  // namespace cancela::json
