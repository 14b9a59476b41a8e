#pragma once
// Cielo E-commerce 3.0 code tables (providers.md §2.4, §6.4, §6.5): cancellation ReturnCode,
// API error Code, Payment.Status.

#include <optional>
#include <string_view>

#include "cancela/v1/operation.pb.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_ecommerce {

// A cancellation ReturnCode that is neither success ("0", "9") nor a timeout.
struct Decline {
  v1::FailureReason reason;
  const char* meaning;  // English gloss of Cielo's text, for failure messages
};

// nullopt for success codes, timeouts (98, 504) and codes not in the table: those are decided by
// the sale's Status or by querying, never assumed.
std::optional<Decline> DeclineForReturnCode(std::string_view return_code);

// True for ReturnCodes that say the provider timed out (the outcome is unknown).
bool IsTimeoutReturnCode(std::string_view return_code);

// HTTP 400 error list codes, e.g. 307 transaction not found, 309 not available to void.
Decline DeclineForApiErrorCode(int code);

// Payment.Status → SaleState.
SaleState SaleStateOf(int status);

}  // namespace cancela::providers::cielo_ecommerce
