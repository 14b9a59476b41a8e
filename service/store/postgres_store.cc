#include "service/store/postgres_store.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "service/store/answer_audit.h"
#include "service/store/postgres_migrations.h"
#include "service/store/postgres_transaction.h"
#include "service/store/record_json.h"

namespace cancela::store {
namespace {

constexpr char kOperationColumns[] =
    "operation_id, tenant, idempotency_key, fingerprint, kind, provider_account, provider, "
    "sale_key, sale_reference, total, amount, currency, reason, metadata, status, "
    "pending_detail, failure_reason, failure_message, echo, sale_amount, cancelled_before, "
    "create_time, update_time, lease_until, next_check_time, check_count, gave_up, attempt_count, "
    "attempt_time";

constexpr int kPending = v1::OPERATION_STATUS_PENDING;
constexpr int kSubmitting = v1::PENDING_DETAIL_SUBMITTING;

OperationRecord ReadOperation(const PgResult& r, int row, const DatabaseClock& clock) {
  OperationRecord o;
  o.operation_id = r.Text(row, 0);
  o.tenant = r.Text(row, 1);
  o.idempotency_key = r.Text(row, 2);
  o.fingerprint = r.Text(row, 3);
  o.kind = static_cast<v1::OperationKind>(r.Int(row, 4));
  o.provider_account = r.Text(row, 5);
  o.provider = r.Text(row, 6);
  o.sale_key = r.Text(row, 7);
  o.sale_reference = r.Bytes(row, 8);
  o.total = r.Bool(row, 9);
  o.amount_minor_units = r.Int(row, 10);
  o.currency = r.Text(row, 11);
  o.reason = r.Text(row, 12);
  o.metadata = MetadataFromJson(r.Text(row, 13));
  o.status = static_cast<v1::OperationStatus>(r.Int(row, 14));
  o.pending_detail = static_cast<v1::PendingDetail>(r.Int(row, 15));
  o.failure_reason = static_cast<v1::FailureReason>(r.Int(row, 16));
  o.failure_message = r.Text(row, 17);
  o.echo = EchoFromJson(r.Text(row, 18));
  o.sale_amount_minor_units = r.Int(row, 19);
  o.provider_cancelled_before_minor_units = r.Int(row, 20);
  o.create_time = r.Time(row, 21);
  o.update_time = r.Time(row, 22);
  o.lease_until = clock.FromDatabase(r.Time(row, 23));
  o.next_check_time = clock.FromDatabase(r.Time(row, 24));
  o.check_count = static_cast<int>(r.Int(row, 25));
  o.gave_up = r.Bool(row, 26);
  o.attempt_count = static_cast<int>(r.Int(row, 27));
  o.attempt_time = r.Time(row, 28);
  return o;
}

// Appends the operation's history to `record`; `last_seq`, when given, is set to the newest
// entry's sequence number (the next entry takes the one after it).
absl::Status LoadHistory(const PgTransaction& tx, OperationRecord& record,
                         int64_t* last_seq = nullptr) {
  auto history = tx.Exec(
      "SELECT status, pending_detail, time, note, seq FROM operation_history "
      "WHERE operation_id = $1 ORDER BY seq",
      PgParams().Add(record.operation_id));
  if (!history.ok()) return history.status();
  for (int i = 0; i < history->rows(); ++i) {
    record.history.push_back(StatusChange{static_cast<v1::OperationStatus>(history->Int(i, 0)),
                                          static_cast<v1::PendingDetail>(history->Int(i, 1)),
                                          history->Time(i, 2), history->Text(i, 3)});
  }
  if (last_seq != nullptr) {
    *last_seq = history->rows() == 0 ? 0 : history->Int(history->rows() - 1, 4);
  }
  return absl::OkStatus();
}

// The operation with its history.
absl::StatusOr<std::optional<OperationRecord>> LoadOperation(const PgTransaction& tx,
                                                             const std::string& id) {
  static const std::string* sql = new std::string(
      absl::StrCat("SELECT ", kOperationColumns, " FROM operations WHERE operation_id = $1"));
  auto found = tx.Exec(sql->c_str(), PgParams().Add(id));
  if (!found.ok()) return found.status();
  if (found->rows() == 0) return std::optional<OperationRecord>();
  OperationRecord record = ReadOperation(*found, 0, tx.clock);
  if (absl::Status s = LoadHistory(tx, record); !s.ok()) return s;
  return std::optional<OperationRecord>(std::move(record));
}

// The operation with its history, with its sale's row and its own locked until the transaction
// ends, in Begin's order (the sale first, then the operation), in one round trip.
absl::StatusOr<std::optional<OperationRecord>> LockOperation(const PgTransaction& tx,
                                                             const std::string& id,
                                                             int64_t* last_seq) {
  static const std::string* sql = [] {
    std::vector<std::string> columns = absl::StrSplit(kOperationColumns, ", ");
    for (std::string& column : columns) column = absl::StrCat("o.", column);
    // FOR UPDATE OF locks in the order named.
    return new std::string(absl::StrCat(
        "SELECT ", absl::StrJoin(columns, ", "),
        " FROM sales s JOIN operations o ON o.provider_account = s.provider_account "
        "AND o.sale_key = s.sale_key WHERE o.operation_id = $1 FOR UPDATE OF s, o"));
  }();
  auto found = tx.Exec(sql->c_str(), PgParams().Add(id));
  if (!found.ok()) return found.status();
  if (found->rows() == 0) return std::optional<OperationRecord>();
  OperationRecord record = ReadOperation(*found, 0, tx.clock);
  if (absl::Status s = LoadHistory(tx, record, last_seq); !s.ok()) return s;
  return std::optional<OperationRecord>(std::move(record));
}

// The operations whose ids `ids` (first column) holds, in its order.
absl::StatusOr<std::vector<OperationRecord>> LoadAll(const PgTransaction& tx, const PgResult& ids) {
  std::vector<OperationRecord> out;
  out.reserve(static_cast<size_t>(ids.rows()));
  for (int i = 0; i < ids.rows(); ++i) {
    auto loaded = LoadOperation(tx, ids.Text(i, 0));
    if (!loaded.ok()) return loaded.status();
    if (loaded->has_value()) out.push_back(**std::move(loaded));
  }
  return out;
}

// The sale's ledger; `for_update` takes the per-sale lock.
absl::StatusOr<std::optional<SaleLedger>> LoadLedger(const PgTransaction& tx,
                                                     const std::string& account,
                                                     const std::string& sale_key,
                                                     bool for_update = false) {
  const std::string sql = absl::StrCat(
      "SELECT sale_amount, succeeded, reserved, partial_count, last_cancel_time FROM sales "
      "WHERE provider_account = $1 AND sale_key = $2",
      for_update ? " FOR UPDATE" : "");
  auto row = tx.Exec(sql.c_str(), PgParams().Add(account).Add(sale_key));
  if (!row.ok()) return row.status();
  if (row->rows() == 0) return std::optional<SaleLedger>();
  SaleLedger ledger;
  ledger.sale_amount_minor_units = row->Int(0, 0);
  ledger.succeeded_minor_units = row->Int(0, 1);
  ledger.reserved_minor_units = row->Int(0, 2);
  ledger.partial_count = static_cast<int>(row->Int(0, 3));
  ledger.last_cancel_time = row->Time(0, 4);
  return std::optional<SaleLedger>(ledger);
}

absl::StatusOr<std::optional<LetterRecord>> LoadLetter(const PgTransaction& tx,
                                                       const std::string& operation_id,
                                                       v1::LetterLanguage language) {
  auto row = tx.Exec(
      "SELECT source, content_type, file_name, content, verification_hash, create_time "
      "FROM letters WHERE operation_id = $1 AND language = $2",
      PgParams().Add(operation_id).Add(static_cast<int>(language)));
  if (!row.ok()) return row.status();
  if (row->rows() == 0) return std::optional<LetterRecord>();
  LetterRecord letter;
  letter.operation_id = operation_id;
  letter.language = language;
  letter.source = static_cast<v1::LetterSource>(row->Int(0, 0));
  letter.content_type = row->Text(0, 1);
  letter.file_name = row->Text(0, 2);
  letter.content = row->Bytes(0, 3);
  letter.verification_hash = row->Text(0, 4);
  letter.create_time = row->Time(0, 5);
  return std::optional<LetterRecord>(std::move(letter));
}

absl::Status Ok(const absl::StatusOr<PgResult>& result) {
  return result.ok() ? absl::OkStatus() : result.status();
}

// `seq` is one after the newest entry the caller loaded under the operation's lock.
absl::Status AppendHistory(const PgTransaction& tx, const std::string& id, int64_t seq,
                           v1::OperationStatus status, v1::PendingDetail detail, absl::Time time,
                           const std::string& note) {
  return Ok(tx.Exec(
      "INSERT INTO operation_history (operation_id, seq, status, pending_detail, time, note) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      PgParams().Add(id).Add(seq).Add(static_cast<int>(status)).Add(static_cast<int>(detail))
          .AddTime(time).Add(note)));
}

absl::Status Audit(const PgTransaction& tx, absl::Time time, const std::string& tenant,
                   const std::string& actor, const std::string& operation_id,
                   const std::string& action, int64_t amount, const std::string& result) {
  return Ok(tx.Exec(
      "INSERT INTO audit_log (time, tenant, actor, operation_id, action, amount, result) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      PgParams().AddTime(time).Add(tenant).Add(actor).Add(operation_id).Add(action).Add(amount)
          .Add(result)));
}

absl::Status Audit(const PgTransaction& tx, const AuditRecord& row) {
  return Audit(tx, row.time, row.tenant, row.actor, row.operation_id, row.action,
               row.amount_minor_units, row.result);
}

absl::Status NotFound() {
  return MakeError(absl::StatusCode::kNotFound, v1::OPERATION_NOT_FOUND, "no such operation");
}

// Step 1 of Begin: what an existing key means. Empty when the key is new.
absl::StatusOr<std::optional<BeginResult>> CheckKey(const PgTransaction& tx,
                                                    const BeginRequest& request,
                                                    absl::Time now_on_db) {
  const OperationRecord& op = request.operation;
  auto key = tx.Exec(
      "SELECT operation_id FROM idempotency_keys WHERE tenant = $1 AND idempotency_key = $2",
      PgParams().Add(op.tenant).Add(op.idempotency_key));
  if (!key.ok()) return key.status();
  if (key->rows() == 0) return std::optional<BeginResult>();
  auto existing = LoadOperation(tx, key->Text(0, 0));
  if (!existing.ok()) return existing.status();
  if (!existing->has_value()) return NotFound();
  OperationRecord& stored = **existing;
  if (stored.fingerprint != op.fingerprint) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::IDEMPOTENCY_KEY_REUSED,
                     "this idempotency key was used before with a different request");
  }
  if (stored.status == v1::OPERATION_STATUS_PENDING &&
      stored.pending_detail == v1::PENDING_DETAIL_SUBMITTING &&
      tx.clock.ToDatabase(stored.lease_until) > now_on_db) {
    return MakeError(absl::StatusCode::kAborted, v1::IDEMPOTENCY_KEY_IN_USE,
                     "a request with this idempotency key is being executed");
  }
  auto ledger = LoadLedger(tx, stored.provider_account, stored.sale_key);
  if (!ledger.ok()) return ledger.status();
  return std::optional<BeginResult>(
      BeginResult{BeginOutcome::kReplay, std::move(stored), ledger->value_or(SaleLedger{})});
}

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresStore>> PostgresStore::Open(PostgresOptions options) {
  auto pool = PostgresPool::Open(std::move(options));
  if (!pool.ok()) return pool.status();
  {
    auto conn = (*pool)->Acquire();
    if (!conn.ok()) return conn.status();
    if (absl::Status migrated = MigratePostgres(conn->get()); !migrated.ok()) {
      conn->Discard();
      return migrated;
    }
  }
  return std::unique_ptr<PostgresStore>(new PostgresStore(*std::move(pool)));
}

