#include "service/store/record_json.h"

#include <string_view>
#include <utility>
#include <vector>

#include "common/json_access.h"

namespace cancela::store {
namespace {

// Text that JSON takes between quotes as it is: printable ASCII without quote or backslash. The
// common case (ids, codes, plain messages) is written without building a JSON document; anything
// else goes through nlohmann, which escapes it and replaces invalid UTF-8.
bool IsPlain(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  }
  return true;
}

// {"k1":"v1","k2":"v2"} for plain pairs given in key order (nlohmann's order for an object), or
// false when some text needs escaping.
template <typename Pairs>
bool WritePlainObject(const Pairs& pairs, std::string& out) {
  size_t size = 2;
  for (const auto& [k, v] : pairs) {
    if (!IsPlain(k) || !IsPlain(v)) return false;
    size += k.size() + v.size() + 6;
  }
  out.reserve(size);
  out += '{';
  for (const auto& [k, v] : pairs) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += k;
    out += "\":\"";
    out += v;
    out += '"';
  }
  out += '}';
  return true;
}

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string MetadataToJson(const std::map<std::string, std::string>& metadata) {
  std::string plain;
  if (WritePlainObject(metadata, plain)) return plain;
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : metadata) j[k] = v;
  return Dump(j);
}

std::map<std::string, std::string> MetadataFromJson(const std::string& text) {
  std::map<std::string, std::string> out;
  if (text == "{}") return out;
  if (auto meta = json::Parse(text); meta && meta->is_object()) {
    for (const auto& [k, v] : meta->items()) {
      if (v.is_string()) out[k] = v.get<std::string>();
    }
  }
  return out;
}

std::string EchoToJson(const providers::ProviderEcho& e) {
  // Empty fields are left out: an echo that says nothing (an operation not yet answered) is "{}".
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"code", &e.code},           {"message", &e.message},     {"reason_code", &e.reason_code},
      {"reason_message", &e.reason_message}, {"reference", &e.reference}, {"status", &e.status}};
  std::vector<std::pair<std::string_view, std::string_view>> present;
  for (const auto& [name, value] : fields) {
    if (!value->empty()) present.emplace_back(name, *value);
  }
  std::string plain;
  if (WritePlainObject(present, plain)) return plain;
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, value] : present) j[std::string(name)] = value;
  return Dump(j);
}

providers::ProviderEcho EchoFromJson(const std::string& text) {
  providers::ProviderEcho e;
  if (text == "{}") return e;
  if (auto echo = json::Parse(text); echo && echo->is_object()) {
    e.status = json::GetString(*echo, "status").value_or("");
    e.code = json::GetString(*echo, "code").value_or("");
    e.message = json::GetString(*echo, "message").value_or("");
    e.reason_code = json::GetString(*echo, "reason_code").value_or("");
    e.reason_message = json::GetString(*echo, "reason_message").value_or("");
    e.reference = json::GetString(*echo, "reference").value_or("");
  }
  return e;
}

}  // namespace cancela::store
