#pragma once
// The audit row of what a caller is answered for the operation it started, as the store writes
// it beside the outcome (TransitionRequest::answer): the caller's tenant, actor and action, and
// the outcome's operation, amount and status as the caller sees it ("OPERATION_STATUS_SUCCEEDED",
// "OPERATION_STATUS_PENDING:PENDING_DETAIL_OUTCOME_UNKNOWN"), as the server wrote it before.

#include "absl/time/time.h"
#include "service/store/operation_record.h"
#include "service/store/store.h"

namespace cancela::store {

AuditRecord AnsweredRow(const AuditRecord& answer, const OperationRecord& outcome, absl::Time now);

}  // namespace cancela::store
