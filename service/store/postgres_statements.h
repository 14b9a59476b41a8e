#pragma once
// Statements prepared once per PostgreSQL connection. The store's statements are few and fixed;
// sending each one's text with every call made the server parse and plan it every time. The
// first use of a text on a connection prepares it (one more round trip, once); later uses send
// only the statement's name and parameters. Prepared statements outlive transactions, including
// rolled-back ones, and die with their connection, as this cache does.

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "service/store/postgres_result.h"

struct pg_conn;

namespace cancela::store {

class PgStatements {
 public:
  // Runs `sql` on `conn` (the connection this cache belongs to), prepared.
  absl::StatusOr<PgResult> Exec(pg_conn* conn, const char* sql, const PgParams& params);

 private:
  // Texts built from filters (ListOperations' status lists) would grow the cache without end;
  // past this many, new texts run unprepared.
  static constexpr size_t kMaxStatements = 64;
  absl::flat_hash_map<std::string, std::string> names_;  // text → prepared statement name
};

}  // namespace cancela::store
