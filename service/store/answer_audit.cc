#include "service/store/answer_audit.h"

namespace cancela::store {

AuditRecord AnsweredRow(const AuditRecord& answer, const OperationRecord& outcome,
                        absl::Time now) {
  AuditRecord row = answer;
  row.time = now;
  row.operation_id = outcome.operation_id;
  row.amount_minor_units = outcome.amount_minor_units;
  row.result = v1::OperationStatus_Name(outcome.status);
  if (outcome.status == v1::OPERATION_STATUS_PENDING) {
    row.result += ":" + v1::PendingDetail_Name(outcome.pending_detail);
  }
  return row;
}

}  // namespace cancela::store
