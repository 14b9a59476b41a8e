#pragma once
// Small helpers every simulator's /__sandbox/ admin API needs: JSON replies, errors from
// absl::Status, 405s, and reading an object body.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/http_message.h"
#include "providers/sandbox/json_text.h"

namespace cancela::sandbox::admin {

template <typename J>
HttpReply JsonReply(int status, const J& body) {
  HttpReply reply;
  reply.status = status;
  reply.headers["Content-Type"] = "application/json; charset=utf-8";
  reply.body = DumpJson(body);
  return reply;
}

HttpReply Error(int status, const std::string& message);          // {"error": message}
HttpReply FromStatus(const absl::Status& status);                  // 400/404/409/500
HttpReply MethodNotAllowed(const char* allow);
// The body as a JSON object; an empty body counts as {}.
absl::StatusOr<nlohmann::json> ObjectBody(const HttpRequest& request);

}  // namespace cancela::sandbox::admin
