#pragma once
// The operation lifecycle: validate against the live sale, record durably and idempotently,
// call the provider once, record the outcome, and resolve pending or unknown outcomes by asking
// the provider. Transport-agnostic: tests drive it without a server.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "service/core/cancel_request.h"
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

  // Every recorded change of an operation is published here (WatchStatus subscribes).
  OperationWatchers& watchers() { return watchers_; }

  // Reconciles every unresolved operation once (after a restart, or periodically).
  // Returns how many changed status.
  int ReconcileUnresolved(absl::Time deadline, int limit = 500);

 private:
  absl::StatusOr<store::OperationRecord> Execute(const store::OperationRecord& record,
                                                 providers::Provider& adapter,
                                                 const providers::CancelCommand& command,
                                                 absl::Time deadline);
  // Asks the provider about a pending operation and records what changed.
  absl::StatusOr<store::OperationRecord> Reconcile(store::OperationRecord record,
                                                   absl::Time deadline);
  absl::Time ProviderDeadline(absl::Time rpc_deadline) const;
  // Records a change and tells the watchers.
  absl::StatusOr<store::OperationRecord> Record(const store::TransitionRequest& transition);

  store::Store& store_;
  const ProviderAccounts& accounts_;
  const Clock& clock_;
  EngineOptions options_;
  OperationWatchers watchers_;
};

}  // namespace cancela::core
