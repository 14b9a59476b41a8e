#pragma once
// The store for several replicas: one PostgreSQL database shared by every cancela process.
// Per-sale serialization is a row lock on the sale's ledger row (SELECT … FOR UPDATE, the row
// inserted first if absent), taken inside the store's short transactions and never across a
// provider call. Due checks are claimed with FOR UPDATE SKIP LOCKED. Leases and claims are judged
// on the database's clock (database_clock.h, docs/adr/0009). The cap is also a CHECK constraint.

#include <memory>

#include "service/store/postgres_pool.h"
#include "service/store/store.h"

namespace cancela::store {

class PostgresStore final : public Store {
 public:
  // Connects and applies the migrations.
  static absl::StatusOr<std::unique_ptr<PostgresStore>> Open(PostgresOptions options);

  absl::StatusOr<BeginResult> Begin(const BeginRequest& request) override;
  absl::StatusOr<OperationRecord> Transition(const TransitionRequest& request) override;
  absl::StatusOr<bool> RenewLease(const std::string& operation_id, absl::Time until) override;
  absl::StatusOr<OperationRecord> Resubmit(const ResubmitRequest& request) override;
  absl::StatusOr<int> MarkSaleDue(const std::string& provider_account, const std::string& sale_key,
                                  absl::Time now) override;
  absl::StatusOr<std::vector<PendingStats>> CountPending(absl::Time now) override;
  absl::StatusOr<LetterRecord> SaveLetterIfAbsent(const LetterRecord& letter) override;
  absl::StatusOr<std::optional<LetterRecord>> FindLetter(const std::string& operation_id,
                                                         v1::LetterLanguage language) override;
  absl::StatusOr<OperationRecord> Get(const std::string& tenant,
                                      const std::string& operation_id) override;
  absl::StatusOr<std::optional<OperationRecord>> FindByIdempotencyKey(
      const std::string& tenant, const std::string& idempotency_key) override;
  absl::StatusOr<SaleLedger> GetSaleLedger(const std::string& provider_account,
                                           const std::string& sale_key) override;
  absl::StatusOr<std::vector<OperationRecord>> ListUnresolved(absl::Time now, int limit) override;
  absl::StatusOr<std::vector<OperationRecord>> ClaimDueChecks(absl::Time now,
                                                              absl::Duration lease,
                                                              int limit) override;
  absl::Status ScheduleNextCheck(const std::string& operation_id, absl::Time next_check,
                                 int check_count, bool gave_up) override;
  absl::StatusOr<std::vector<OperationRecord>> ListOperations(
      const ListFilter& filter, const std::optional<ListCursor>& after, int limit) override;
  absl::Status AppendAudit(const AuditRecord& record) override;
  absl::StatusOr<std::vector<AuditRecord>> ListAudit(const std::string& tenant,
                                                     int limit) override;
  absl::Status Ping() override;

 private:
  explicit PostgresStore(std::unique_ptr<PostgresPool> pool) : pool_(std::move(pool)) {}

  std::unique_ptr<PostgresPool> pool_;
};

}  // namespace cancela::store
