#pragma once
// The provider command an operation was sent as, rebuilt from its stored record (for
// reconciling it, or for asking the provider for its letter).

#include "absl/status/statusor.h"
#include "providers/provider.h"
#include "service/store/operation_record.h"

namespace cancela::core {

absl::StatusOr<providers::CancelCommand> CommandFromRecord(const store::OperationRecord& record);

}  // namespace cancela::core
