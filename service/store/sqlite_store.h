#pragma once
// The embedded store: one SQLite file in WAL mode with synchronous=FULL (a commit survives power
// loss). Writes go through group commit (sqlite_group_writer.h): one writer connection applies
// the queued writes in batches, each batch one BEGIN IMMEDIATE transaction with one savepoint per
// write, so the per-sale checks and the reservation of one write happen as one unit and a caller
// is answered only after its batch is durable. Reads use their own connections
// (sqlite_reader_pool.h). Safe for several threads and for several processes sharing the file.

#include <memory>
#include <string>

#include "service/store/sqlite_group_writer.h"
#include "service/store/store.h"

namespace cancela::store {

class SqliteReaderPool;

struct SqliteOptions {
  std::string path;
  // The most writes one transaction carries (store.sqlite.max_batch). Larger batches share one
  // fsync among more callers; each caller waits for its whole batch.
  int max_batch = 256;
  // Connections serving reads beside the writer (store.sqlite.read_connections).
  int read_connections = 4;
  // Tests only: see SqliteGroupWriter::CommitVeto.
  SqliteGroupWriter::CommitVeto commit_veto;
};

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) and migrates the database at `path`.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(SqliteOptions options);
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

  // How group commit has batched the writes so far, how many wait now, how many are being
  // applied.
  SqliteBatchStats BatchStats() const;
  int QueuedWrites() const;
  int ApplyingWrites() const;

 private:
  SqliteStore() = default;

  // Readers are declared first so the writer (which drains its queue) is destroyed before them.
  std::unique_ptr<SqliteReaderPool> readers_;
  std::unique_ptr<SqliteGroupWriter> writer_;
};

}  // namespace cancela::store
