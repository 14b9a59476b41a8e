#pragma once
// Pieces every simulator's /__sandbox/ admin API shares: JSON replies and errors, body parsing,
// and the faults and clock routes (same JSON for every provider; README.md documents them).

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/fault_injector.h"
#include "providers/sandbox/http_message.h"
#include "providers/sandbox/json_text.h"
#include "providers/sandbox/reply_flood.h"
#include "providers/sandbox/sandbox_clock.h"

namespace cancela::sandbox::admin {

template <typename J>
HttpReply JsonReply(int status, const J& body) {
  HttpReply reply;
  reply.status = status;
  reply.headers["Content-Type"] = "application/json; charset=utf-8";
  reply.body = DumpJson(body);
  return reply;
}

// {"error": message}.
HttpReply Error(int status, const std::string& message);
// 400 / 404 / 409 / 500 by the status's code.
HttpReply FromStatus(const absl::Status& status);
HttpReply MethodNotAllowed(const char* allow);
// The body as a JSON object; an empty body counts as {}.
absl::StatusOr<nlohmann::json> ObjectBody(const HttpRequest& request);

// POST (arm, {"kind", "<id_key>"?, "method"?, "count"?, "delay_ms"?}), GET (list), DELETE
// (clear). `id_key` is how the provider names a sale in the rule ("payment_id",
// "transaction_id"); `normalize` lower-cases ids as the simulator matches them.
HttpReply FaultsRoute(const HttpRequest& request, FaultInjector& faults, const std::string& id_key,
                      const std::function<void(FaultRule&)>& normalize);

// POST {"text": "...", "card_number"?: "..."} arms the reply flood, DELETE disarms it, GET shows it and its counts.
HttpReply FloodRoute(const HttpRequest& request, ReplyFlood& flood);

// GET {"now", "offset_seconds"}; POST {"advance_seconds": n} (forward only).
HttpReply ClockRoute(const HttpRequest& request, SandboxClock& clock);
nlohmann::json ClockJson(const SandboxClock& clock);

}  // namespace cancela::sandbox::admin
