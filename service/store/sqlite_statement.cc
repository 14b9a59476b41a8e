#include "service/store/sqlite_statement.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "service/store/sqlite_statement_cache.h"

namespace cancela::store {

absl::Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  const std::string detail = absl::StrCat(std::string(what), ": ", sqlite3_errstr(rc),
                                          db != nullptr ? absl::StrCat(" (", sqlite3_errmsg(db), ")")
                                                        : std::string());
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR ||
      primary == SQLITE_FULL || primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY) {
    return MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                     absl::StrCat("store unavailable: ", detail));
  }
  return MakeError(absl::StatusCode::kInternal, v1::INTERNAL_ERROR, absl::StrCat("store: ", detail));
}

absl::Status Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  sqlite3_free(message);
  return rc == SQLITE_OK ? absl::OkStatus() : SqliteError(db, rc, "exec");
}

absl::Status ExecCached(sqlite3* db, const char* sql) {
  auto stmt = Statement::Prepare(db, sql);
  return stmt.ok() ? stmt->Run() : stmt.status();
}

absl::StatusOr<Statement> Statement::Prepare(sqlite3* db, const char* sql) {
  StatementCache* cache = StatementCache::For(db);
  if (cache != nullptr) {
    if (sqlite3_stmt* stmt = cache->Take(sql); stmt != nullptr) return Statement(db, stmt, true);
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql, -1, cache != nullptr ? SQLITE_PREPARE_PERSISTENT : 0,
                                    &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "prepare");
  return Statement(db, stmt, cache != nullptr);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), cached_(other.cached_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  // The cache bound when it was prepared is still bound: statements live inside one call.
  StatementCache* cache = cached_ ? StatementCache::For(db_) : nullptr;
  if (cache != nullptr) {
    cache->Return(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

Statement& Statement::Bind(int index, const std::string& text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::Bind(int index, std::string&& text) {
  return Bind(index, std::string_view(text));
}

Statement& Statement::BindBlob(int index, const std::string& bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string&& bytes) {
  return BindBlob(index, std::string_view(bytes));
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::BindTime(int index, absl::Time t) { return Bind(index, ToMicros(t)); }

absl::StatusOr<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, "step");
}

absl::Status Statement::Run() {
  auto row = Step();
  return row.ok() ? absl::OkStatus() : row.status();
}

std::string Statement::Text(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  return data == nullptr ? std::string() : std::string(static_cast<const char*>(data),
                                                       static_cast<size_t>(size));
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

absl::Time Statement::Time(int column) const { return FromMicros(Int(column)); }

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

}  // namespace cancela::store
