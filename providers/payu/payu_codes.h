#pragma once
// PayU Latam code tables (providers.md §3.4, §6.4, §6.5): transaction states, responseCode,
// `code=ERROR` texts, order status.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cancela/v1/operation.pb.h"
#include "providers/provider.h"

namespace cancela::providers::payu {

// transactionResponse.state, case-insensitive: APPROVED succeeded; DECLINED, ERROR and EXPIRED
// failed; PENDING under review (PayU staff decide refunds); SUBMITTED at the network (decided
// later). Anything else is kUnknown: never assumed to be success.
Outcome OutcomeOfState(std::string_view state);

// What an earlier answer already established (echo.status holds its state): under review or at
// the network, else unknown. A failed query leaves the operation where it was.
Outcome OutcomeSoFar(const ProviderEcho& recorded);

// Why a DECLINED / ERROR / EXPIRED transaction failed, from its state and responseCode. Codes
// not in the table are PROVIDER_DECLINED, with the code kept verbatim by the caller.
v1::FailureReason FailureReasonOf(std::string_view state, std::string_view response_code);

// An English gloss of a responseCode for failure messages, or nullptr when not in the table.
const char* MeaningOf(std::string_view response_code);

// The meaning of a `code=ERROR` text: the account's own patterns first (lower-cased substrings),
// then the known ones ("Invalid credentials", "already registered", validation messages).
// nullopt: not known; the text is kept verbatim as the provider message.
std::optional<v1::FailureReason> FailureReasonOfErrorText(
    std::string_view text, const std::vector<std::pair<std::string, v1::FailureReason>>& extra);

// Order status (NEW, IN_PROGRESS, AUTHORIZED, CAPTURED, CANCELLED, DECLINED, REFUNDED,
// CHARGEBACK) -> SaleState.
SaleState SaleStateOfOrderStatus(std::string_view status);

}  // namespace cancela::providers::payu