absl::StatusOr<BeginResult> PostgresStore::Begin(const BeginRequest& request) {
  const OperationRecord& op = request.operation;
  return RunTransaction(*pool_, [&](PgTransaction& tx) -> absl::StatusOr<BeginResult> {
    const absl::Time now_on_db = tx.clock.ToDatabase(request.now);
    // 1. The key, before any lock: replays do not queue behind the sale.
    auto replay = CheckKey(tx, request, now_on_db);
    if (!replay.ok()) return replay.status();
    if (replay->has_value()) return **std::move(replay);

    // 2. The sale's ledger, locked: every request on this sale waits here until the one ahead
    //    commits. A new sale's row is inserted, and so ours, in one round trip; an existing one
    //    (or one a concurrent request inserted first) is locked by a second.
    auto inserted = tx.Exec(
        "INSERT INTO sales (provider_account, sale_key, sale_amount, last_cancel_time) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING "
        "RETURNING sale_amount, succeeded, reserved, partial_count, last_cancel_time",
        PgParams().Add(op.provider_account).Add(op.sale_key).Add(op.sale_amount_minor_units)
            .AddTime(absl::InfinitePast()));
    if (!inserted.ok()) return inserted.status();
    SaleLedger ledger;
    if (inserted->rows() == 1) {
      ledger.sale_amount_minor_units = inserted->Int(0, 0);
      ledger.succeeded_minor_units = inserted->Int(0, 1);
      ledger.reserved_minor_units = inserted->Int(0, 2);
      ledger.partial_count = static_cast<int>(inserted->Int(0, 3));
      ledger.last_cancel_time = inserted->Time(0, 4);
    } else {
      auto locked = LoadLedger(tx, op.provider_account, op.sale_key, /*for_update=*/true);
      if (!locked.ok()) return locked.status();
      if (!locked->has_value()) return NotFound();
      ledger = **locked;
    }

    // 3-5. A refusal is final only if no identical request committed while we waited for the
    // lock: its replay wins. (One that did and that we would accept makes the key's insert below
    // fail as a duplicate, and the rerun of this transaction answers the replay in step 1.)
    const auto refuse = [&](absl::Status refusal) -> absl::StatusOr<BeginResult> {
      auto raced = CheckKey(tx, request, now_on_db);
      if (!raced.ok()) return raced.status();
      if (raced->has_value()) return **std::move(raced);
      return refusal;
    };
    // 3. Spacing between cancellations of one sale (recorded request times).
    const absl::Duration since = request.now - ledger.last_cancel_time;
    if (request.limits.min_interval_between_cancels > absl::ZeroDuration() &&
        ledger.last_cancel_time != absl::InfinitePast() &&
        since < request.limits.min_interval_between_cancels) {
      return refuse(MakeRetryableError(
          absl::StatusCode::kFailedPrecondition, v1::TOO_EARLY,
          "the provider needs a pause between cancellations of the same sale",
          request.limits.min_interval_between_cancels - since, {{"rule", "spacing"}}));
    }
    // 4. Partial cancellations the product allows.
    if (!op.total && request.limits.max_partial_cancels &&
        ledger.partial_count >= *request.limits.max_partial_cancels) {
      return refuse(MakeError(
          absl::StatusCode::kFailedPrecondition, v1::PARTIAL_LIMIT_REACHED,
          "this sale already had the partial cancellations its product allows",
          {{"maxPartialCancels", absl::StrCat(*request.limits.max_partial_cancels)}}));
    }
    // 5. The cap.
    const int64_t remaining = ledger.remaining();
    int64_t amount = op.amount_minor_units;
    if (op.total) {
      amount = op.amount_minor_units > 0 ? std::min(op.amount_minor_units, remaining) : remaining;
    }
    if (remaining <= 0 || amount > remaining || amount <= 0) {
      return refuse(MakeError(
          absl::StatusCode::kFailedPrecondition, v1::REFUND_EXCEEDS_BALANCE,
          "the amount is above what remains of the sale",
          {{"remainingMinorUnits", absl::StrCat(std::max<int64_t>(0, remaining))}}));
    }

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

    // 6. Reserve (conditionally, and under the CHECK constraint) and record everything, in one
    //    statement: each part is a data-modifying WITH clause, all or nothing.
    static const std::string* record_sql = new std::string(absl::StrCat(
        "WITH reserved AS (UPDATE sales SET reserved = reserved + $11, last_cancel_time = $22, "
        "partial_count = partial_count + $31 WHERE provider_account = $6 AND sale_key = $8 "
        "AND sale_amount - succeeded - reserved >= $11 RETURNING 1), "
        "created AS (INSERT INTO operations (", kOperationColumns, ", check_claimed_until) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
        "$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)), "
        "keyed AS (INSERT INTO idempotency_keys (tenant, idempotency_key, fingerprint, "
        "operation_id, created_at) VALUES ($2, $3, $4, $1, $22)), "
        "noted AS (INSERT INTO operation_history (operation_id, seq, status, pending_detail, "
        "time, note) VALUES ($1, 1, $15, $16, $22, $32)), "
        "audited AS (INSERT INTO audit_log (time, tenant, actor, operation_id, action, amount, "
        "result) VALUES ($22, $2, $33, $1, $34, $11, 'PENDING')) "
        "SELECT count(*) FROM reserved"));
    auto recorded = tx.Exec(
        record_sql->c_str(),
        PgParams()
            .Add(created.operation_id).Add(created.tenant).Add(created.idempotency_key)
            .Add(created.fingerprint).Add(static_cast<int>(created.kind))
            .Add(created.provider_account).Add(created.provider).Add(created.sale_key)
            .AddBytes(created.sale_reference).AddBool(created.total).Add(amount)
            .Add(created.currency).Add(created.reason).Add(MetadataToJson(created.metadata))
            .Add(static_cast<int>(created.status)).Add(static_cast<int>(created.pending_detail))
            .Add(static_cast<int>(created.failure_reason)).Add(created.failure_message)
            .Add(EchoToJson(created.echo)).Add(created.sale_amount_minor_units)
            .Add(created.provider_cancelled_before_minor_units).AddTime(created.create_time)
            .AddTime(created.update_time).AddTime(tx.clock.ToDatabase(created.lease_until))
            .AddTime(tx.clock.ToDatabase(created.next_check_time)).Add(0).AddBool(false)
            .Add(1).AddTime(request.now).AddTime(absl::InfinitePast())
            .Add(op.total ? 0 : 1).Add(note).Add(request.actor)
            .Add(created.kind == v1::OPERATION_KIND_VOID ? "void.accepted" : "refund.accepted"));
    // A unique violation (the same key raced in on another sale, or on this one while we waited)
    // is rerun by RunTransaction, which then finds the key.
    if (!recorded.ok()) return recorded.status();
    if (recorded->Int(0, 0) != 1) {
      return MakeError(absl::StatusCode::kInternal, v1::INTERNAL_ERROR,
                       "store: the sale's ledger changed under its lock");
    }
    ledger.reserved_minor_units += amount;
    if (!op.total) ++ledger.partial_count;
    ledger.last_cancel_time = request.now;
    return BeginResult{BeginOutcome::kCreated, std::move(created), ledger};
  });
}

