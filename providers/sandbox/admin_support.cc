#include "providers/sandbox/admin_support.h"

#include <cmath>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"
#include "providers/sandbox/ledger.h"

namespace cancela::sandbox::admin {

HttpReply Error(int status, const std::string& message) {
  nlohmann::json body;
  body["error"] = message;
  return JsonReply(status, body);
}

HttpReply FromStatus(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument: return Error(400, std::string(status.message()));
    case absl::StatusCode::kNotFound: return Error(404, std::string(status.message()));
    case absl::StatusCode::kAlreadyExists: return Error(409, std::string(status.message()));
    default: return Error(500, std::string(status.message()));
  }
}

HttpReply MethodNotAllowed(const char* allow) {
  HttpReply reply = Error(405, absl::StrCat("method not allowed; use ", allow));
  reply.headers["Allow"] = allow;
  return reply;
}

absl::StatusOr<nlohmann::json> ObjectBody(const HttpRequest& request) {
  if (absl::StripAsciiWhitespace(request.body).empty()) return nlohmann::json::object();
  std::optional<nlohmann::json> parsed = json::Parse(request.body);
  if (!parsed.has_value() || !parsed->is_object()) {
    return absl::InvalidArgumentError("the body must be a JSON object");
  }
  return *std::move(parsed);
}

HttpReply FaultsRoute(const HttpRequest& request, FaultInjector& faults, const std::string& id_key,
                      const std::function<void(FaultRule&)>& normalize) {
  auto listed = [&](const FaultRule& rule) {
    nlohmann::json j = FaultRuleToJson(rule);
    if (id_key != "payment_id" && j.contains("payment_id")) {
      j[id_key] = j["payment_id"];
      j.erase("payment_id");
    }
    return j;
  };
  if (request.method == "POST") {
    absl::StatusOr<nlohmann::json> body = ObjectBody(request);
    if (!body.ok()) return FromStatus(body.status());
    if (id_key != "payment_id" && body->contains(id_key)) {
      (*body)["payment_id"] = (*body)[id_key];
      body->erase(id_key);
    }
    absl::StatusOr<FaultRule> rule = FaultRuleFromJson(*body);
    if (!rule.ok()) return FromStatus(rule.status());
    normalize(*rule);
    rule->id = faults.Add(*rule);
    return JsonReply(201, listed(*rule));
  }
  if (request.method == "GET" || request.method == "DELETE") {
    if (request.method == "DELETE") faults.Clear();
    nlohmann::json list = nlohmann::json::array();
    for (const FaultRule& rule : faults.Armed()) list.push_back(listed(rule));
    nlohmann::json body;
    body["faults"] = std::move(list);
    return JsonReply(200, body);
  }
  return MethodNotAllowed("GET, POST, DELETE");
}

HttpReply FloodRoute(const HttpRequest& request, ReplyFlood& flood) {
  if (request.method == "POST") {
    absl::StatusOr<nlohmann::json> body = ObjectBody(request);
    if (!body.ok()) return FromStatus(body.status());
    const std::optional<std::string> text = json::GetString(*body, "text");
    if (!text.has_value() || text->empty() || text->find_first_of("\r\n") != std::string::npos) {
      return Error(400, "text must be a non-empty string on one line");
    }
    flood.Arm(*text, json::GetString(*body, "card_number").value_or(""));
  } else if (request.method == "DELETE") {
    flood.Disarm();
  } else if (request.method != "GET") {
    return MethodNotAllowed("GET, POST, DELETE");
  }
  return JsonReply(200, flood.ToJson());
}

nlohmann::json ClockJson(const SandboxClock& clock) {
  nlohmann::json body;
  body["now"] = FormatInstant(clock.Now());
  body["offset_seconds"] = absl::ToDoubleSeconds(clock.Offset());
  return body;
}

HttpReply ClockRoute(const HttpRequest& request, SandboxClock& clock) {
  if (request.method == "GET") return JsonReply(200, ClockJson(clock));
  if (request.method != "POST") return MethodNotAllowed("GET, POST");
  absl::StatusOr<nlohmann::json> body = ObjectBody(request);
  if (!body.ok()) return FromStatus(body.status());
  const nlohmann::json* advance = json::Find(*body, "advance_seconds");
  if (advance == nullptr || !advance->is_number() || !std::isfinite(advance->get<double>()) ||
      advance->get<double>() < 0 || advance->get<double>() > 100.0 * 365 * 24 * 3600) {
    return Error(400, "advance_seconds must be a number of seconds, 0 or more");
  }
  clock.Advance(absl::Milliseconds(std::llround(advance->get<double>() * 1000)));
  return JsonReply(200, ClockJson(clock));
}

}  // namespace cancela::sandbox::admin
