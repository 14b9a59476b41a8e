#pragma once
// libpq in small RAII pieces: statement parameters, an owned PGresult with typed reads, and the
// error mapping the PostgreSQL store uses. A lost connection, a server shutting down, a lock or
// statement timeout and a serialization failure are UNAVAILABLE (retry later); anything else is
// INTERNAL. The SQLSTATE travels in the error's metadata ("sqlstate").

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

struct pg_conn;
struct pg_result;

namespace cancela::store {

// Positional parameters ($1, $2, …) in the order they are added. Text format, except bytes.
class PgParams {
 public:
  PgParams& Add(std::string_view text);
  PgParams& Add(const char* text) { return Add(std::string_view(text)); }
  PgParams& Add(int64_t value);
  PgParams& Add(int value) { return Add(static_cast<int64_t>(value)); }
  PgParams& AddBool(bool value);
  PgParams& AddTime(absl::Time t);  // as unix_micros.h microseconds
  PgParams& AddBytes(std::string_view bytes);
  PgParams& AddNull();

  int size() const { return static_cast<int>(values_.size()); }
  // Arrays for PQexecParams, valid while this object lives and is not changed.
  std::vector<const char*> Values() const;
  const int* Lengths() const { return lengths_.data(); }
  const int* Formats() const { return formats_.data(); }

 private:
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&&) = delete;
  ~PgResult();

  int rows() const;
  // Rows a command changed (UPDATE, INSERT, DELETE).
  int64_t affected() const;
  std::string command_tag() const;
  bool IsNull(int row, int column) const;
  std::string Text(int row, int column) const;
  int64_t Int(int row, int column) const;
  bool Bool(int row, int column) const;
  absl::Time Time(int row, int column) const;
  std::string Bytes(int row, int column) const;  // a bytea column

 private:
  pg_result* result_;
};

// Runs one statement; OK when the server answered with success.
absl::StatusOr<PgResult> PgExec(pg_conn* conn, const char* sql, const PgParams& params = {});
// Runs text without parameters (may hold several statements; the last result is returned).
absl::StatusOr<PgResult> PgExecText(pg_conn* conn, const char* sql);

// Takes ownership of `raw`: the result when the server answered with success, else its error.
absl::StatusOr<PgResult> PgChecked(pg_conn* conn, pg_result* raw, std::string_view what);
// The error for a failed result (or none: the connection is gone).
absl::Status PgError(pg_conn* conn, const pg_result* result, std::string_view what);
// The SQLSTATE an error carries, or "".
std::string SqlStateOf(const absl::Status& status);
// Serialization failures, deadlocks and unique violations a rerun of the transaction resolves.
bool IsRetryableConflict(const absl::Status& status);

}  // namespace cancela::store