namespace {

// Transition's writes as one statement of data-modifying WITH clauses: the operation, its history
// entry and audit row ($1-$13), the answer's audit row when `answer` ($14-$20), and for a final
// state the ledger's move, conditional on the reservation being there (the next five); it returns
// how many ledgers moved.
std::string TransitionSql(bool answer, bool final_state) {
  std::string sql =
      "WITH changed AS (UPDATE operations SET status = $1, pending_detail = $2, "
      "failure_reason = $3, failure_message = $4, echo = $5, update_time = $6, lease_until = $7 "
      "WHERE operation_id = $8), "
      "noted AS (INSERT INTO operation_history (operation_id, seq, status, pending_detail, time, "
      "note) VALUES ($8, $9, $1, $2, $6, $10)), "
      "audited AS (INSERT INTO audit_log (time, tenant, actor, operation_id, action, amount, "
      "result) VALUES ($6, $11, 'cancela', $8, 'outcome', $12, $13)";
  if (answer) absl::StrAppend(&sql, ", ($14, $15, $16, $17, $18, $19, $20)");
  sql += ") ";
  if (!final_state) return sql + "SELECT 1";
  const int m = answer ? 21 : 14;
  absl::StrAppend(&sql, ", moved AS (UPDATE sales SET reserved = reserved - $", m,
                  ", succeeded = succeeded + $", m + 1, ", partial_count = partial_count - $",
                  m + 2, " WHERE provider_account = $", m + 3, " AND sale_key = $", m + 4,
                  " AND reserved >= $", m, " RETURNING 1) SELECT count(*) FROM moved");
  return sql;
}

}  // namespace

