#include "tests/support/postgres_server.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/support/ephemeral_port.h"

namespace cancela::testing {
namespace {

constexpr char kUser[] = "cancela";

// The newest PostgreSQL installed by the distribution (/usr/lib/postgresql/<major>/bin).
std::string BinDir() {
  int best = 0;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ignored)) {
    int major = 0;
    if (absl::SimpleAtoi(entry.path().filename().string(), &major) && major > best &&
        std::filesystem::exists(entry.path() / "bin" / "initdb")) {
      best = major;
    }
  }
  return best > 0 ? absl::StrCat("/usr/lib/postgresql/", best, "/bin") : std::string();
}

// Runs a command line, as the postgres user when we are root.
absl::Status Run(const std::string& command, const std::string& what) {
  const std::string line = geteuid() == 0 ? absl::StrCat("runuser -u postgres -- ", command) : command;
  const int rc = std::system(line.c_str());
  if (rc != 0) return absl::InternalError(absl::StrCat(what, " failed (", rc, "): ", line));
  return absl::OkStatus();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

std::string UniqueDatabaseName(const std::string& hint) {
  static std::atomic<int> counter{0};
  std::string name = "t";
  for (char c : hint) {
    name += absl::ascii_isalnum(static_cast<unsigned char>(c))
                ? absl::ascii_tolower(static_cast<unsigned char>(c))
                : '_';
  }
  name = name.substr(0, 36);
  absl::StrAppend(&name, "_", getpid(), "_", counter.fetch_add(1), "_",
                  absl::ToUnixMicros(absl::Now()) % 1000000);
  return name;
}

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Create(const std::string& parent,
                                                                       bool durable) {
  const std::string bin = BinDir();
  if (bin.empty()) return absl::FailedPreconditionError("PostgreSQL is not installed (apt-get install postgresql)");
  const std::string base = parent.empty() ? std::filesystem::temp_directory_path().string() : parent;
  std::string pattern = base + "/cancela-pg-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return absl::InternalError("mkdtemp failed");
  const std::string dir = pattern;
  if (geteuid() == 0) {
    const passwd* pw = getpwnam("postgres");
    if (pw == nullptr) return absl::FailedPreconditionError("no postgres user to run PostgreSQL as");
    if (chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) return absl::InternalError("chown failed");
  }
  if (auto s = Run(absl::StrCat(bin, "/initdb -D ", dir, "/data -U ", kUser,
                                " -A trust -E UTF8 --locale=C --no-sync >", dir, "/initdb.log 2>&1"),
                   "initdb");
      !s.ok()) {
    return s;
  }
  std::unique_ptr<PostgresServer> server(new PostgresServer(dir, 0, /*owned=*/true, durable));
  absl::Status started;
  for (int attempt = 0; attempt < 5; ++attempt) {  // the port may be taken between bind and start
    server->port_ = EphemeralLoopbackPort();
    started = server->StartServer();
    if (started.ok()) break;
  }
  if (!started.ok()) return started;
  std::ofstream(dir + "/port") << server->port_;
  return server;
}

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Attach(const std::string& dir) {
  int port = 0;
  std::string text = ReadFile(dir + "/port");
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &port) || port <= 0) {
    return absl::FailedPreconditionError(absl::StrCat("no PostgreSQL server recorded in ", dir));
  }
  return std::unique_ptr<PostgresServer>(new PostgresServer(dir, port, /*owned=*/false));
}

PostgresServer::~PostgresServer() {
  if (!owned_) return;
  (void)Stop(/*immediate=*/true);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::Status PostgresServer::StartServer() {
  const std::string options = absl::StrCat(
      "-p ", port_, " -c listen_addresses=127.0.0.1 -c unix_socket_directories=", dir_,
      durable_ ? "" : " -c fsync=off -c full_page_writes=off",
      " -c max_connections=300 -c shared_buffers=32MB");
  return Run(absl::StrCat(BinDir(), "/pg_ctl -D ", dir_, "/data -l ", dir_, "/server.log -w -t 60 -o '",
                          options, "' start >>", dir_, "/pg_ctl.log 2>&1"),
             "pg_ctl start");
}

absl::Status PostgresServer::Stop(bool immediate) {
  return Run(absl::StrCat(BinDir(), "/pg_ctl -D ", dir_, "/data -w -t 60 -m ",
                          immediate ? "immediate" : "fast", " stop >>", dir_, "/pg_ctl.log 2>&1"),
             "pg_ctl stop");
}

absl::Status PostgresServer::Restart() { return StartServer(); }

std::string PostgresServer::Dsn(const std::string& database) const {
  return absl::StrCat("host=127.0.0.1 port=", port_, " user=", kUser, " dbname=", database);
}

absl::Status PostgresServer::Execute(const std::string& dsn, const std::string& sql) const {
  PGconn* conn = PQconnectdb(dsn.c_str());
  absl::Status status;
  if (PQstatus(conn) != CONNECTION_OK) {
    status = absl::UnavailableError(PQerrorMessage(conn));
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    const ExecStatusType rc = PQresultStatus(result);
    if (rc != PGRES_COMMAND_OK && rc != PGRES_TUPLES_OK) {
      status = absl::InternalError(PQresultErrorMessage(result));
    }
    PQclear(result);
  }
  PQfinish(conn);
  return status;
}

absl::StatusOr<std::string> PostgresServer::NewSchemaDsn(const std::string& name) const {
  if (auto s = Execute(Dsn(), absl::StrCat("CREATE SCHEMA ", name)); !s.ok()) return s;
  return absl::StrCat(Dsn(), " options='-csearch_path=", name, "'");
}

absl::StatusOr<std::string> PostgresServer::NewDatabaseDsn(const std::string& name) const {
  if (auto s = Execute(Dsn(), absl::StrCat("CREATE DATABASE ", name)); !s.ok()) return s;
  return Dsn(name);
}

PostgresServer& TestPostgres() {
  static PostgresServer* server = [] {
    const char* dir = std::getenv("CANCELA_TEST_POSTGRES_DIR");
    auto made = dir != nullptr && *dir != '\0' ? PostgresServer::Attach(dir) : PostgresServer::Create();
    if (!made.ok()) {
      fprintf(stderr, "test PostgreSQL: %s\n", std::string(made.status().message()).c_str());
      std::abort();
    }
    return made->release();
  }();
  // A private server is stopped at exit.
  static struct Stopper {
    ~Stopper() { delete server; }
  } stopper;
  return *server;
}

}  // namespace cancela::testing
