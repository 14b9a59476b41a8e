#pragma once
// The Zoop Marketplace API bodies, shaped like providers.md §5.7's real dumps: amounts as decimal
// strings ("5.00"), times with an offset on the transaction and without one in history.

#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/zoop_types.h"

namespace cancela::sandbox {

// 1234 → "12.34".
std::string ZoopDecimal(int64_t cents);

// The transaction object (GET answer, void answer).
nlohmann::ordered_json ZoopTransactionBody(const ZoopTransaction& transaction,
                                           const std::string& marketplace_id);

// {"items": [...]}: one receivable per instalment, "paid" when settled.
nlohmann::ordered_json ZoopReceivablesBody(const ZoopTransaction& transaction);

// A webhook event as Zoop posts it: {"id", "type", "resource": "event", "payload": {"object":
// <transaction>}, "source", "name", "uri", "created_at", "updated_at"} (providers.md §5.6).
nlohmann::ordered_json ZoopEventBody(const std::string& event_id, const std::string& type,
                                     const ZoopTransaction& transaction,
                                     const std::string& marketplace_id, absl::Time at);

// {"error": {"status", "status_code", "type", "category", "message"}}.
nlohmann::ordered_json ZoopErrorBody(int status_code, std::string_view type,
                                     std::string_view category, std::string_view message);

}  // namespace cancela::sandbox
