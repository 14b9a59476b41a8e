#pragma once
// The embedded store: one SQLite file in WAL mode with synchronous=FULL (a commit survives power
// loss), every write in a BEGIN IMMEDIATE transaction (writers serialize at the start, so the
// per-sale checks and the reservation happen as one unit). Safe for several threads and for
// several processes sharing the file.

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "service/store/store.h"

struct sqlite3;

namespace cancela::store {

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) and migrates the database at `path`.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore() override;

  absl::StatusOr<BeginResult> Begin(const BeginRequest& request) override;
  absl::StatusOr<OperationRecord> Transition(const TransitionRequest& request) override;
  absl::StatusOr<OperationRecord> Resubmit(const ResubmitRequest& request) override;
  absl::StatusOr<std::vector<PendingStats>> CountPending(absl::Time now) override;
  absl::StatusOr<int> MarkSaleDue(const std::string& provider_account, const std::string& sale_key,
                                  absl::Time now) override;
  absl::StatusOr<bool> RenewLease(const std::string& operation_id, absl::Time until) override;
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
  absl::StatusOr<LetterRecord> SaveLetterIfAbsent(const LetterRecord& letter) override;
  absl::StatusOr<std::optional<LetterRecord>> FindLetter(const std::string& operation_id,
                                                         v1::LetterLanguage language) override;
  absl::Status AppendAudit(const AuditRecord& record) override;
  absl::StatusOr<std::vector<AuditRecord>> ListAudit(const std::string& tenant,
                                                     int limit) override;
  absl::Status Ping() override;

 private:
  explicit SqliteStore(sqlite3* db) : db_(db) {}

  absl::Mutex mu_;
  sqlite3* db_;
};

}  // namespace cancela::store
