#pragma once
// The SQLite schema, as numbered migrations applied in order at open. A migration, once
// released, never changes: a new change is a new migration.

#include "absl/status/status.h"

struct sqlite3;

namespace cancela::store {

absl::Status MigrateSqlite(sqlite3* db);

}  // namespace cancela::store
