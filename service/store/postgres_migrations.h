#pragma once
// The PostgreSQL schema as numbered migrations, applied at start. Several replicas starting at
// once take turns on an advisory lock (per schema); each migration is one transaction and is
// recorded in schema_migrations, so it runs exactly once.

#include "absl/status/status.h"

struct pg_conn;

namespace cancela::store {

absl::Status MigratePostgres(pg_conn* conn);

// The number of migrations this build knows.
int PostgresSchemaVersion();

}  // namespace cancela::store
