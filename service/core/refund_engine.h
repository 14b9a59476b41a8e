#pragma once
// The operation lifecycle: validate against the live sale, record durably and idempotently,
// call the provider once, record the outcome, and resolve pending or unknown outcomes by asking
// the provider. Transport-agnostic: tests drive it without a server.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "service/core/cancel_request.h"
#include "service/core/check_schedule.h"
#include "service/core/inflight_keys.h"
#include "service/core/list_query.h"
#include "service/core/operation_watchers.h"
#include "service/core/provider_accounts.h"
#include "service/store/store.h"

namespace cancela::core {

struct OperationView {
  store::OperationRecord record;
  store::SaleLedger ledger;  // the sale's ledger as of the answer
};

struct SubmitResult {
  OperationView view;
  bool replay = false;       // answered from an earlier request with the same key
  bool validate_only = false;  // nothing was recorded; record.operation_id is empty
};

struct EngineOptions {
  // When the poller checks each provider's PENDING operations again, and when it gives up and
  // raises an alarm, leaving the operation PENDING and visible for a human.
  CheckSchedules schedules = DefaultCheckSchedules();
  // How long a poller owns the checks it claimed; a dead poller's claims expire.
  absl::Duration check_claim = absl::Minutes(2);
  // Called when the poller gives up on an operation (alarm: metric, page).
  std::function<void(const store::OperationRecord&)> on_give_up;
  // Called after each check the poller makes: "final", "changed", "unchanged", "resent" (the
  // provider proved the attempt never executed and it was sent once more) or "error".
  std::function<void(const store::OperationRecord&, std::string_view result)> on_check;
  absl::Duration provider_timeout = absl::Seconds(30);
  // How long a request owns its SUBMITTING operation; a duplicate meanwhile is IN_USE. Longer
  // than any provider call, so an owner that is alive never loses it.
  absl::Duration submit_lease = absl::Seconds(60);
};

class RefundEngine {
 public:
  RefundEngine(store::Store& store, const ProviderAccounts& accounts, const Clock& clock,
               EngineOptions options);

  // Refund or Void. `actor` names the caller for the audit trail.
  absl::StatusOr<SubmitResult> Submit(const std::string& tenant, const std::string& actor,
                                      const CancelRequest& request, absl::Time deadline);

  // One of the tenant's operations; with `refresh`, a pending one is first reconciled with the
  // provider.
  absl::StatusOr<OperationView> Get(const std::string& tenant, const std::string& operation_id,
                                    bool refresh, absl::Time deadline);

  // One page of the tenant's operations (the filter's tenant), newest first; `next_page_token` is
  // empty on the last page.
  struct Page {
    std::vector<OperationView> operations;
    std::string next_page_token;
  };
  absl::StatusOr<Page> List(const ListQuery& query);

  // The operation with its sale's ledger as of now.
  absl::StatusOr<OperationView> View(store::OperationRecord record);

  // Appends a row to the audit log at the engine's time (requests refused or answered; the
  // store writes its own rows for what it records). A failure is logged, not returned: the
  // caller's answer is already decided.
  void Audit(store::AuditRecord record);

  // Every recorded change of an operation is published here (WatchStatus subscribes).
  OperationWatchers& watchers() { return watchers_; }

  // Checks every operation whose next check is due (claimed, so that replicas sharing a store
  // never check the same one at once) and schedules the next check. Returns how many changed.
  int PollDue(absl::Time deadline, int limit = 200);

 private:
  absl::StatusOr<store::OperationRecord> Execute(const store::OperationRecord& record,
                                                 providers::Provider& adapter,
                                                 const providers::CancelCommand& command,
                                                 absl::Time deadline);
  // Whether a reconcile may send an attempt that provably never executed once more: the poller
  // and a retry of the original request may; GetStatus, which has no side effects, may not.
  enum class Resend { kAllowed, kNever };
  // Asks the provider about a pending operation and records what changed.
  absl::StatusOr<store::OperationRecord> Reconcile(store::OperationRecord record,
                                                   absl::Time deadline, Resend resend);
  // The provider proved the latest attempt never executed: send it once more, or keep it
  // pending when that is not allowed here or was done already.
  absl::StatusOr<store::OperationRecord> ResendOrKeep(const store::OperationRecord& record,
                                                      providers::Provider& adapter,
                                                      const providers::CancelCommand& command,
                                                      const providers::ProviderResult& result,
                                                      absl::Time deadline, Resend resend);
  absl::Time ProviderDeadline(absl::Time rpc_deadline) const;
  // Records a change and tells the watchers.
  absl::StatusOr<store::OperationRecord> Record(const store::TransitionRequest& transition);

  store::Store& store_;
  const ProviderAccounts& accounts_;
  const Clock& clock_;
  EngineOptions options_;
  OperationWatchers watchers_;
  InflightKeys inflight_keys_;
  absl::BitGen bitgen_;  // jitter; only the poller thread uses it
};

}  // namespace cancela::core
