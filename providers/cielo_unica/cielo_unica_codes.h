#pragma once
// API Única code tables (providers.md §1.4): the batch status `status.type` and the rejection or
// failure `status.detail.code`, each mapped to cancela's normalized reasons.

#include <cstdint>
#include <string_view>
#include <vector>

#include "cancela/v1/operation.pb.h"

namespace cancela::providers::cielo_unica {

enum class BatchStatus {
  kPending,   // received, waiting for the nightly batch
  kRejected,  // failed Cielo's business rules; detail.code says why
  kDone,      // carried out and settled: final
  kFailed,    // communication failure between Cielo's systems: nothing done, may be sent again
  kUnknown,   // a value not in the table: treated as pending, with an alert
};

// Case-insensitive: the table capitalises, the examples do not.
BatchStatus BatchStatusOf(std::string_view type);

struct DetailMeaning {
  v1::FailureReason reason;
  const char* meaning;     // English gloss of Cielo's text, for failure messages
  bool duplicate = false;  // 10, 223, 476: the same cancellation is already in flight at Cielo
};

// Every documented detail.code; codes outside the table are FAILURE_REASON_PROVIDER_DECLINED
// with Cielo's own message.
DetailMeaning MeaningOfDetailCode(int64_t code);

// The documented codes, for tests that walk the whole table.
std::vector<int64_t> DocumentedDetailCodes();

}  // namespace cancela::providers::cielo_unica
