#pragma once
// One store method = one PostgreSQL transaction (READ COMMITTED; row locks do the serializing).
// Serialization failures, deadlocks and unique-key races are retried by running the body again;
// a pooled connection found dead at BEGIN is replaced (nothing was sent on it). A COMMIT whose
// answer is lost is UNAVAILABLE with metadata commit=unknown: it may or may not have been applied,
// so the caller is never told OK, and it is not rerun (a rerun could misread its own write).

#include <utility>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "service/store/database_clock.h"
#include "service/store/postgres_pool.h"
#include "service/store/postgres_result.h"

namespace cancela::store {

struct PgTransaction {
  pg_conn* conn;
  DatabaseClock clock;       // measured at BEGIN
  PgStatements* statements;  // the connection's prepared statements
  absl::StatusOr<PgResult> Exec(const char* sql, const PgParams& params = {}) const {
    return statements->Exec(conn, sql, params);
  }
};

// BEGIN, reading the database clock in the same round trip.
absl::StatusOr<DatabaseClock> BeginTransaction(pg_conn* conn, const Clock& process_clock);
// COMMIT, telling a lost answer apart from a refusal.
absl::Status CommitTransaction(pg_conn* conn);
// Whether an error means the connection died before the server saw anything of the transaction.
bool IsConnectionLost(const absl::Status& status);

// Runs `body(PgTransaction&)`, which returns an absl::StatusOr<T>, in one transaction.
template <typename Body>
auto RunTransaction(PostgresPool& pool, Body body)
    -> decltype(body(std::declval<PgTransaction&>())) {
  constexpr int kMaxConflicts = 10;
  constexpr int kMaxStaleConnections = 64;
  int conflicts = 0;
  int stale = 0;
  for (;;) {
    auto conn = pool.Acquire();
    if (!conn.ok()) return conn.status();
    auto clock = BeginTransaction(conn->get(), pool.process_clock());
    if (!clock.ok()) {
      conn->Discard();
      if (IsConnectionLost(clock.status()) && ++stale < kMaxStaleConnections) continue;
      return clock.status();
    }
    PgTransaction tx{conn->get(), *clock, &conn->statements()};
    auto result = body(tx);
    if (!result.ok()) {
      (void)PgExecText(conn->get(), "ROLLBACK");  // a broken connection is dropped on return
      if (IsRetryableConflict(result.status()) && ++conflicts < kMaxConflicts) continue;
      return result;
    }
    absl::Status committed = CommitTransaction(conn->get());
    if (!committed.ok()) {
      if (IsRetryableConflict(committed) && ++conflicts < kMaxConflicts) continue;
      conn->Discard();
      return committed;
    }
    return result;
  }
}

// Runs `body(PgTransaction&)` outside any transaction, each statement on its own (and its own
// snapshot, as inside a READ COMMITTED transaction): for reads that need neither one snapshot
// across statements nor the database's clock (tx.clock is not measured; the body must not use
// it). Saves BEGIN's and COMMIT's round trips. A connection found dead is replaced and the read
// run again: it changed nothing.
template <typename Body>
auto RunRead(PostgresPool& pool, Body body) -> decltype(body(std::declval<PgTransaction&>())) {
  constexpr int kMaxStaleConnections = 64;
  for (int stale = 0;; ++stale) {
    auto conn = pool.Acquire();
    if (!conn.ok()) return conn.status();
    PgTransaction tx{conn->get(), DatabaseClock(), &conn->statements()};
    auto result = body(tx);
    if (!result.ok() && IsConnectionLost(result.status()) && stale < kMaxStaleConnections) {
      conn->Discard();
      continue;
    }
    return result;
  }
}

}  // namespace cancela::store
