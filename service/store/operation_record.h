#pragma once
// An operation as the store keeps it. The gRPC layer converts it to cancela.v1.Operation.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "cancela/v1/operation.pb.h"
#include "providers/provider.h"

namespace cancela::store {

struct StatusChange {
  v1::OperationStatus status = v1::OPERATION_STATUS_PENDING;
  v1::PendingDetail pending_detail = v1::PENDING_DETAIL_UNSPECIFIED;
  absl::Time time;
  std::string note;
};

struct OperationRecord {
  std::string operation_id;      // "op_" + 26 chars, unique
  std::string tenant;
  std::string idempotency_key;
  std::string fingerprint;       // hex SHA-256 of the canonical request
  v1::OperationKind kind = v1::OPERATION_KIND_UNSPECIFIED;
  std::string provider_account;  // e.g. "cielo-ecommerce/loja-centro"
  std::string provider;          // e.g. "cielo_ecommerce"
  std::string sale_key;          // providers::SaleKeyOf(sale)
  std::string sale_reference;    // serialized cancela.v1.SaleReference, echoed back to callers
  bool total = false;
  int64_t amount_minor_units = 0;  // for total requests the store fills in what remained
  std::string currency;
  std::string reason;
  std::map<std::string, std::string> metadata;

  v1::OperationStatus status = v1::OPERATION_STATUS_PENDING;
  v1::PendingDetail pending_detail = v1::PENDING_DETAIL_SUBMITTING;
  v1::FailureReason failure_reason = v1::FAILURE_REASON_UNSPECIFIED;
  std::string failure_message;
  providers::ProviderEcho echo;

  int64_t sale_amount_minor_units = 0;         // captured (or authorised, for voids) at acceptance
  int64_t provider_cancelled_before_minor_units = 0;  // reconcile basis: cancelled before sending
  absl::Time create_time;
  absl::Time update_time;
  absl::Time lease_until;  // while SUBMITTING: its owner is working on it until then
  // Times the cancellation was sent: 1, or 2 after the provider proved the first attempt never
  // executed (Outcome::kNotExecuted). Never more.
  int attempt_count = 1;
  absl::Time attempt_time = absl::InfinitePast();  // when the latest attempt began
  std::vector<StatusChange> history;  // oldest first

  // The poller's bookkeeping for a PENDING operation.
  absl::Time next_check_time = absl::InfinitePast();  // due from then on
  int check_count = 0;                                 // provider checks so far
  bool gave_up = false;  // the schedule ran out: left PENDING and visible for a human
};

// The store's per-sale money ledger, per (provider_account, sale_key) across tenants: the money
// belongs to the provider account, whoever asks.
struct SaleLedger {
  int64_t sale_amount_minor_units = 0;
  int64_t succeeded_minor_units = 0;  // sum of SUCCEEDED operations
  int64_t reserved_minor_units = 0;   // sum of PENDING operations (in flight, scheduled, unknown)
  int partial_count = 0;              // partial operations accepted (not counting FAILED ones)
  absl::Time last_cancel_time = absl::InfinitePast();
  int64_t remaining() const {
    return sale_amount_minor_units - succeeded_minor_units - reserved_minor_units;
  }
};

}  // namespace cancela::store
