#include "service/store/sqlite_store.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "service/store/answer_audit.h"
#include "service/store/record_json.h"
#include "service/store/sqlite_migrations.h"
#include "service/store/sqlite_reader_pool.h"
#include "service/store/sqlite_statement.h"

namespace cancela::store {
namespace {

constexpr char kOperationColumns[] =
    "operation_id, tenant, idempotency_key, fingerprint, kind, provider_account, provider, "
    "sale_key, sale_reference, total, amount, currency, reason, metadata, status, "
    "pending_detail, failure_reason, failure_message, echo, sale_amount, cancelled_before, "
    "create_time, update_time, lease_until, next_check_time, check_count, gave_up, attempt_count, "
    "attempt_time";

OperationRecord ReadOperation(const Statement& s) {
  OperationRecord r;
  r.operation_id = s.Text(0);
  r.tenant = s.Text(1);
  r.idempotency_key = s.Text(2);
  r.fingerprint = s.Text(3);
  r.kind = static_cast<v1::OperationKind>(s.Int(4));
  r.provider_account = s.Text(5);
  r.provider = s.Text(6);
  r.sale_key = s.Text(7);
  r.sale_reference = s.Text(8);
  r.total = s.Int(9) != 0;
  r.amount_minor_units = s.Int(10);
  r.currency = s.Text(11);
  r.reason = s.Text(12);
  r.metadata = MetadataFromJson(s.Text(13));
  r.status = static_cast<v1::OperationStatus>(s.Int(14));
  r.pending_detail = static_cast<v1::PendingDetail>(s.Int(15));
  r.failure_reason = static_cast<v1::FailureReason>(s.Int(16));
  r.failure_message = s.Text(17);
  r.echo = EchoFromJson(s.Text(18));
  r.sale_amount_minor_units = s.Int(19);
  r.provider_cancelled_before_minor_units = s.Int(20);
  r.create_time = s.Time(21);
  r.update_time = s.Time(22);
  r.lease_until = s.Time(23);
  r.next_check_time = s.Time(24);
  r.check_count = static_cast<int>(s.Int(25));
  r.gave_up = s.Int(26) != 0;
  r.attempt_count = static_cast<int>(s.Int(27));
  r.attempt_time = s.Time(28);
  return r;
}

absl::Status StatusOf(const absl::Status& status) { return status; }
template <typename T>
absl::Status StatusOf(const absl::StatusOr<T>& result) {
  return result.status();
}

// Runs `body(db)` as one write of the writer's next batch and returns its result once that batch
// committed (or the batch's failure).
template <typename Body>
auto Batched(SqliteGroupWriter& writer, Body body) -> decltype(body(nullptr)) {
  std::optional<decltype(body(nullptr))> result;
  const absl::Status status = writer.Run([&](sqlite3* db) {
    result.emplace(body(db));
    return StatusOf(*result);
  });
  if (!status.ok()) return status;
  return *std::move(result);
}

// The SQL of LoadOperation's first statement, built once.
const std::string& SelectOperationSql() {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT ", kOperationColumns, " FROM operations WHERE operation_id = ?"));
  return *sql;
}

// The operation with its history; `last_seq`, when given, is set to its newest history entry's
// sequence number (the next entry takes the one after it).
absl::StatusOr<std::optional<OperationRecord>> LoadOperation(sqlite3* db, const std::string& id,
                                                             int64_t* last_seq = nullptr) {
  auto stmt = Statement::Prepare(db, SelectOperationSql().c_str());
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, id);
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<OperationRecord>();
  OperationRecord record = ReadOperation(*stmt);
  auto history = Statement::Prepare(
      db, "SELECT status, pending_detail, time, note, seq FROM operation_history "
          "WHERE operation_id = ? ORDER BY seq");
  if (!history.ok()) return history.status();
  history->Bind(1, id);
  if (last_seq != nullptr) *last_seq = 0;
  for (;;) {
    auto h = history->Step();
    if (!h.ok()) return h.status();
    if (!*h) break;
    StatusChange change;
    change.status = static_cast<v1::OperationStatus>(history->Int(0));
    change.pending_detail = static_cast<v1::PendingDetail>(history->Int(1));
    change.time = history->Time(2);
    change.note = history->Text(3);
    if (last_seq != nullptr) *last_seq = history->Int(4);
    record.history.push_back(std::move(change));
  }
  return std::optional<OperationRecord>(std::move(record));
}

// The operations whose ids `ids_query` selects (first column), in its order.
absl::StatusOr<std::vector<OperationRecord>> LoadAll(sqlite3* db, Statement& ids_query) {
  std::vector<std::string> ids;
  for (;;) {
    auto row = ids_query.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ids.push_back(ids_query.Text(0));
  }
  std::vector<OperationRecord> out;
  out.reserve(ids.size());
  for (const std::string& id : ids) {
    auto loaded = LoadOperation(db, id);
    if (!loaded.ok()) return loaded.status();
    if (loaded->has_value()) out.push_back(**std::move(loaded));
  }
  return out;
}

absl::StatusOr<std::optional<SaleLedger>> LoadLedger(sqlite3* db, const std::string& account,
                                                     const std::string& sale_key) {
  auto stmt = Statement::Prepare(
      db, "SELECT sale_amount, succeeded, reserved, partial_count, last_cancel_time FROM sales "
          "WHERE provider_account = ? AND sale_key = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, account).Bind(2, sale_key);
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<SaleLedger>();
  SaleLedger ledger;
  ledger.sale_amount_minor_units = stmt->Int(0);
  ledger.succeeded_minor_units = stmt->Int(1);
  ledger.reserved_minor_units = stmt->Int(2);
  ledger.partial_count = static_cast<int>(stmt->Int(3));
  ledger.last_cancel_time = stmt->Time(4);
  return std::optional<SaleLedger>(ledger);
}

// `seq` is the entry's place in the operation's history, one after the newest the caller loaded
// in this transaction (writes are serialized, so nobody else adds one meanwhile).
absl::Status AppendHistory(sqlite3* db, const std::string& id, int64_t seq,
                           v1::OperationStatus status, v1::PendingDetail detail, absl::Time time,
                           const std::string& note) {
  auto stmt = Statement::Prepare(
      db, "INSERT INTO operation_history (operation_id, seq, status, pending_detail, time, note) "
          "VALUES (?, ?, ?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.status();
  return stmt->Bind(1, id)
      .Bind(2, seq)
      .Bind(3, static_cast<int64_t>(status))
      .Bind(4, static_cast<int64_t>(detail))
      .BindTime(5, time)
      .Bind(6, note)
      .Run();
}

absl::Status Audit(sqlite3* db, absl::Time time, const std::string& tenant, const std::string& actor,
                   const std::string& operation_id, const std::string& action, int64_t amount,
                   const std::string& result) {
  auto stmt = Statement::Prepare(
      db, "INSERT INTO audit_log (time, tenant, actor, operation_id, action, amount, result) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.status();
  return stmt->BindTime(1, time)
      .Bind(2, tenant)
      .Bind(3, actor)
      .Bind(4, operation_id)
      .Bind(5, action)
      .Bind(6, amount)
      .Bind(7, result)
      .Run();
}

absl::Status Audit(sqlite3* db, const AuditRecord& row) {
  return Audit(db, row.time, row.tenant, row.actor, row.operation_id, row.action,
               row.amount_minor_units, row.result);
}

absl::Status NotFound() {
  return MakeError(absl::StatusCode::kNotFound, v1::OPERATION_NOT_FOUND, "no such operation");
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  SqliteOptions options;
  options.path = path;
  return Open(std::move(options));
}

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(SqliteOptions options) {
  // Reads run on their own connections: an in-memory or temporary database would be a different,
  // empty one for each of them.
  if (options.path.empty() || options.path == ":memory:" ||
      options.path.find("mode=memory") != std::string::npos) {
    return absl::InvalidArgumentError("store.sqlite_path: must name a file");
  }
  // SQLite's allocation statistics take a process-wide mutex around every allocation, and
  // nothing here reads them. Settable only before SQLite initializes; later calls change nothing.
  static const bool no_memory_statistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  (void)no_memory_statistics;
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(options.path.c_str(), &db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    absl::Status error = SqliteError(db, rc, absl::StrCat("open ", options.path));
    sqlite3_close(db);
    return error;
  }
  // The writer's short-lived allocations (bound values, records being built) come from a
  // per-connection pool instead of malloc; the default pool is too small for a batch's writes.
  sqlite3_db_config(db, SQLITE_DBCONFIG_LOOKASIDE, nullptr, 1200, 512);
  // Another process holding the write lock makes us wait, not fail.
  sqlite3_busy_timeout(db, 5000);
  absl::Status ready = absl::OkStatus();
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                             "PRAGMA foreign_keys=ON"}) {
    if (ready.ok()) ready = Exec(db, pragma);
  }
  if (ready.ok()) ready = MigrateSqlite(db);
  if (!ready.ok()) {
    sqlite3_close(db);
    return ready;
  }
  // Readers open after the migrations, so they find the file in WAL mode with its schema.
  auto readers = SqliteReaderPool::Open(options.path, options.read_connections);
  if (!readers.ok()) {
    sqlite3_close(db);
    return readers.status();
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore());
  store->readers_ = *std::move(readers);
  store->writer_ = std::make_unique<SqliteGroupWriter>(db, options.max_batch,
                                                       std::move(options.commit_veto));
  return store;
}

SqliteStore::~SqliteStore() = default;

SqliteBatchStats SqliteStore::BatchStats() const { return writer_->Stats(); }

int SqliteStore::QueuedWrites() const { return writer_->Queued(); }

int SqliteStore::ApplyingWrites() const { return writer_->Applying(); }

absl::StatusOr<BeginResult> SqliteStore::Begin(const BeginRequest& request) {
  const OperationRecord& op = request.operation;
  return Batched(*writer_, [&](sqlite3* db) -> absl::StatusOr<BeginResult> {
    // 1. The key.
    auto key = Statement::Prepare(
        db, "SELECT operation_id FROM idempotency_keys WHERE tenant = ? AND idempotency_key = ?");
    if (!key.ok()) return key.status();
    key->Bind(1, op.tenant).Bind(2, op.idempotency_key);
    auto key_row = key->Step();
    if (!key_row.ok()) return key_row.status();
    if (*key_row) {
      auto existing = LoadOperation(db, key->Text(0));
      if (!existing.ok()) return existing.status();
      if (!existing->has_value()) return NotFound();
      OperationRecord& stored = **existing;
      if (stored.fingerprint != op.fingerprint) {
        return MakeError(absl::StatusCode::kInvalidArgument, v1::IDEMPOTENCY_KEY_REUSED,
                         "this idempotency key was used before with a different request");
      }
      if (stored.status == v1::OPERATION_STATUS_PENDING &&
          stored.pending_detail == v1::PENDING_DETAIL_SUBMITTING && stored.lease_until > request.now) {
        return MakeError(absl::StatusCode::kAborted, v1::IDEMPOTENCY_KEY_IN_USE,
                         "a request with this idempotency key is being executed");
      }
      auto ledger = LoadLedger(db, stored.provider_account, stored.sale_key);
      if (!ledger.ok()) return ledger.status();
      return BeginResult{BeginOutcome::kReplay, std::move(stored), ledger->value_or(SaleLedger{})};
    }

    // 2. The sale's ledger.
    auto found = LoadLedger(db, op.provider_account, op.sale_key);
    if (!found.ok()) return found.status();
    SaleLedger ledger = found->value_or(SaleLedger{});
    if (!found->has_value()) ledger.sale_amount_minor_units = op.sale_amount_minor_units;

    // 3. Spacing between cancellations of one sale.
    const absl::Duration since = request.now - ledger.last_cancel_time;
    if (request.limits.min_interval_between_cancels > absl::ZeroDuration() &&
        ledger.last_cancel_time != absl::InfinitePast() &&
        since < request.limits.min_interval_between_cancels) {
      return MakeRetryableError(
          absl::StatusCode::kFailedPrecondition, v1::TOO_EARLY,
          "the provider needs a pause between cancellations of the same sale",
          request.limits.min_interval_between_cancels - since, {{"rule", "spacing"}});
    }
    // 4. Partial cancellations the product allows.
    if (!op.total && request.limits.max_partial_cancels &&
        ledger.partial_count >= *request.limits.max_partial_cancels) {
      return MakeError(absl::StatusCode::kFailedPrecondition, v1::PARTIAL_LIMIT_REACHED,
                       "this sale already had the partial cancellations its product allows",
                       {{"maxPartialCancels", absl::StrCat(*request.limits.max_partial_cancels)}});
    }
    // 5. The cap.
    const int64_t remaining = ledger.remaining();
    int64_t amount = op.amount_minor_units;
    if (op.total) {
      amount = op.amount_minor_units > 0 ? std::min(op.amount_minor_units, remaining) : remaining;
    }
    if (remaining <= 0 || amount > remaining || amount <= 0) {
      return MakeError(absl::StatusCode::kFailedPrecondition, v1::REFUND_EXCEEDS_BALANCE,
                       "the amount is above what remains of the sale",
                       {{"remainingMinorUnits", absl::StrCat(std::max<int64_t>(0, remaining))}});
    }

    // 6. Record everything.
    OperationRecord created = op;
    created.amount_minor_units = amount;
    created.status = v1::OPERATION_STATUS_PENDING;
    created.pending_detail = v1::PENDING_DETAIL_SUBMITTING;
    created.create_time = request.now;
    created.update_time = request.now;
    created.lease_until = request.now + request.lease;
    created.attempt_count = 1;
    created.attempt_time = request.now;
    const std::string note = "accepted; calling the provider";
    created.history = {StatusChange{created.status, created.pending_detail, request.now, note}};

    auto upsert = Statement::Prepare(
        db, "INSERT INTO sales (provider_account, sale_key, sale_amount, succeeded, reserved, "
             "partial_count, last_cancel_time) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6) "
             "ON CONFLICT (provider_account, sale_key) DO UPDATE SET reserved = reserved + ?4, "
             "partial_count = partial_count + ?5, last_cancel_time = ?6");
    if (!upsert.ok()) return upsert.status();
    if (auto s = upsert->Bind(1, op.provider_account)
                     .Bind(2, op.sale_key)
                     .Bind(3, ledger.sale_amount_minor_units)
                     .Bind(4, amount)
                     .Bind(5, int64_t{op.total ? 0 : 1})
                     .BindTime(6, request.now)
                     .Run();
        !s.ok()) {
      return s;
    }
    static const std::string* insert_sql = new std::string(
        absl::StrCat("INSERT INTO operations (", kOperationColumns,
                     ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    auto insert = Statement::Prepare(db, insert_sql->c_str());
    if (!insert.ok()) return insert.status();
    insert->Bind(1, created.operation_id)
        .Bind(2, created.tenant)
        .Bind(3, created.idempotency_key)
        .Bind(4, created.fingerprint)
        .Bind(5, static_cast<int64_t>(created.kind))
        .Bind(6, created.provider_account)
        .Bind(7, created.provider)
        .Bind(8, created.sale_key)
        .BindBlob(9, created.sale_reference)
        .Bind(10, int64_t{created.total ? 1 : 0})
        .Bind(11, created.amount_minor_units)
        .Bind(12, created.currency)
        .Bind(13, created.reason)
        .Bind(14, MetadataToJson(created.metadata))
        .Bind(15, static_cast<int64_t>(created.status))
        .Bind(16, static_cast<int64_t>(created.pending_detail))
        .Bind(17, static_cast<int64_t>(created.failure_reason))
        .Bind(18, created.failure_message)
        .Bind(19, EchoToJson(created.echo))
        .Bind(20, created.sale_amount_minor_units)
        .Bind(21, created.provider_cancelled_before_minor_units)
        .BindTime(22, created.create_time)
        .BindTime(23, created.update_time)
        .BindTime(24, created.lease_until)
        .BindTime(25, created.next_check_time)
        .Bind(26, int64_t{0})
        .Bind(27, int64_t{0})
        .Bind(28, int64_t{1})
        .BindTime(29, request.now);
    if (auto s = insert->Run(); !s.ok()) return s;
    auto key_insert = Statement::Prepare(
        db, "INSERT INTO idempotency_keys (tenant, idempotency_key, fingerprint, operation_id, "
             "created_at) VALUES (?, ?, ?, ?, ?)");
    if (!key_insert.ok()) return key_insert.status();
    if (auto s = key_insert->Bind(1, created.tenant)
                     .Bind(2, created.idempotency_key)
                     .Bind(3, created.fingerprint)
                     .Bind(4, created.operation_id)
                     .BindTime(5, request.now)
                     .Run();
        !s.ok()) {
      return s;
    }
    if (auto s = AppendHistory(db, created.operation_id, 1, created.status,
                               created.pending_detail, request.now, note);
        !s.ok()) {
      return s;
    }
    if (auto s = Audit(db, request.now, created.tenant, request.actor, created.operation_id,
                       created.kind == v1::OPERATION_KIND_VOID ? "void.accepted" : "refund.accepted",
                       amount, "PENDING");
        !s.ok()) {
      return s;
    }
    ledger.reserved_minor_units += amount;
    if (!op.total) ++ledger.partial_count;
    ledger.last_cancel_time = request.now;
    return BeginResult{BeginOutcome::kCreated, std::move(created), ledger};
  });
}

absl::StatusOr<OperationRecord> SqliteStore::Transition(const TransitionRequest& request) {
  return Batched(*writer_, [&](sqlite3* db) -> absl::StatusOr<OperationRecord> {
    int64_t last_seq = 0;
    auto loaded = LoadOperation(db, request.operation_id, &last_seq);
    if (!loaded.ok()) return loaded.status();
    if (!loaded->has_value()) return NotFound();
    OperationRecord record = **std::move(loaded);
    if (record.status != v1::OPERATION_STATUS_PENDING) {  // final: exactly once
      if (request.answer) {
        if (auto s = Audit(db, AnsweredRow(*request.answer, record, request.now)); !s.ok()) return s;
      }
      return record;
    }

    const bool succeeded = request.status == v1::OPERATION_STATUS_SUCCEEDED;
    const bool failed = request.status == v1::OPERATION_STATUS_FAILED;
    if (succeeded || failed) {
      auto ledger = Statement::Prepare(
          db, "UPDATE sales SET reserved = reserved - ?1, succeeded = succeeded + ?2, "
               "partial_count = partial_count - ?3 WHERE provider_account = ?4 AND sale_key = ?5");
      if (!ledger.ok()) return ledger.status();
      if (auto s = ledger->Bind(1, record.amount_minor_units)
                       .Bind(2, succeeded ? record.amount_minor_units : int64_t{0})
                       .Bind(3, int64_t{failed && !record.total ? 1 : 0})
                       .Bind(4, record.provider_account)
                       .Bind(5, record.sale_key)
                       .Run();
          !s.ok()) {
        return s;
      }
    }
    record.status = request.status;
    record.pending_detail = succeeded || failed ? v1::PENDING_DETAIL_UNSPECIFIED
                                                : request.pending_detail;
    if (failed) {
      record.failure_reason = request.failure_reason;
      record.failure_message = request.failure_message;
    }
    if (request.echo) record.echo = *request.echo;
    record.update_time = request.now;
    record.lease_until = absl::InfinitePast();

    auto update = Statement::Prepare(
        db, "UPDATE operations SET status = ?, pending_detail = ?, failure_reason = ?, "
             "failure_message = ?, echo = ?, update_time = ?, lease_until = ? "
             "WHERE operation_id = ?");
    if (!update.ok()) return update.status();
    if (auto s = update->Bind(1, static_cast<int64_t>(record.status))
                     .Bind(2, static_cast<int64_t>(record.pending_detail))
                     .Bind(3, static_cast<int64_t>(record.failure_reason))
                     .Bind(4, record.failure_message)
                     .Bind(5, EchoToJson(record.echo))
                     .BindTime(6, record.update_time)
                     .BindTime(7, record.lease_until)
                     .Bind(8, record.operation_id)
                     .Run();
        !s.ok()) {
      return s;
    }
    if (auto s = AppendHistory(db, record.operation_id, last_seq + 1, record.status,
                               record.pending_detail, request.now, request.note);
        !s.ok()) {
      return s;
    }
    record.history.push_back(
        StatusChange{record.status, record.pending_detail, request.now, request.note});
    const std::string result = succeeded ? "SUCCEEDED"
                               : failed  ? absl::StrCat("FAILED:", v1::FailureReason_Name(record.failure_reason))
                                         : absl::StrCat("PENDING:", v1::PendingDetail_Name(record.pending_detail));
    if (auto s = Audit(db, request.now, record.tenant, "cancela", record.operation_id,
                       "outcome", record.amount_minor_units, result);
        !s.ok()) {
      return s;
    }
    if (request.answer) {
      if (auto s = Audit(db, AnsweredRow(*request.answer, record, request.now)); !s.ok()) return s;
    }
    return record;
  });
}

absl::StatusOr<OperationRecord> SqliteStore::Resubmit(const ResubmitRequest& request) {
  return Batched(*writer_, [&](sqlite3* db) -> absl::StatusOr<OperationRecord> {
    int64_t last_seq = 0;
    auto loaded = LoadOperation(db, request.operation_id, &last_seq);
    if (!loaded.ok()) return loaded.status();
    if (!loaded->has_value()) return NotFound();
    OperationRecord record = **std::move(loaded);
    if (record.status != v1::OPERATION_STATUS_PENDING) {
      return absl::FailedPreconditionError("the operation is final; it is never sent again");
    }
    const bool owned = record.pending_detail == v1::PENDING_DETAIL_SUBMITTING &&
                       record.lease_until > request.now;
    if (owned || record.attempt_count != request.expected_attempt_count) {
      return MakeError(absl::StatusCode::kAborted, v1::IDEMPOTENCY_KEY_IN_USE,
                       "another attempt of this operation was taken first");
    }
    record.pending_detail = v1::PENDING_DETAIL_SUBMITTING;
    record.lease_until = request.now + request.lease;
    record.attempt_count += 1;
    record.attempt_time = request.now;
    record.provider_cancelled_before_minor_units = request.cancelled_before_minor_units;
    record.update_time = request.now;
    auto update = Statement::Prepare(
        db, "UPDATE operations SET pending_detail = ?, lease_until = ?, attempt_count = ?, "
             "attempt_time = ?, cancelled_before = ?, update_time = ? WHERE operation_id = ?");
    if (!update.ok()) return update.status();
    if (auto s = update->Bind(1, static_cast<int64_t>(record.pending_detail))
                     .BindTime(2, record.lease_until)
                     .Bind(3, int64_t{record.attempt_count})
                     .BindTime(4, record.attempt_time)
                     .Bind(5, record.provider_cancelled_before_minor_units)
                     .BindTime(6, record.update_time)
                     .Bind(7, record.operation_id)
                     .Run();
        !s.ok()) {
      return s;
    }
    if (auto s = AppendHistory(db, record.operation_id, last_seq + 1, record.status,
                               record.pending_detail, request.now, request.note);
        !s.ok()) {
      return s;
    }
    record.history.push_back(
        StatusChange{record.status, record.pending_detail, request.now, request.note});
    if (auto s = Audit(db, request.now, record.tenant, "cancela", record.operation_id,
                       record.kind == v1::OPERATION_KIND_VOID ? "void.resent" : "refund.resent",
                       record.amount_minor_units, "PENDING");
        !s.ok()) {
      return s;
    }
    return record;
  });
}

absl::StatusOr<int> SqliteStore::MarkSaleDue(const std::string& provider_account,
                                             const std::string& sale_key, absl::Time now) {
  return Batched(*writer_, [&](sqlite3* db) -> absl::StatusOr<int> {
    auto stmt = Statement::Prepare(
        db, "UPDATE operations SET next_check_time = MIN(next_check_time, ?1) "
             "WHERE provider_account = ?2 AND sale_key = ?3 AND status = ?4 AND gave_up = 0");
    if (!stmt.ok()) return stmt.status();
    if (auto s = stmt->BindTime(1, now)
                     .Bind(2, provider_account)
                     .Bind(3, sale_key)
                     .Bind(4, static_cast<int64_t>(v1::OPERATION_STATUS_PENDING))
                     .Run();
        !s.ok()) {
      return s;
    }
    return sqlite3_changes(db);
  });
}

absl::StatusOr<std::vector<PendingStats>> SqliteStore::CountPending(absl::Time now) {
  return readers_->Read([&](sqlite3* db) -> absl::StatusOr<std::vector<PendingStats>> {
    auto stmt = Statement::Prepare(
        db, "SELECT provider, SUM(create_time > ?1), SUM(create_time <= ?1 AND create_time > ?2), "
             "SUM(create_time <= ?2 AND create_time > ?3), SUM(create_time <= ?3 AND create_time > ?4), "
             "SUM(create_time <= ?4), MIN(create_time) FROM operations WHERE status = ?5 "
             "GROUP BY provider ORDER BY provider");
    if (!stmt.ok()) return stmt.status();
    stmt->BindTime(1, now - absl::Minutes(1))
        .BindTime(2, now - absl::Hours(1))
        .BindTime(3, now - absl::Hours(24))
        .BindTime(4, now - absl::Hours(72))
        .Bind(5, static_cast<int64_t>(v1::OPERATION_STATUS_PENDING));
    std::vector<PendingStats> out;
    for (;;) {
      auto row = stmt->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      PendingStats stats;
      stats.provider = stmt->Text(0);
      for (int i = 0; i < PendingStats::kBuckets; ++i) stats.count_by_age[i] = stmt->Int(1 + i);
      stats.oldest_create_time = stmt->Time(6);
      out.push_back(std::move(stats));
    }
    return out;
  });
}

absl::StatusOr<bool> SqliteStore::RenewLease(const std::string& operation_id, absl::Time until) {
  return Batched(*writer_, [&](sqlite3* db) -> absl::StatusOr<bool> {
    auto stmt = Statement::Prepare(
        db, "UPDATE operations SET lease_until = ? WHERE operation_id = ? AND status = ? "
             "AND pending_detail = ?");
    if (!stmt.ok()) return stmt.status();
    if (auto s = stmt->BindTime(1, until)
                     .Bind(2, operation_id)
                     .Bind(3, static_cast<int64_t>(v1::OPERATION_STATUS_PENDING))
                     .Bind(4, static_cast<int64_t>(v1::PENDING_DETAIL_SUBMITTING))
                     .Run();
        !s.ok()) {
      return s;
    }
    return sqlite3_changes(db) > 0;
  });
}

absl::StatusOr<OperationRecord> SqliteStore::Get(const std::string& tenant,
                                                 const std::string& operation_id) {
  return readers_->Read([&](sqlite3* db) -> absl::StatusOr<OperationRecord> {
    auto loaded = LoadOperation(db, operation_id);
    if (!loaded.ok()) return loaded.status();
    // Another tenant's operation is indistinguishable from a missing one.
    if (!loaded->has_value() || (*loaded)->tenant != tenant) return NotFound();
    return **loaded;
  });
}

absl::StatusOr<std::optional<OperationRecord>> SqliteStore::FindByIdempotencyKey(
    const std::string& tenant, const std::string& idempotency_key) {
  return readers_->Read([&](sqlite3* db) -> absl::StatusOr<std::optional<OperationRecord>> {
    auto key = Statement::Prepare(
        db, "SELECT operation_id FROM idempotency_keys WHERE tenant = ? AND idempotency_key = ?");
    if (!key.ok()) return key.status();
    key->Bind(1, tenant).Bind(2, idempotency_key);
    auto row = key->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<OperationRecord>();
    return LoadOperation(db, key->Text(0));
  });
}

absl::StatusOr<SaleLedger> SqliteStore::GetSaleLedger(const std::string& provider_account,
                                                      const std::string& sale_key) {
  return readers_->Read([&](sqlite3* db) -> absl::StatusOr<SaleLedger> {
    auto ledger = LoadLedger(db, provider_account, sale_key);
    if (!ledger.ok()) return ledger.status();
    return ledger->value_or(SaleLedger{});
  });
}

absl::StatusOr<std::vector<OperationRecord>> SqliteStore::ListUnresolved(absl::Time now,
                                                                         int limit) {
  return readers_->Read([&](sqlite3* db) -> absl::StatusOr<std::vector<OperationRecord>> {
    auto stmt = Statement::Prepare(
        db, "SELECT operation_id FROM operations WHERE status = ? AND "
             "(pending_detail != ? OR lease_until <= ?) ORDER BY create_time LIMIT ?");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, static_cast<int64_t>(v1::OPERATION_STATUS_PENDING))
        .Bind(2, static_cast<int64_t>(v1::PENDING_DETAIL_SUBMITTING))
        .BindTime(3, now)
        .Bind(4, static_cast<int64_t>(limit));
    return LoadAll(db, *stmt);
  });
}

absl::StatusOr<std::vector<OperationRecord>> SqliteStore::ClaimDueChecks(absl::Time now,
                                                                         absl::Duration lease,
                                                                         int limit) {
  return Batched(*writer_, [&](sqlite3* db) -> absl::StatusOr<std::vector<OperationRecord>> {
    auto due = Statement::Prepare(
        db, "SELECT operation_id FROM operations WHERE status = ?1 AND gave_up = 0 "
             "AND next_check_time <= ?2 AND check_claimed_until <= ?2 "
             "AND (pending_detail != ?3 OR lease_until <= ?2) "
             "ORDER BY next_check_time, create_time LIMIT ?4");
    if (!due.ok()) return due.status();
    due->Bind(1, static_cast<int64_t>(v1::OPERATION_STATUS_PENDING))
        .BindTime(2, now)
        .Bind(3, static_cast<int64_t>(v1::PENDING_DETAIL_SUBMITTING))
        .Bind(4, static_cast<int64_t>(limit));
    auto claimed = LoadAll(db, *due);
    if (!claimed.ok()) return claimed.status();
    for (const OperationRecord& record : *claimed) {
      auto mark = Statement::Prepare(
          db, "UPDATE operations SET check_claimed_until = ? WHERE operation_id = ?");
      if (!mark.ok()) return mark.status();
      if (auto s = mark->BindTime(1, now + lease).Bind(2, record.operation_id).Run(); !s.ok()) {
        return s;
      }
    }
    return claimed;
  });
}

absl::Status SqliteStore::ScheduleNextCheck(const std::string& operation_id,
                                            absl::Time next_check, int check_count, bool gave_up) {
  return Batched(*writer_, [&](sqlite3* db) -> absl::Status {
    auto stmt = Statement::Prepare(
        db, "UPDATE operations SET next_check_time = ?, check_count = ?, gave_up = ?, "
             "check_claimed_until = ? WHERE operation_id = ?");
    if (!stmt.ok()) return stmt.status();
    return stmt->BindTime(1, next_check)
        .Bind(2, static_cast<int64_t>(check_count))
        .Bind(3, int64_t{gave_up ? 1 : 0})
        .BindTime(4, absl::InfinitePast())
        .Bind(5, operation_id)
        .Run();
  });
}

absl::StatusOr<std::vector<OperationRecord>> SqliteStore::ListOperations(
    const ListFilter& filter, const std::optional<ListCursor>& after, int limit) {
  return readers_->Read([&](sqlite3* db) -> absl::StatusOr<std::vector<OperationRecord>> {
    // Every condition is present and switched off by a NULL parameter, so one statement serves
    // every combination of filters.
    std::string sql =
        "SELECT operation_id FROM operations WHERE tenant = ?1 "
        "AND (?2 IS NULL OR provider_account = ?2) "
        "AND (?3 IS NULL OR (provider = ?3 AND sale_key = ?4)) "
        "AND create_time >= ?5 AND create_time < ?6 "
        "AND (?7 IS NULL OR create_time < ?7 OR (create_time = ?7 AND operation_id < ?8)) ";
    if (!filter.statuses.empty()) {
      sql += "AND status IN (";
      for (size_t i = 0; i < filter.statuses.size(); ++i) {
        absl::StrAppend(&sql, i == 0 ? "" : ",", static_cast<int>(filter.statuses[i]));
      }
      sql += ") ";
    }
    sql += "ORDER BY create_time DESC, operation_id DESC LIMIT ?9";
    auto stmt = Statement::Prepare(db, sql.c_str());
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, filter.tenant);
    if (!filter.provider_account.empty()) stmt->Bind(2, filter.provider_account);
    if (!filter.sale_key.empty()) stmt->Bind(3, filter.provider).Bind(4, filter.sale_key);
    stmt->BindTime(5, filter.create_time_start).BindTime(6, filter.create_time_end);
    if (after) stmt->BindTime(7, after->create_time).Bind(8, after->operation_id);
    stmt->Bind(9, static_cast<int64_t>(limit));
    return LoadAll(db, *stmt);
  });
}

namespace {

constexpr char kLetterColumns[] =
    "operation_id, language, source, content_type, file_name, content, verification_hash, "
    "create_time";

absl::StatusOr<std::optional<LetterRecord>> LoadLetter(sqlite3* db, const std::string& id,
                                                       v1::LetterLanguage language) {
  auto stmt = Statement::Prepare(
      db, absl::StrCat("SELECT ", kLetterColumns,
                       " FROM letters WHERE operation_id = ? AND language = ?")
              .c_str());
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, id).Bind(2, static_cast<int64_t>(language));
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<LetterRecord>();
  LetterRecord letter;
  letter.operation_id = stmt->Text(0);
  letter.language = static_cast<v1::LetterLanguage>(stmt->Int(1));
  letter.source = static_cast<v1::LetterSource>(stmt->Int(2));
  letter.content_type = stmt->Text(3);
  letter.file_name = stmt->Text(4);
  letter.content = stmt->Text(5);
  letter.verification_hash = stmt->Text(6);
  letter.create_time = stmt->Time(7);
  return std::optional<LetterRecord>(std::move(letter));
}

}  // namespace

absl::StatusOr<LetterRecord> SqliteStore::SaveLetterIfAbsent(const LetterRecord& letter) {
  return Batched(*writer_, [&](sqlite3* db) -> absl::StatusOr<LetterRecord> {
    // Another process sharing the file may have stored it first: its letter wins.
    auto insert = Statement::Prepare(
        db, absl::StrCat("INSERT INTO letters (", kLetterColumns,
                          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                          "ON CONFLICT (operation_id, language) DO NOTHING")
                 .c_str());
    if (!insert.ok()) return insert.status();
    insert->Bind(1, letter.operation_id)
        .Bind(2, static_cast<int64_t>(letter.language))
        .Bind(3, static_cast<int64_t>(letter.source))
        .Bind(4, letter.content_type)
        .Bind(5, letter.file_name)
        .BindBlob(6, letter.content)
        .Bind(7, letter.verification_hash)
        .BindTime(8, letter.create_time);
    if (auto s = insert->Run(); !s.ok()) return s;
    auto stored = LoadLetter(db, letter.operation_id, letter.language);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) {
      return absl::InternalError("letter vanished right after it was stored");
    }
    return **stored;
  });
}

