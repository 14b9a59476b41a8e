#include "service/store/record_json.h"

#include "common/json_access.h"

namespace cancela::store {

std::string MetadataToJson(const std::map<std::string, std::string>& metadata) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : metadata) j[k] = v;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, std::string> MetadataFromJson(const std::string& text) {
  std::map<std::string, std::string> out;
  if (auto meta = json::Parse(text); meta && meta->is_object()) {
    for (const auto& [k, v] : meta->items()) {
      if (v.is_string()) out[k] = v.get<std::string>();
    }
  }
  return out;
}

std::string EchoToJson(const providers::ProviderEcho& e) {
  nlohmann::json j = {{"status", e.status},   {"code", e.code},
                      {"message", e.message}, {"reason_code", e.reason_code},
                      {"reason_message", e.reason_message}, {"reference", e.reference}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

providers::ProviderEcho EchoFromJson(const std::string& text) {
  providers::ProviderEcho e;
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
