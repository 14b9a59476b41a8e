#pragma once
// The PayU simulator's admin HTTP API under /__sandbox/, with no auth: orders, review decisions,
// the clock, faults, the ledger, reset. README.md in this directory documents each endpoint.

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/http_message.h"
#include "providers/sandbox/payu_book.h"

namespace cancela::sandbox {

class PayuSimulator;

HttpReply HandlePayuAdmin(const HttpRequest& request, PayuSimulator& simulator);

// {"order_id", "transaction_id", "country", "currency", "amount", "payment_method", "network",
//  "card_type", "issuer_country", "installments", "captured", "age_minutes", "review"} -> a spec.
absl::StatusOr<PayuSaleSpec> PayuSaleSpecFromJson(const nlohmann::json& body);

}  // namespace cancela::sandbox
