#include "providers/sandbox/admin_reply.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"

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

}  // namespace cancela::sandbox::admin
