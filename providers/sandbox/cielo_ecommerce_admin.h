#pragma once
// The simulator's admin HTTP API, under /__sandbox/ on the transactional listener, with no auth:
// a thin JSON layer over CieloEcommerceSimulator's C++ API, for manual tries, scripts and tests in
// other processes. README.md in this directory documents each endpoint.

#include "nlohmann/json.hpp"
#include "absl/status/statusor.h"
#include "providers/sandbox/cielo_ecommerce_types.h"
#include "providers/sandbox/http_message.h"

namespace cancela::sandbox {

class CieloEcommerceSimulator;

HttpReply HandleCieloEcommerceAdmin(const HttpRequest& request,
                                    CieloEcommerceSimulator& simulator);

// {"type": "CreditCard", "status": "captured", "amount": 10000, ...} -> a spec.
absl::StatusOr<CieloSaleSpec> CieloSaleSpecFromJson(const nlohmann::json& body);
// The admin view of a sale (snake_case; dates as Cielo writes them, Brasília time).
nlohmann::ordered_json CieloSaleToAdminJson(const CieloSale& sale);

}  // namespace cancela::sandbox
