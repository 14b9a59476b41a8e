#pragma once
// The API Única's JSON as the simulator reads and writes it: the cancellation request, the batch
// answer (amounts as decimal reais), the error envelope, and the list query's parameters.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "providers/sandbox/cielo_unica_types.h"

namespace cancela::sandbox {

// What a simulated endpoint answers.
struct UnicaAnswer {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
};

// {"transactions": [ {merchantID, authorizationCode, refundAmount, saleAmount, transactionDate,
// ...} ]}. Errors say which field is wrong (they become HTTP 400, errorCode 115).
absl::StatusOr<std::vector<UnicaCancelItem>> ParseUnicaCancelBody(const std::string& body);

// {"refundID", "refundDate", "transactions": [...]} for the given cancellations of one batch.
std::string UnicaBatchJson(const UnicaBatch& batch,
                           const std::vector<const UnicaCancellation*>& cancellations);

// Cielo's error envelope {errorCode, errorMessage, date}.
UnicaAnswer UnicaError(int http_status, int code, const std::string& message, absl::Time now);

// "0.01" for 1 centavo: the API's decimal reais.
std::string UnicaDecimal(int64_t centavos);

// "09-10-2024" -> the day; false when malformed.
bool ParseUnicaDay(const std::string& text, absl::CivilDay* day);

}  // namespace cancela::sandbox
