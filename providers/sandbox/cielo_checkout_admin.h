#pragma once
// The Checkout simulator's admin HTTP API under /__sandbox/, no auth: orders, ledger, faults,
// clock, token revocation, reset. README.md in this directory documents each endpoint.

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/cielo_checkout_book.h"
#include "providers/sandbox/http_message.h"

namespace cancela::sandbox {

class CieloCheckoutSimulator;

HttpReply HandleCieloCheckoutAdmin(const HttpRequest& request, CieloCheckoutSimulator& simulator);

// {"payment_type": "creditCard", "status": "paid", "items_amount": 10000, ...} -> a spec.
absl::StatusOr<CheckoutOrderSpec> CheckoutOrderSpecFromJson(const nlohmann::json& body);
nlohmann::ordered_json CheckoutOrderToAdminJson(const CheckoutOrder& order);

}  // namespace cancela::sandbox
