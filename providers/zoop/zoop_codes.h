#pragma once
// Zoop code tables (providers.md §5.4, §6.4, §6.5): the error envelope's type / category / HTTP
// status, and the transaction status.

#include <string_view>

#include "cancela/v1/operation.pb.h"
#include "providers/provider.h"

namespace cancela::providers::zoop {

struct Decline {
  v1::FailureReason reason;
  const char* meaning;  // English gloss, for failure messages
};

// The error envelope {"error": {"status_code", "type", "category", "message"}} of a request Zoop
// refused. Callers first treat 5xx and `api_error` as "may have executed"; this covers the rest.
Decline DeclineForError(int status_code, std::string_view type, std::string_view category);

// True when the envelope says Zoop itself failed (the request may have executed).
bool IsProviderFault(int status_code, std::string_view type);

// Transaction `status` → SaleState (any letter case; unknown values → kUnknown).
SaleState SaleStateOf(std::string_view status);

// `operation_type` of a history entry that is a cancellation (void, void_partial [U]).
bool IsCancellationEntry(std::string_view operation_type);

}  // namespace cancela::providers::zoop
