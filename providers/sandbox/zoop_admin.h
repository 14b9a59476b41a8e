#pragma once
// The Zoop simulator's admin HTTP API, under /__sandbox/ on its listener, with no auth: a thin
// JSON layer over ZoopSimulator's C++ API. README.md in this directory documents each endpoint.

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/http_message.h"
#include "providers/sandbox/zoop_types.h"

namespace cancela::sandbox {

class ZoopSimulator;

HttpReply HandleZoopAdmin(const HttpRequest& request, ZoopSimulator& simulator);

// {"payment_type": "credit", "status": "succeeded", "amount": 10000, ...} -> a spec.
absl::StatusOr<ZoopTransactionSpec> ZoopTransactionSpecFromJson(const nlohmann::json& body);
// The admin view: the facts the protocol shows plus the sandbox's own flags.
nlohmann::ordered_json ZoopTransactionToAdminJson(const ZoopTransaction& transaction);

}  // namespace cancela::sandbox