absl::StatusOr<OperationRecord> PostgresStore::Transition(const TransitionRequest& request) {
  return RunTransaction(*pool_, [&](PgTransaction& tx) -> absl::StatusOr<OperationRecord> {
    int64_t last_seq = 0;
    auto loaded = LockOperation(tx, request.operation_id, &last_seq);
    if (!loaded.ok()) return loaded.status();
    if (!loaded->has_value()) return NotFound();
    OperationRecord record = **std::move(loaded);
    if (record.status != v1::OPERATION_STATUS_PENDING) {  // final: exactly once
      if (request.answer) {
        if (auto s = Audit(tx, AnsweredRow(*request.answer, record, request.now)); !s.ok()) {
          return s;
        }
      }
      return record;
    }

    const bool succeeded = request.status == v1::OPERATION_STATUS_SUCCEEDED;
    const bool failed = request.status == v1::OPERATION_STATUS_FAILED;
    const int64_t reserved = record.amount_minor_units;
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
    record.history.push_back(
        StatusChange{record.status, record.pending_detail, request.now, request.note});
    const std::string result =
        succeeded ? "SUCCEEDED"
        : failed  ? absl::StrCat("FAILED:", v1::FailureReason_Name(record.failure_reason))
                  : absl::StrCat("PENDING:", v1::PendingDetail_Name(record.pending_detail));

    PgParams params;
    params.Add(static_cast<int>(record.status)).Add(static_cast<int>(record.pending_detail))
        .Add(static_cast<int>(record.failure_reason)).Add(record.failure_message)
        .Add(EchoToJson(record.echo)).AddTime(record.update_time).AddTime(absl::InfinitePast())
        .Add(record.operation_id).Add(last_seq + 1).Add(request.note).Add(record.tenant)
        .Add(record.amount_minor_units).Add(result);
    if (request.answer) {
      const AuditRecord row = AnsweredRow(*request.answer, record, request.now);
      params.AddTime(row.time).Add(row.tenant).Add(row.actor).Add(row.operation_id)
          .Add(row.action).Add(row.amount_minor_units).Add(row.result);
    }
    const bool final_state = succeeded || failed;
    if (final_state) {
      params.Add(reserved).Add(succeeded ? reserved : int64_t{0})
          .Add(failed && !record.total ? 1 : 0).Add(record.provider_account)
          .Add(record.sale_key);
    }
    auto written = tx.Exec(TransitionSql(request.answer.has_value(), final_state).c_str(), params);
    if (!written.ok()) return written.status();
    if (final_state && written->Int(0, 0) != 1) {
      return MakeError(absl::StatusCode::kInternal, v1::INTERNAL_ERROR,
                       "store: the sale's ledger does not hold this operation's reservation");
    }
    return record;
  });
}

