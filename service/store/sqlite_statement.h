#pragma once
// A prepared SQLite statement with typed binds and reads, and the error mapping the store uses:
// busy/locked/IO → UNAVAILABLE (retry), anything else → INTERNAL.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/store/unix_micros.h"

struct sqlite3;
struct sqlite3_stmt;

namespace cancela::store {

absl::Status SqliteError(sqlite3* db, int rc, std::string_view what);

// Runs statements without results (schema, pragmas); parses `sql` every time.
absl::Status Exec(sqlite3* db, const char* sql);
// Runs one statement without parameters or results (BEGIN, COMMIT, SAVEPOINT), through the
// thread's statement cache when one is bound: on the hot path it is parsed once.
absl::Status ExecCached(sqlite3* db, const char* sql);

class Statement {
 public:
  static absl::StatusOr<Statement> Prepare(sqlite3* db, const char* sql);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Text and bytes. An lvalue std::string is bound without a copy, so it must stay alive and
  // unchanged while the statement steps (callers bind and step in one scope); temporaries,
  // literals and views are copied.
  Statement& Bind(int index, const std::string& text);
  Statement& Bind(int index, std::string&& text);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& BindBlob(int index, const std::string& bytes);
  Statement& BindBlob(int index, std::string&& bytes);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& Bind(int index, int64_t value);
  Statement& BindTime(int index, absl::Time t);

  // One step: true when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Runs a statement that returns no rows.
  absl::Status Run();

  std::string Text(int column) const;
  int64_t Int(int column) const;
  absl::Time Time(int column) const;
  bool IsNull(int column) const;

 private:
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool cached)
      : db_(db), stmt_(stmt), cached_(cached) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool cached_;  // goes back to the thread's statement cache instead of being finalized
};

}  // namespace cancela::store
