#include "service/store/postgres_migrations.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "service/store/postgres_result.h"

namespace cancela::store {
namespace {

// Times are bigint microseconds since the Unix epoch (unix_micros.h), like SQLite's, so that the
// infinite past and future have a value. lease_until, check_claimed_until and next_check_time are
// on the database's clock (database_clock.h).
constexpr std::array<const char*, 2> kMigrations = {
    // 1: per-sale ledgers, operations with the poller's schedule, idempotency keys, history, and
    // an append-only audit log.
    R"sql(
CREATE TABLE sales (
  provider_account text NOT NULL,
  sale_key text NOT NULL,
  sale_amount bigint NOT NULL,
  succeeded bigint NOT NULL DEFAULT 0,
  reserved bigint NOT NULL DEFAULT 0,
  partial_count integer NOT NULL DEFAULT 0,
  last_cancel_time bigint NOT NULL,
  PRIMARY KEY (provider_account, sale_key),
  -- The refund cap lives in the database too: no code path can over-refund a sale.
  CONSTRAINT sales_within_amount
    CHECK (succeeded >= 0 AND reserved >= 0 AND partial_count >= 0
           AND succeeded + reserved <= sale_amount)
);
CREATE TABLE operations (
  operation_id text PRIMARY KEY,
  tenant text NOT NULL,
  idempotency_key text NOT NULL,
  fingerprint text NOT NULL,
  kind integer NOT NULL,
  provider_account text NOT NULL,
  provider text NOT NULL,
  sale_key text NOT NULL,
  sale_reference bytea NOT NULL,
  total boolean NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  reason text NOT NULL,
  metadata text NOT NULL,
  status integer NOT NULL,
  pending_detail integer NOT NULL,
  failure_reason integer NOT NULL,
  failure_message text NOT NULL,
  echo text NOT NULL,
  sale_amount bigint NOT NULL,
  cancelled_before bigint NOT NULL,
  create_time bigint NOT NULL,
  update_time bigint NOT NULL,
  lease_until bigint NOT NULL,
  next_check_time bigint NOT NULL,
  check_count integer NOT NULL DEFAULT 0,
  check_claimed_until bigint NOT NULL,
  gave_up boolean NOT NULL DEFAULT false,
  FOREIGN KEY (provider_account, sale_key) REFERENCES sales (provider_account, sale_key)
);
CREATE INDEX operations_by_status ON operations (status, create_time);
CREATE INDEX operations_by_tenant ON operations (tenant, create_time DESC, operation_id DESC);
CREATE INDEX operations_by_sale ON operations (provider_account, sale_key);
CREATE INDEX operations_due ON operations (next_check_time) WHERE status = 1 AND NOT gave_up;
CREATE TABLE idempotency_keys (
  tenant text NOT NULL,
  idempotency_key text NOT NULL,
  fingerprint text NOT NULL,
  operation_id text NOT NULL REFERENCES operations (operation_id),
  created_at bigint NOT NULL,
  PRIMARY KEY (tenant, idempotency_key)
);
CREATE TABLE operation_history (
  operation_id text NOT NULL REFERENCES operations (operation_id),
  seq integer NOT NULL,
  status integer NOT NULL,
  pending_detail integer NOT NULL,
  time bigint NOT NULL,
  note text NOT NULL,
  PRIMARY KEY (operation_id, seq)
);
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  time bigint NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  tenant text NOT NULL,
  actor text NOT NULL,
  operation_id text NOT NULL,
  action text NOT NULL,
  amount bigint NOT NULL,
  result text NOT NULL
);
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
)sql",
    // 2: attempts (ADR 0007: an attempt that provably never executed is sent once more, never
    // twice) and cancellation letters, one per operation and language, never rewritten.
    R"sql(
ALTER TABLE operations ADD COLUMN attempt_count integer NOT NULL DEFAULT 1
  CHECK (attempt_count BETWEEN 1 AND 2);
ALTER TABLE operations ADD COLUMN attempt_time bigint NOT NULL DEFAULT -9223372036854775808;
UPDATE operations SET attempt_time = create_time;
CREATE TABLE letters (
  operation_id text NOT NULL REFERENCES operations (operation_id),
  language integer NOT NULL,
  source integer NOT NULL,
  content_type text NOT NULL,
  file_name text NOT NULL,
  content bytea NOT NULL,
  verification_hash text NOT NULL,
  create_time bigint NOT NULL,
  PRIMARY KEY (operation_id, language)
);
CREATE FUNCTION letters_are_never_rewritten() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'letters are never rewritten';
END $$;
CREATE TRIGGER letters_no_update BEFORE UPDATE ON letters
  FOR EACH ROW EXECUTE FUNCTION letters_are_never_rewritten();
)sql",
};

absl::Status Apply(pg_conn* conn, int version, const char* sql) {
  if (auto begun = PgExecText(conn, "BEGIN"); !begun.ok()) return begun.status();
  absl::Status status = [&]() -> absl::Status {
    auto applied = PgExec(conn, "SELECT 1 FROM schema_migrations WHERE version = $1",
                          PgParams().Add(version));
    if (!applied.ok()) return applied.status();
    if (applied->rows() > 0) return absl::OkStatus();  // another replica was first
    if (auto done = PgExecText(conn, sql); !done.ok()) return done.status();
    auto mark = PgExec(conn, "INSERT INTO schema_migrations (version) VALUES ($1)",
                       PgParams().Add(version));
    return mark.ok() ? absl::OkStatus() : mark.status();
  }();
  if (!status.ok()) {
    (void)PgExecText(conn, "ROLLBACK");
    return absl::Status(status.code(), absl::StrCat("migration ", version, ": ", status.message()));
  }
  auto committed = PgExecText(conn, "COMMIT");
  return committed.ok() ? absl::OkStatus() : committed.status();
}

}  // namespace

int PostgresSchemaVersion() { return static_cast<int>(kMigrations.size()); }

absl::Status MigratePostgres(pg_conn* conn) {
  // Replicas of one deployment share a schema and take turns; tests in other schemas do not wait.
  constexpr char kLockKey[] = "hashtext('cancela.migrations.' || current_schema())";
  if (auto locked = PgExecText(conn, absl::StrCat("SELECT pg_advisory_lock(", kLockKey, ")").c_str());
      !locked.ok()) {
    return locked.status();
  }
  absl::Status status = [&]() -> absl::Status {
    if (auto created = PgExecText(conn,
                                  "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                  "version integer PRIMARY KEY, "
                                  "applied_at timestamptz NOT NULL DEFAULT now())");
        !created.ok()) {
      return created.status();
    }
    for (size_t i = 0; i < kMigrations.size(); ++i) {
      if (auto s = Apply(conn, static_cast<int>(i) + 1, kMigrations[i]); !s.ok()) return s;
    }
    // During a rolling upgrade an older replica meets a newer schema; migrations only add, so it
    // keeps working, but operators should know.
    auto newest = PgExecText(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!newest.ok()) return newest.status();
    if (newest->Int(0, 0) > PostgresSchemaVersion()) {
      log::Warn("the database schema is newer than this build",
                {{"schema_version", absl::StrCat(newest->Int(0, 0))},
                 {"build_version", absl::StrCat(PostgresSchemaVersion())}});
    }
    return absl::OkStatus();
  }();
  (void)PgExecText(conn, absl::StrCat("SELECT pg_advisory_unlock(", kLockKey, ")").c_str());
  return status;
}

}  // namespace cancela::store