absl::StatusOr<OperationRecord> PostgresStore::Resubmit(const ResubmitRequest& request) {
  return RunTransaction(*pool_, [&](PgTransaction& tx) -> absl::StatusOr<OperationRecord> {
    int64_t last_seq = 0;
    auto loaded = LockOperation(tx, request.operation_id, &last_seq);
    if (!loaded.ok()) return loaded.status();
    if (!loaded->has_value()) return NotFound();
    OperationRecord record = **std::move(loaded);
    if (record.status != v1::OPERATION_STATUS_PENDING) {
      return absl::FailedPreconditionError("the operation is final; it is never sent again");
    }
    // Lease instants are judged on the database's clock, like Begin's.
    const bool owned = record.pending_detail == v1::PENDING_DETAIL_SUBMITTING &&
                       tx.clock.ToDatabase(record.lease_until) > tx.clock.ToDatabase(request.now);
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
    if (auto s = Ok(tx.Exec(
            "UPDATE operations SET pending_detail = $1, lease_until = $2, attempt_count = $3, "
            "attempt_time = $4, cancelled_before = $5, update_time = $6 WHERE operation_id = $7",
            PgParams().Add(static_cast<int>(record.pending_detail))
                .AddTime(tx.clock.ToDatabase(record.lease_until)).Add(record.attempt_count)
                .AddTime(record.attempt_time).Add(record.provider_cancelled_before_minor_units)
                .AddTime(record.update_time).Add(record.operation_id)));
        !s.ok()) {
      return s;
    }
    if (auto s = AppendHistory(tx, record.operation_id, last_seq + 1, record.status,
                               record.pending_detail, request.now, request.note);
        !s.ok()) {
      return s;
    }
    record.history.push_back(
        StatusChange{record.status, record.pending_detail, request.now, request.note});
    if (auto s = Audit(tx, request.now, record.tenant, "cancela", record.operation_id,
                       record.kind == v1::OPERATION_KIND_VOID ? "void.resent" : "refund.resent",
                       record.amount_minor_units, "PENDING");
        !s.ok()) {
      return s;
    }
    return record;
  });
}

