#include "service/core/stored_command.h"

#include "cancela/v1/sale_reference.pb.h"
#include "common/errors.h"
#include "service/core/request_validation.h"

namespace cancela::core {

absl::StatusOr<providers::CancelCommand> CommandFromRecord(const store::OperationRecord& record) {
  v1::SaleReference sale_proto;
  if (!sale_proto.ParseFromString(record.sale_reference)) {
    return MakeError(absl::StatusCode::kInternal, v1::INTERNAL_ERROR, "stored sale unreadable");
  }
  auto sale = ValidateSaleReference(sale_proto);
  if (!sale.ok()) return sale.status();
  providers::CancelCommand command;
  command.operation_id = record.operation_id;
  command.kind = record.kind == v1::OPERATION_KIND_VOID ? providers::OperationKind::kVoid
                                                        : providers::OperationKind::kRefund;
  command.sale = *sale;
  command.total = record.total;
  command.amount_minor_units = record.amount_minor_units;
  command.currency = record.currency;
  command.reason = record.reason;
  return command;
}

}  // namespace cancela::core