absl::StatusOr<std::optional<LetterRecord>> SqliteStore::FindLetter(
    const std::string& operation_id, v1::LetterLanguage language) {
  return readers_->Read([&](sqlite3* db) -> absl::StatusOr<std::optional<LetterRecord>> {
    return LoadLetter(db, operation_id, language);
  });
}

absl::Status SqliteStore::AppendAudit(const AuditRecord& record) {
  return Batched(*writer_, [&](sqlite3* db) -> absl::Status {
    return Audit(db, record.time, record.tenant, record.actor, record.operation_id, record.action,
                 record.amount_minor_units, record.result);
  });
}

absl::StatusOr<std::vector<AuditRecord>> SqliteStore::ListAudit(const std::string& tenant,
                                                                int limit) {
  return readers_->Read([&](sqlite3* db) -> absl::StatusOr<std::vector<AuditRecord>> {
  auto stmt = Statement::Prepare(
      db, "SELECT time, tenant, actor, operation_id, action, amount, result FROM audit_log "
           "WHERE tenant = ? ORDER BY id LIMIT ?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, tenant).Bind(2, int64_t{limit});
  std::vector<AuditRecord> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    AuditRecord record;
    record.time = stmt->Time(0);
    record.tenant = stmt->Text(1);
    record.actor = stmt->Text(2);
    record.operation_id = stmt->Text(3);
    record.action = stmt->Text(4);
    record.amount_minor_units = stmt->Int(5);
    record.result = stmt->Text(6);
    out.push_back(std::move(record));
  }
  });
}

absl::Status SqliteStore::Ping() {
  return readers_->Read([&](sqlite3* db) -> absl::Status {
    auto stmt = Statement::Prepare(db, "SELECT COUNT(*) FROM schema_migrations");
    if (!stmt.ok()) return stmt.status();
    auto row = stmt->Step();
    return row.ok() ? absl::OkStatus() : row.status();
  });
}

}  // namespace cancela::store