absl::StatusOr<int> PostgresStore::MarkSaleDue(const std::string& provider_account,
                                               const std::string& sale_key, absl::Time now) {
  return RunTransaction(*pool_, [&](PgTransaction& tx) -> absl::StatusOr<int> {
    auto marked = tx.Exec(
        "UPDATE operations SET next_check_time = LEAST(next_check_time, $1) "
        "WHERE provider_account = $2 AND sale_key = $3 AND status = $4 AND NOT gave_up",
        PgParams().AddTime(tx.clock.ToDatabase(now)).Add(provider_account).Add(sale_key)
            .Add(kPending));
    if (!marked.ok()) return marked.status();
    return static_cast<int>(marked->affected());
  });
}

absl::StatusOr<std::vector<PendingStats>> PostgresStore::CountPending(absl::Time now) {
  return RunTransaction(*pool_, [&](PgTransaction& tx) -> absl::StatusOr<std::vector<PendingStats>> {
    auto rows = tx.Exec(
        "SELECT provider, "
        "COUNT(*) FILTER (WHERE create_time > $1), "
        "COUNT(*) FILTER (WHERE create_time <= $1 AND create_time > $2), "
        "COUNT(*) FILTER (WHERE create_time <= $2 AND create_time > $3), "
        "COUNT(*) FILTER (WHERE create_time <= $3 AND create_time > $4), "
        "COUNT(*) FILTER (WHERE create_time <= $4), MIN(create_time) "
        "FROM operations WHERE status = $5 GROUP BY provider ORDER BY provider",
        PgParams().AddTime(now - absl::Minutes(1)).AddTime(now - absl::Hours(1))
            .AddTime(now - absl::Hours(24)).AddTime(now - absl::Hours(72)).Add(kPending));
    if (!rows.ok()) return rows.status();
    std::vector<PendingStats> out;
    for (int i = 0; i < rows->rows(); ++i) {
      PendingStats stats;
      stats.provider = rows->Text(i, 0);
      for (int b = 0; b < PendingStats::kBuckets; ++b) stats.count_by_age[b] = rows->Int(i, 1 + b);
      stats.oldest_create_time = rows->Time(i, 6);
      out.push_back(std::move(stats));
    }
    return out;
  });
}

absl::StatusOr<LetterRecord> PostgresStore::SaveLetterIfAbsent(const LetterRecord& letter) {
  return RunTransaction(*pool_, [&](PgTransaction& tx) -> absl::StatusOr<LetterRecord> {
    // Of two concurrent first saves, the second waits on the key and then does nothing.
    if (auto s = Ok(tx.Exec(
            "INSERT INTO letters (operation_id, language, source, content_type, file_name, "
            "content, verification_hash, create_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
            "ON CONFLICT (operation_id, language) DO NOTHING",
            PgParams().Add(letter.operation_id).Add(static_cast<int>(letter.language))
                .Add(static_cast<int>(letter.source)).Add(letter.content_type)
                .Add(letter.file_name).AddBytes(letter.content).Add(letter.verification_hash)
                .AddTime(letter.create_time)));
        !s.ok()) {
      return s;
    }
    auto stored = LoadLetter(tx, letter.operation_id, letter.language);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) return absl::InternalError("letter vanished right after it was stored");
    return **stored;
  });
}

