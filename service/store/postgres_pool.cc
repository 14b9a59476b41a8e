#include "service/store/postgres_pool.h"

#include <libpq-fe.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/errors.h"
#include "service/store/postgres_result.h"

namespace cancela::store {

absl::StatusOr<std::unique_ptr<PostgresPool>> PostgresPool::Open(PostgresOptions options) {
  if (options.pool_size < 1) return absl::InvalidArgumentError("pool_size: at least 1");
  std::unique_ptr<PostgresPool> pool(new PostgresPool(std::move(options)));
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(pool->options_.dsn.Reveal().c_str(), &parse_error);
  if (parsed == nullptr) {
    // libpq's message quotes the offending part of the DSN, which may be the password.
    if (parse_error != nullptr) PQfreemem(parse_error);
    return absl::InvalidArgumentError("dsn: not a valid libpq connection string or URI");
  }
  for (PQconninfoOption* o = parsed; o->keyword != nullptr; ++o) {
    if (std::string(o->keyword) == "password" && o->val != nullptr && *o->val != '\0') {
      pool->redactions_.emplace_back(o->val);
    }
  }
  PQconninfoFree(parsed);
  pool->redactions_.push_back(pool->options_.dsn.Reveal());
  // Longest first, so a password inside the DSN does not break the DSN's own replacement.
  std::sort(pool->redactions_.begin(), pool->redactions_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });

  auto first = pool->Acquire();
  if (!first.ok()) return first.status();
  return pool;
}

PostgresPool::~PostgresPool() {
  absl::MutexLock lock(&mu_);
  for (Idle& idle : idle_) PQfinish(idle.conn);
}

std::string PostgresPool::Redact(std::string message) const {
  for (const std::string& secret : redactions_) {
    if (!secret.empty()) absl::StrReplaceAll({{secret, Secret::kRedacted}}, &message);
  }
  return message;
}

absl::StatusOr<pg_conn*> PostgresPool::Connect() {
  const std::string connect_timeout =
      absl::StrCat(std::max<int64_t>(2, absl::ToInt64Seconds(options_.connect_timeout)));
  // Our defaults first; the DSN comes last so whatever it says wins. Keepalives notice a dead
  // server on an idle connection.
  // A server that stops answering mid-statement (network cut) fails the call after
  // tcp_user_timeout instead of hanging it.
  const std::string user_timeout =
      absl::StrCat(absl::ToInt64Milliseconds(options_.statement_timeout + options_.connect_timeout));
  const char* keywords[] = {"connect_timeout", "application_name", "keepalives",
                            "keepalives_idle", "keepalives_interval", "keepalives_count",
                            "tcp_user_timeout", "dbname", nullptr};
  const char* values[] = {connect_timeout.c_str(), "cancela", "1", "10", "3", "3",
                          user_timeout.c_str(), options_.dsn.Reveal().c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string why = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
    if (conn != nullptr) PQfinish(conn);
    why = std::string(absl::StripTrailingAsciiWhitespace(why));
    return MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                     absl::StrCat("store unavailable: cannot connect to PostgreSQL: ", Redact(why)));
  }
  const std::string settings = absl::StrCat(
      "SET statement_timeout = ", absl::ToInt64Milliseconds(options_.statement_timeout),
      "; SET idle_in_transaction_session_timeout = ",
      absl::ToInt64Milliseconds(options_.idle_in_transaction_timeout));
  if (auto set = PgExecText(conn, settings.c_str()); !set.ok()) {
    PQfinish(conn);
    return set.status();
  }
  return conn;
}

absl::StatusOr<PostgresPool::Connection> PostgresPool::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < options_.pool_size;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&available), options_.connect_timeout)) {
      return MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                       "store unavailable: every database connection is busy");
    }
    if (!idle_.empty()) {
      Idle idle = std::move(idle_.back());
      idle_.pop_back();
      return Connection(this, idle.conn, std::move(idle.statements));
    }
    ++open_;  // reserve the slot; connect without holding the lock
  }
  auto conn = Connect();
  if (!conn.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
    return conn.status();
  }
  return Connection(this, *conn, std::make_unique<PgStatements>());
}

void PostgresPool::Release(pg_conn* conn, std::unique_ptr<PgStatements> statements,
                           bool discard) {
  // Only a healthy connection outside any transaction goes back.
  if (discard || PQstatus(conn) != CONNECTION_OK || PQtransactionStatus(conn) != PQTRANS_IDLE) {
    PQfinish(conn);
    absl::MutexLock lock(&mu_);
    --open_;
    return;
  }
  absl::MutexLock lock(&mu_);
  idle_.push_back(Idle{conn, std::move(statements)});
}

PostgresPool::Connection::~Connection() {
  if (conn_ != nullptr) pool_->Release(conn_, std::move(statements_), false);
}

void PostgresPool::Connection::Discard() {
  if (conn_ != nullptr) pool_->Release(conn_, std::move(statements_), true);
  conn_ = nullptr;
}

}  // namespace cancela::store
