#include "service/server/proto_conversion.h"

#include "google/protobuf/util/time_util.h"

namespace cancela::server {
namespace {

void SetTime(absl::Time t, google::protobuf::Timestamp* out) {
  if (t == absl::InfinitePast() || t == absl::UnixEpoch()) return;
  const int64_t micros = absl::ToUnixMicros(t);
  *out = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(micros);
}

void SetMoney(int64_t minor_units, const std::string& currency, v1::Money* out) {
  out->set_amount_minor_units(minor_units);
  out->set_currency_code(currency);
}

}  // namespace

v1::Operation ToProto(const core::OperationView& view) {
  const store::OperationRecord& r = view.record;
  v1::Operation op;
  op.set_operation_id(r.operation_id);
  op.set_kind(r.kind);
  op.set_status(r.status);
  if (r.status == v1::OPERATION_STATUS_PENDING) op.set_pending_detail(r.pending_detail);
  op.set_provider_account(r.provider_account);
  op.mutable_sale()->ParseFromString(r.sale_reference);
  SetMoney(r.amount_minor_units, r.currency, op.mutable_amount());
  op.set_total(r.total);
  SetMoney(r.sale_amount_minor_units, r.currency, op.mutable_sale_amount());
  SetMoney(view.ledger.succeeded_minor_units, r.currency, op.mutable_refunded_amount());
  SetMoney(std::max<int64_t>(0, view.ledger.remaining()), r.currency, op.mutable_remaining_amount());
  auto* echo = op.mutable_provider_response();
  echo->set_status(r.echo.status);
  echo->set_code(r.echo.code);
  echo->set_message(r.echo.message);
  echo->set_reason_code(r.echo.reason_code);
  echo->set_reason_message(r.echo.reason_message);
  echo->set_reference(r.echo.reference);
  if (r.status == v1::OPERATION_STATUS_FAILED) {
    op.set_failure_reason(r.failure_reason);
    op.set_failure_message(r.failure_message);
  }
  op.set_reason(r.reason);
  op.set_idempotency_key(r.idempotency_key);
  for (const auto& [k, v] : r.metadata) (*op.mutable_metadata())[k] = v;
  SetTime(r.create_time, op.mutable_create_time());
  SetTime(r.update_time, op.mutable_update_time());
  op.set_needs_attention(r.status == v1::OPERATION_STATUS_PENDING && r.gave_up);
  for (const store::StatusChange& change : r.history) {
    v1::StatusChange* h = op.add_history();
    h->set_status(change.status);
    if (change.status == v1::OPERATION_STATUS_PENDING) h->set_pending_detail(change.pending_detail);
    SetTime(change.time, h->mutable_change_time());
    h->set_note(change.note);
  }
  return op;
}

v1::Letter ToProto(const store::LetterRecord& letter) {
  v1::Letter out;
  out.set_operation_id(letter.operation_id);
  out.set_language(letter.language);
  out.set_source(letter.source);
  out.set_content_type(letter.content_type);
  out.set_file_name(letter.file_name);
  out.set_content(letter.content);
  return out;
}

}  // namespace cancela::server
