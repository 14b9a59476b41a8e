#include "service/store/postgres_transaction.h"

#include <libpq-fe.h>

#include "absl/strings/match.h"
#include "common/errors.h"

namespace cancela::store {

absl::StatusOr<DatabaseClock> BeginTransaction(pg_conn* conn, const Clock& process_clock) {
  const absl::Time sent = process_clock.Now();
  auto begun = PgExecText(
      conn, "BEGIN ISOLATION LEVEL READ COMMITTED; "
            "SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint");
  const absl::Time received = process_clock.Now();
  if (!begun.ok()) return begun.status();
  return DatabaseClock::Measure(sent, absl::FromUnixMicros(begun->Int(0, 0)), received);
}

absl::Status CommitTransaction(pg_conn* conn) {
  PGresult* raw = PQexec(conn, "COMMIT");
  PgResult owned(raw);
  if (raw == nullptr || PQstatus(conn) != CONNECTION_OK) {
    return MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                     "store unavailable: the database connection was lost while committing; the "
                     "change may or may not be stored (retry with the same idempotency key)",
                     {{"commit", "unknown"}, {"sqlstate", "08006"}});
  }
  if (PQresultStatus(raw) != PGRES_COMMAND_OK) return PgError(conn, raw, "commit");
  // COMMIT of a transaction that had failed answers "ROLLBACK", successfully.
  if (owned.command_tag() != "COMMIT") {
    return MakeError(absl::StatusCode::kInternal, v1::INTERNAL_ERROR,
                     "store: the transaction failed and was rolled back");
  }
  return absl::OkStatus();
}

bool IsConnectionLost(const absl::Status& status) {
  // 08: connection exception; 57P01/57P02: the server ended the session (shutdown, crash).
  const std::string state = SqlStateOf(status);
  return status.code() == absl::StatusCode::kUnavailable &&
         (absl::StartsWith(state, "08") || state == "57P01" || state == "57P02");
}

}  // namespace cancela::store
