#pragma once
// A throwaway PostgreSQL server for tests, from the distribution's binaries: initdb into its own
// directory, listening on 127.0.0.1 only at an ephemeral port (never 5432), trust authentication,
// fsync off (tests kill processes, not the machine). Run as the `postgres` user when we are root,
// since PostgreSQL refuses to run as root.
//
// The ctest fixture `postgres` starts one server for every PostgreSQL test (cancela_test_postgres
// start/stop) and tells them its directory in CANCELA_TEST_POSTGRES_DIR; a test binary run by hand
// starts its own. Each test then works in its own schema or database, so tests run in parallel.

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace cancela::testing {

class PostgresServer {
 public:
  // initdb + start, in a new directory under `parent` (the temp directory when empty).
  // `durable` keeps fsync on (for benchmarks that must count real commits).
  static absl::StatusOr<std::unique_ptr<PostgresServer>> Create(const std::string& parent = "",
                                                                bool durable = false);
  // The server the ctest fixture started in `dir` (not stopped when this object goes).
  static absl::StatusOr<std::unique_ptr<PostgresServer>> Attach(const std::string& dir);
  // Stops the server (and removes its directory) unless attached.
  ~PostgresServer();

  // `immediate` stops like a crash: no checkpoint, recovery from the WAL at the next start.
  absl::Status Stop(bool immediate = false);
  // Starts it again on the same port and data.
  absl::Status Restart();

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  std::string Dsn(const std::string& database = "postgres") const;
  // A new empty schema, and a DSN whose search_path is that schema.
  absl::StatusOr<std::string> NewSchemaDsn(const std::string& name) const;
  // A new empty database, and its DSN.
  absl::StatusOr<std::string> NewDatabaseDsn(const std::string& name) const;
  // Runs SQL as the superuser (for tests that poke at the schema).
  absl::Status Execute(const std::string& dsn, const std::string& sql) const;

 private:
  PostgresServer(std::string dir, int port, bool owned, bool durable = false)
      : dir_(std::move(dir)), port_(port), owned_(owned), durable_(durable) {}
  absl::Status StartServer();

  std::string dir_;
  int port_;
  bool owned_;
  bool durable_;
};

// The PostgreSQL server this test process uses: the fixture's, or a private one.
PostgresServer& TestPostgres();

// A name usable as a schema or database name, unique in this machine.
std::string UniqueDatabaseName(const std::string& hint);

}  // namespace cancela::testing