absl::StatusOr<std::optional<LetterRecord>> PostgresStore::FindLetter(
    const std::string& operation_id, v1::LetterLanguage language) {
  return RunTransaction(*pool_,
                        [&](PgTransaction& tx) -> absl::StatusOr<std::optional<LetterRecord>> {
                          return LoadLetter(tx, operation_id, language);
                        });
}

absl::StatusOr<bool> PostgresStore::RenewLease(const std::string& operation_id, absl::Time until) {
  return RunTransaction(*pool_, [&](PgTransaction& tx) -> absl::StatusOr<bool> {
    auto renewed = tx.Exec(
        "UPDATE operations SET lease_until = $1 WHERE operation_id = $2 AND status = $3 "
        "AND pending_detail = $4",
        PgParams().AddTime(tx.clock.ToDatabase(until)).Add(operation_id).Add(kPending)
            .Add(kSubmitting));
    if (!renewed.ok()) return renewed.status();
    return renewed->affected() > 0;
  });
}

absl::StatusOr<OperationRecord> PostgresStore::Get(const std::string& tenant,
                                                   const std::string& operation_id) {
  return RunTransaction(*pool_, [&](PgTransaction& tx) -> absl::StatusOr<OperationRecord> {
    auto loaded = LoadOperation(tx, operation_id);
    if (!loaded.ok()) return loaded.status();
    // Another tenant's operation is indistinguishable from a missing one.
    if (!loaded->has_value() || (*loaded)->tenant != tenant) return NotFound();
    return **std::move(loaded);
  });
}

absl::StatusOr<std::optional<OperationRecord>> PostgresStore::FindByIdempotencyKey(
    const std::string& tenant, const std::string& idempotency_key) {
  return RunTransaction(
      *pool_, [&](PgTransaction& tx) -> absl::StatusOr<std::optional<OperationRecord>> {
        auto key = tx.Exec(
            "SELECT operation_id FROM idempotency_keys WHERE tenant = $1 AND idempotency_key = $2",
            PgParams().Add(tenant).Add(idempotency_key));
        if (!key.ok()) return key.status();
        if (key->rows() == 0) return std::optional<OperationRecord>();
        return LoadOperation(tx, key->Text(0, 0));
      });
}

absl::StatusOr<SaleLedger> PostgresStore::GetSaleLedger(const std::string& provider_account,
                                                        const std::string& sale_key) {
  // One statement, and the ledger holds no instant on the database's clock.
  return RunRead(*pool_, [&](PgTransaction& tx) -> absl::StatusOr<SaleLedger> {
    auto ledger = LoadLedger(tx, provider_account, sale_key);
    if (!ledger.ok()) return ledger.status();
    return ledger->value_or(SaleLedger{});
  });
}

absl::StatusOr<std::vector<OperationRecord>> PostgresStore::ListUnresolved(absl::Time now,
                                                                           int limit) {
  return RunTransaction(
      *pool_, [&](PgTransaction& tx) -> absl::StatusOr<std::vector<OperationRecord>> {
        auto ids = tx.Exec(
            "SELECT operation_id FROM operations WHERE status = $1 AND "
            "(pending_detail <> $2 OR lease_until <= $3) ORDER BY create_time LIMIT $4",
            PgParams().Add(kPending).Add(kSubmitting).AddTime(tx.clock.ToDatabase(now)).Add(limit));
        if (!ids.ok()) return ids.status();
        return LoadAll(tx, *ids);
      });
}

absl::StatusOr<std::vector<OperationRecord>> PostgresStore::ClaimDueChecks(absl::Time now,
                                                                           absl::Duration lease,
                                                                           int limit) {
  return RunTransaction(
      *pool_, [&](PgTransaction& tx) -> absl::StatusOr<std::vector<OperationRecord>> {
        const absl::Time now_on_db = tx.clock.ToDatabase(now);
        // Rows another poller is claiming right now are skipped, not waited for; rows it has
        // claimed are excluded by check_claimed_until.
        auto ids = tx.Exec(
            "SELECT operation_id FROM operations WHERE status = $1 AND NOT gave_up "
            "AND next_check_time <= $2 AND check_claimed_until <= $2 "
            "AND (pending_detail <> $3 OR lease_until <= $2) "
            "ORDER BY next_check_time, create_time LIMIT $4 FOR UPDATE SKIP LOCKED",
            PgParams().Add(kPending).AddTime(now_on_db).Add(kSubmitting).Add(limit));
        if (!ids.ok()) return ids.status();
        for (int i = 0; i < ids->rows(); ++i) {
          if (auto s = Ok(tx.Exec(
                  "UPDATE operations SET check_claimed_until = $1 WHERE operation_id = $2",
                  PgParams().AddTime(now_on_db + lease).Add(ids->Text(i, 0))));
              !s.ok()) {
            return s;
          }
        }
        return LoadAll(tx, *ids);
      });
}

