#include "service/store/sqlite_migrations.h"

#include <sqlite3.h>

#include <array>

#include "absl/strings/str_cat.h"
#include "service/store/sqlite_statement.h"

namespace cancela::store {
namespace {

constexpr std::array<const char*, 4> kMigrations = {
    // 1: operations, idempotency keys, per-sale ledgers, history, append-only audit log.
    R"sql(
CREATE TABLE sales (
  provider_account TEXT NOT NULL,
  sale_key TEXT NOT NULL,
  sale_amount INTEGER NOT NULL,
  succeeded INTEGER NOT NULL DEFAULT 0,
  reserved INTEGER NOT NULL DEFAULT 0,
  partial_count INTEGER NOT NULL DEFAULT 0,
  last_cancel_time INTEGER NOT NULL,
  PRIMARY KEY (provider_account, sale_key),
  -- The refund cap lives in the database too: no code path can over-refund a sale.
  CHECK (succeeded >= 0 AND reserved >= 0 AND succeeded + reserved <= sale_amount)
);
CREATE TABLE operations (
  operation_id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  kind INTEGER NOT NULL,
  provider_account TEXT NOT NULL,
  provider TEXT NOT NULL,
  sale_key TEXT NOT NULL,
  sale_reference BLOB NOT NULL,
  total INTEGER NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  reason TEXT NOT NULL,
  metadata TEXT NOT NULL,
  status INTEGER NOT NULL,
  pending_detail INTEGER NOT NULL,
  failure_reason INTEGER NOT NULL,
  failure_message TEXT NOT NULL,
  echo TEXT NOT NULL,
  sale_amount INTEGER NOT NULL,
  cancelled_before INTEGER NOT NULL,
  create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  lease_until INTEGER NOT NULL
);
CREATE INDEX operations_by_status ON operations (status, create_time);
CREATE INDEX operations_by_tenant ON operations (tenant, create_time);
CREATE TABLE idempotency_keys (
  tenant TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  operation_id TEXT NOT NULL REFERENCES operations (operation_id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, idempotency_key)
);
CREATE TABLE operation_history (
  operation_id TEXT NOT NULL REFERENCES operations (operation_id),
  seq INTEGER NOT NULL,
  status INTEGER NOT NULL,
  pending_detail INTEGER NOT NULL,
  time INTEGER NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (operation_id, seq)
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time INTEGER NOT NULL,
  tenant TEXT NOT NULL,
  actor TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  action TEXT NOT NULL,
  amount INTEGER NOT NULL,
  result TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql",
    // 2: the poller's schedule and claims.
    R"sql(
ALTER TABLE operations ADD COLUMN next_check_time INTEGER NOT NULL DEFAULT -9223372036854775808;
ALTER TABLE operations ADD COLUMN check_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE operations ADD COLUMN check_claimed_until INTEGER NOT NULL DEFAULT -9223372036854775808;
ALTER TABLE operations ADD COLUMN gave_up INTEGER NOT NULL DEFAULT 0;
CREATE INDEX operations_due ON operations (status, gave_up, next_check_time);
)sql",
    // 3: attempts, so an attempt that provably never executed is sent once more, never twice.
    R"sql(
ALTER TABLE operations ADD COLUMN attempt_count INTEGER NOT NULL DEFAULT 1
  CHECK (attempt_count BETWEEN 1 AND 2);
ALTER TABLE operations ADD COLUMN attempt_time INTEGER NOT NULL DEFAULT -9223372036854775808;
UPDATE operations SET attempt_time = create_time;
)sql",
    // 4: cancellation letters, one per operation and language, never rewritten.
    R"sql(
CREATE TABLE letters (
  operation_id TEXT NOT NULL REFERENCES operations (operation_id),
  language INTEGER NOT NULL,
  source INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content BLOB NOT NULL,
  verification_hash TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  PRIMARY KEY (operation_id, language)
);
CREATE TRIGGER letters_no_update BEFORE UPDATE ON letters
  BEGIN SELECT RAISE(ABORT, 'letters are never rewritten'); END;
)sql",
};

}  // namespace

absl::Status MigrateSqlite(sqlite3* db) {
  if (auto s = Exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                        "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
      !s.ok()) {
    return s;
  }
  for (size_t i = 0; i < kMigrations.size(); ++i) {
    const int64_t version = static_cast<int64_t>(i) + 1;
    if (auto s = Exec(db, "BEGIN IMMEDIATE"); !s.ok()) return s;
    absl::Status status = [&]() -> absl::Status {
      auto applied = Statement::Prepare(db, "SELECT 1 FROM schema_migrations WHERE version = ?");
      if (!applied.ok()) return applied.status();
      applied->Bind(1, version);
      auto row = applied->Step();
      if (!row.ok()) return row.status();
      if (*row) return absl::OkStatus();  // already applied
      if (auto s = Exec(db, kMigrations[i]); !s.ok()) return s;
      auto mark = Statement::Prepare(
          db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, strftime('%s','now'))");
      return mark.ok() ? mark->Bind(1, version).Run() : mark.status();
    }();
    if (!status.ok()) {
      (void)Exec(db, "ROLLBACK");
      return absl::Status(status.code(), absl::StrCat("migration ", version, ": ", status.message()));
    }
    if (auto s = Exec(db, "COMMIT"); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace cancela::store
