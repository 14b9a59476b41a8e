#pragma once
// A bounded pool of libpq connections to one PostgreSQL database. Connections open lazily, up to
// `pool_size`; one that broke (server restarted, network cut) is dropped when returned and a new
// one is opened on the next demand, so the store recovers without a restart. The DSN holds a
// password: it is a Secret, and connection errors are scrubbed of it before they leave.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/secret.h"
#include "service/store/postgres_statements.h"

struct pg_conn;

namespace cancela::store {

struct PostgresOptions {
  Secret dsn;  // libpq keyword/value string or postgresql:// URI
  int pool_size = 8;
  absl::Duration connect_timeout = absl::Seconds(5);    // also the wait for a free connection
  absl::Duration statement_timeout = absl::Seconds(10);
  // A session idle inside a transaction this long is ended by the server, so a frozen replica
  // cannot keep a sale locked.
  absl::Duration idle_in_transaction_timeout = absl::Seconds(30);
  // This process's clock, read around each reading of the database's clock (database_clock.h).
  // Tests give a skewed one to play a replica whose clock is off.
  const Clock* process_clock = &SystemClock::Get();
};

class PostgresPool {
 public:
  // Checks the DSN and opens the first connection.
  static absl::StatusOr<std::unique_ptr<PostgresPool>> Open(PostgresOptions options);
  ~PostgresPool();

  // A borrowed connection; returned to the pool when destroyed.
  class Connection {
   public:
    Connection(PostgresPool* pool, pg_conn* conn, std::unique_ptr<PgStatements> statements)
        : pool_(pool), conn_(conn), statements_(std::move(statements)) {}
    Connection(Connection&& other) noexcept
        : pool_(other.pool_), conn_(other.conn_), statements_(std::move(other.statements_)) {
      other.conn_ = nullptr;
    }
    Connection& operator=(Connection&&) = delete;
    ~Connection();
    pg_conn* get() const { return conn_; }
    // The statements prepared on this connection.
    PgStatements& statements() const { return *statements_; }
    // Closes it instead of returning it (its state is unknown).
    void Discard();

   private:
    PostgresPool* pool_;
    pg_conn* conn_;
    std::unique_ptr<PgStatements> statements_;
  };

  // Waits up to connect_timeout for a free connection; UNAVAILABLE when the database cannot be
  // reached.
  absl::StatusOr<Connection> Acquire();

  // `message` without the DSN's password.
  std::string Redact(std::string message) const;

  const Clock& process_clock() const { return *options_.process_clock; }

 private:
  explicit PostgresPool(PostgresOptions options) : options_(std::move(options)) {}
  absl::StatusOr<pg_conn*> Connect();
  void Release(pg_conn* conn, std::unique_ptr<PgStatements> statements, bool discard);

  struct Idle {
    pg_conn* conn;
    std::unique_ptr<PgStatements> statements;
  };

  const PostgresOptions options_;
  std::vector<std::string> redactions_;  // the password (and the whole DSN) as written
  absl::Mutex mu_;
  std::vector<Idle> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace cancela::store
