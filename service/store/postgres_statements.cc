#include "service/store/postgres_statements.h"

#include <libpq-fe.h>

#include <vector>

#include "absl/strings/str_cat.h"

namespace cancela::store {

absl::StatusOr<PgResult> PgStatements::Exec(pg_conn* conn, const char* sql,
                                            const PgParams& params) {
  auto it = names_.find(sql);
  if (it == names_.end()) {
    if (names_.size() >= kMaxStatements) return PgExec(conn, sql, params);
    std::string name = absl::StrCat("cancela_", names_.size());
    // Parameter types are inferred from the statement, as PQexecParams does.
    auto prepared = PgChecked(conn, PQprepare(conn, name.c_str(), sql, params.size(), nullptr),
                              "prepare");
    if (!prepared.ok()) return prepared.status();
    it = names_.emplace(sql, std::move(name)).first;
  }
  const std::vector<const char*> values = params.Values();
  return PgChecked(conn,
                   PQexecPrepared(conn, it->second.c_str(), params.size(), values.data(),
                                  params.Lengths(), params.Formats(), /*resultFormat=*/0),
                   "statement");
}

}  // namespace cancela::store
