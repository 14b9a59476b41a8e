#pragma once
// cancela's one configuration file (JSON), validated at start. Errors name the offending field,
// e.g. `provider_accounts[0].tenants[1]: unknown tenant "globx"`. Flags override `listen` and
// `store.sqlite_path`, the settings operators change per deployment.

#include "common/secret.h"
#include "service/core/check_schedule.h"
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace cancela::server {

// A token bucket: `burst` requests at once, refilled at `per_second`.
struct RateLimitConfig {
  double per_second = 100;
  int burst = 200;
};

struct TenantConfig {
  std::string name;
  std::vector<std::string> token_sha256;  // lower-case hex SHA-256 of each accepted bearer token
  // Names a verified client certificate may carry (its common name or a DNS/URI subject
  // alternative name, exact match) to be taken as this tenant over mutual TLS.
  std::vector<std::string> client_cert_subjects;
};

// Whether the TLS listener asks callers for a certificate. An offered certificate is always
// verified against client_ca_file.
enum class ClientAuth { kNone, kRequest, kRequire };

// `server.tls`: the gRPC listener speaks TLS with these files, re-read every refresh_interval
// (certificates are rotated by replacing the files; no restart).
struct TlsConfig {
  std::string cert_file;       // PEM chain
  std::string key_file;        // PEM private key
  std::string client_ca_file;  // PEM roots for client certificates; empty: none asked for
  ClientAuth client_auth = ClientAuth::kNone;
  absl::Duration refresh_interval = absl::Seconds(10);
};

struct ProviderAccountConfig {
  std::string name;
  std::string provider;
  std::vector<std::string> tenants;
  nlohmann::json settings;  // validated by the provider's factory
  // Notifications: {"header": "X-…", "token": {"file"|"env"|"value": …}}; empty: none taken.
  std::string webhook_header;
  Secret webhook_token;
  // How the merchant is named on cancela's own letters (`letters.merchant_name`,
  // `letters.merchant_id`); empty: the account name, and the merchant id of the sale if any.
  std::string letter_merchant_name;
  std::string letter_merchant_id;
  // Provider calls in flight at once on this account; more are refused with ACCOUNT_BUSY.
  int max_concurrent_calls = 64;
};

// Group commit of the SQLite store (`store.sqlite`): see service/store/sqlite_store.h.
struct SqliteConfig {
  int max_batch = 256;        // the most writes one transaction (one fsync) carries
  int read_connections = 4;   // connections serving reads beside the single writer
};

// The PostgreSQL store (several replicas over one database).
struct PostgresConfig {
  nlohmann::json dsn;  // a secret source: {"file": …} | {"env": …} | {"value": …}
  int pool_size = 8;   // connections per replica
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration statement_timeout = absl::Seconds(10);
  // At start, how long to keep trying while the database is unreachable (it often starts with us).
  absl::Duration startup_timeout = absl::Seconds(30);
};

enum class StoreKind { kSqlite, kPostgres };

struct Config {
  std::string listen = "localhost:50051";
  std::optional<TlsConfig> tls;  // unset: plaintext
  // A second, plaintext listener that serves only grpc.health.v1 (probes that cannot speak TLS);
  // empty: none.
  std::string health_listen;
  // SQLite unless store.kind says "postgres" (or store.postgres is given without a kind).
  StoreKind store_kind = StoreKind::kSqlite;
  std::string sqlite_path = "var/cancela.db";
  SqliteConfig sqlite;
  PostgresConfig postgres;
  std::vector<TenantConfig> tenants;
  std::vector<ProviderAccountConfig> provider_accounts;
  absl::Duration provider_timeout = absl::Seconds(30);
  absl::Duration submit_lease = absl::Seconds(60);
  absl::Duration poll_interval = absl::Seconds(1);
  // Whether the poller runs once right at start, for what a previous process left pending. Tests
  // that drive the poller themselves turn it off; notifications still wake it.
  bool poll_at_start = true;
  // Per provider (engine.schedules), else the built-in ones; engine.check_backoff_ms and
  // engine.give_up_after_ms, when set, replace every built-in one.
  core::CheckSchedules check_schedules = core::DefaultCheckSchedules();
  absl::Duration shutdown_grace = absl::Seconds(10);
  int worker_threads = 32;
  int max_message_bytes = 1 << 20;
  int max_metadata_bytes = 16 << 10;
  RateLimitConfig rate_limit;  // server.rate_limit: for tenants without their own
  std::map<std::string, RateLimitConfig> tenant_rate_limits;  // tenants[].rate_limit
  std::string log_level = "info";
  std::string metrics_listen = "localhost:9464";  // empty: no metrics endpoint
  std::string webhooks_listen;  // empty: no webhook listener
};

absl::StatusOr<Config> ParseConfig(const std::string& text);
absl::StatusOr<Config> LoadConfigFile(const std::string& path);

}  // namespace cancela::server