absl::Status PostgresStore::ScheduleNextCheck(const std::string& operation_id,
                                              absl::Time next_check, int check_count,
                                              bool gave_up) {
  return RunTransaction(*pool_, [&](PgTransaction& tx) -> absl::StatusOr<bool> {
           auto scheduled = tx.Exec(
               "UPDATE operations SET next_check_time = $1, check_count = $2, gave_up = $3, "
               "check_claimed_until = $4 WHERE operation_id = $5",
               PgParams().AddTime(tx.clock.ToDatabase(next_check)).Add(check_count)
                   .AddBool(gave_up).AddTime(absl::InfinitePast()).Add(operation_id));
           if (!scheduled.ok()) return scheduled.status();
           return true;
         })
      .status();
}

absl::StatusOr<std::vector<OperationRecord>> PostgresStore::ListOperations(
    const ListFilter& filter, const std::optional<ListCursor>& after, int limit) {
  // Every condition is present and switched off by a NULL parameter, so one statement serves
  // every combination of filters.
  std::string sql =
      "SELECT operation_id FROM operations WHERE tenant = $1 "
      "AND ($2::text IS NULL OR provider_account = $2) "
      "AND ($3::text IS NULL OR (provider = $3 AND sale_key = $4)) "
      "AND create_time >= $5 AND create_time < $6 "
      "AND ($7::bigint IS NULL OR create_time < $7 OR (create_time = $7 AND operation_id < $8)) ";
  if (!filter.statuses.empty()) {
    sql += "AND status IN (";
    for (size_t i = 0; i < filter.statuses.size(); ++i) {
      absl::StrAppend(&sql, i == 0 ? "" : ",", static_cast<int>(filter.statuses[i]));
    }
    sql += ") ";
  }
  sql += "ORDER BY create_time DESC, operation_id DESC LIMIT $9";
  PgParams params;
  params.Add(filter.tenant);
  if (filter.provider_account.empty()) {
    params.AddNull();
  } else {
    params.Add(filter.provider_account);
  }
  if (filter.sale_key.empty()) {
    params.AddNull().AddNull();
  } else {
    params.Add(filter.provider).Add(filter.sale_key);
  }
  params.AddTime(filter.create_time_start).AddTime(filter.create_time_end);
  if (after) {
    params.AddTime(after->create_time).Add(after->operation_id);
  } else {
    params.AddNull().AddNull();
  }
  params.Add(limit);
  return RunTransaction(
      *pool_, [&](PgTransaction& tx) -> absl::StatusOr<std::vector<OperationRecord>> {
        auto ids = tx.Exec(sql.c_str(), params);
        if (!ids.ok()) return ids.status();
        return LoadAll(tx, *ids);
      });
}

absl::Status PostgresStore::AppendAudit(const AuditRecord& record) {
  // RunTransaction wants a StatusOr; the value means nothing.
  auto appended = RunTransaction(*pool_, [&](PgTransaction& tx) -> absl::StatusOr<bool> {
    absl::Status s = Audit(tx, record.time, record.tenant, record.actor, record.operation_id,
                           record.action, record.amount_minor_units, record.result);
    if (!s.ok()) return s;
    return true;
  });
  return appended.status();
}

absl::StatusOr<std::vector<AuditRecord>> PostgresStore::ListAudit(const std::string& tenant,
                                                                  int limit) {
  return RunTransaction(
      *pool_, [&](PgTransaction& tx) -> absl::StatusOr<std::vector<AuditRecord>> {
        auto rows = tx.Exec(
            "SELECT time, tenant, actor, operation_id, action, amount, result FROM audit_log "
            "WHERE tenant = $1 ORDER BY id LIMIT $2",
            PgParams().Add(tenant).Add(int64_t{limit}));
        if (!rows.ok()) return rows.status();
        std::vector<AuditRecord> out;
        for (int i = 0; i < rows->rows(); ++i) {
          AuditRecord record;
          record.time = rows->Time(i, 0);
          record.tenant = rows->Text(i, 1);
          record.actor = rows->Text(i, 2);
          record.operation_id = rows->Text(i, 3);
          record.action = rows->Text(i, 4);
          record.amount_minor_units = rows->Int(i, 5);
          record.result = rows->Text(i, 6);
          out.push_back(std::move(record));
        }
        return out;
      });
}

absl::Status PostgresStore::Ping() {
  // After a server restart every pooled connection is dead; go through them rather than report
  // NOT_SERVING once per stale connection.
  absl::Status last;
  for (int attempt = 0; attempt < 64; ++attempt) {
    auto conn = pool_->Acquire();
    if (!conn.ok()) return conn.status();
    auto pinged = PgExecText(conn->get(), "SELECT version FROM schema_migrations LIMIT 1");
    if (pinged.ok()) return absl::OkStatus();
    conn->Discard();
    last = pinged.status();
    if (!IsConnectionLost(last)) break;
  }
  return last;
}

}  // namespace cancela::store
