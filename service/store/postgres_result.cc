#include "service/store/postgres_result.h"

#include <libpq-fe.h>

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "service/store/unix_micros.h"

namespace cancela::store {

PgParams& PgParams::Add(std::string_view text) {
  values_.emplace_back(text);
  null_.push_back(false);
  lengths_.push_back(static_cast<int>(text.size()));
  formats_.push_back(0);
  return *this;
}

PgParams& PgParams::Add(int64_t value) { return Add(absl::StrCat(value)); }

PgParams& PgParams::AddBool(bool value) { return Add(value ? "true" : "false"); }

PgParams& PgParams::AddTime(absl::Time t) { return Add(ToMicros(t)); }

PgParams& PgParams::AddBytes(std::string_view bytes) {
  Add(bytes);
  formats_.back() = 1;  // binary: the bytes as they are, NULs included
  return *this;
}

PgParams& PgParams::AddNull() {
  Add(std::string_view());
  null_.back() = true;
  return *this;
}

std::vector<const char*> PgParams::Values() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (size_t i = 0; i < values_.size(); ++i) out.push_back(null_[i] ? nullptr : values_[i].c_str());
  return out;
}

PgResult::~PgResult() {
  if (result_ != nullptr) PQclear(result_);
}

int PgResult::rows() const { return PQntuples(result_); }

int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(result_);
  return n == nullptr || *n == '\0' ? 0 : std::strtoll(n, nullptr, 10);
}

std::string PgResult::command_tag() const { return PQcmdStatus(result_); }

bool PgResult::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) == 1; }

std::string PgResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<size_t>(PQgetlength(result_, row, column)));
}

int64_t PgResult::Int(int row, int column) const {
  return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}

bool PgResult::Bool(int row, int column) const { return PQgetvalue(result_, row, column)[0] == 't'; }

absl::Time PgResult::Time(int row, int column) const { return FromMicros(Int(row, column)); }

std::string PgResult::Bytes(int row, int column) const {
  size_t length = 0;
  unsigned char* raw = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, column)), &length);
  if (raw == nullptr) return std::string();
  std::string out(reinterpret_cast<const char*>(raw), length);
  PQfreemem(raw);
  return out;
}

absl::StatusOr<PgResult> PgChecked(pg_conn* conn, pg_result* raw, std::string_view what) {
  PgResult result(raw);
  const ExecStatusType status = raw == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(raw);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  return PgError(conn, raw, what);
}

absl::StatusOr<PgResult> PgExec(pg_conn* conn, const char* sql, const PgParams& params) {
  const std::vector<const char*> values = params.Values();
  PGresult* raw = PQexecParams(conn, sql, params.size(), nullptr, values.data(), params.Lengths(),
                               params.Formats(), /*resultFormat=*/0);
  return PgChecked(conn, raw, "statement");
}

absl::StatusOr<PgResult> PgExecText(pg_conn* conn, const char* sql) {
  return PgChecked(conn, PQexec(conn, sql), "statement");
}

absl::Status PgError(pg_conn* conn, const pg_result* result, std::string_view what) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state != nullptr ? state : "";
  if (sqlstate.empty() || PQstatus(conn) != CONNECTION_OK) {
    // No answer from the server: the connection broke (or never was).
    return MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                     absl::StrCat("store unavailable: the database connection was lost (", std::string(what), ")"),
                     {{"sqlstate", sqlstate.empty() ? "08006" : sqlstate}});
  }
  // The primary message only: DETAIL lines may quote row values.
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const std::string message = primary != nullptr ? primary : "error";
  const bool transient = absl::StartsWith(sqlstate, "08") ||   // connection exception
                         absl::StartsWith(sqlstate, "53") ||   // insufficient resources
                         absl::StartsWith(sqlstate, "57P") ||  // shutting down, cannot connect now
                         sqlstate == "40001" ||                // serialization failure
                         sqlstate == "40P01" ||                // deadlock
                         sqlstate == "55P03" ||                // lock not available
                         sqlstate == "57014";                  // statement timeout / cancelled
  if (transient) {
    return MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                     absl::StrCat("store unavailable: ", message), {{"sqlstate", sqlstate}});
  }
  return MakeError(absl::StatusCode::kInternal, v1::INTERNAL_ERROR,
                   absl::StrCat("store: ", std::string(what), ": ", message), {{"sqlstate", sqlstate}});
}

std::string SqlStateOf(const absl::Status& status) {
  const ErrorDetails details = GetErrorDetails(status);
  auto it = details.metadata.find("sqlstate");
  return it == details.metadata.end() ? std::string() : it->second;
}

bool IsRetryableConflict(const absl::Status& status) {
  const std::string state = SqlStateOf(status);
  return state == "40001" || state == "40P01" || state == "23505";
}

}  // namespace cancela::store
