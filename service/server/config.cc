#include "service/server/config.h"

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"
#include "common/secret_source.h"

namespace cancela::server {
namespace {

absl::Status Bad(const std::string& field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("config: ", field, ": ", why));
}

absl::StatusOr<std::string> RequiredString(const nlohmann::json& obj, const std::string& key,
                                           const std::string& path) {
  auto value = json::GetString(obj, key);
  if (!value || value->empty()) return Bad(path + key, "required, a non-empty string");
  return *value;
}

absl::Status ReadMillis(const nlohmann::json& obj, const std::string& key, const std::string& path,
                        int64_t min_ms, absl::Duration& out) {
  const nlohmann::json* v = json::Find(obj, key);
  if (v == nullptr) return absl::OkStatus();
  auto ms = json::GetInt(obj, key);
  if (!ms || *ms < min_ms) {
    return Bad(path + key, absl::StrCat("an integer number of milliseconds, at least ", min_ms));
  }
  out = absl::Milliseconds(*ms);
  return absl::OkStatus();
}

bool IsHexSha256(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c)) ||
        absl::ascii_isupper(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

absl::Status CheckKnownKeys(const nlohmann::json& obj, const std::set<std::string>& known,
                            const std::string& path) {
  for (const auto& [key, value] : obj.items()) {
    if (known.count(key) == 0) return Bad(path + key, "unknown setting");
  }
  return absl::OkStatus();
}

// {per_second, burst} at `path`.
absl::Status ReadRateLimit(const nlohmann::json& obj, const std::string& path,
                           RateLimitConfig& out) {
  if (!obj.is_object()) return Bad(path, "an object {per_second, burst}");
  if (auto s = CheckKnownKeys(obj, {"per_second", "burst"}, path + "."); !s.ok()) return s;
  if (const nlohmann::json* rate = json::Find(obj, "per_second")) {
    if (!rate->is_number() || rate->get<double>() <= 0 || rate->get<double>() > 1e6) {
      return Bad(path + ".per_second", "a number of requests per second above 0");
    }
    out.per_second = rate->get<double>();
  }
  if (json::Find(obj, "burst")) {
    auto burst = json::GetInt(obj, "burst");
    if (!burst || *burst < 1 || *burst > 1000000) {
      return Bad(path + ".burst", "an integer from 1 to 1000000");
    }
    out.burst = static_cast<int>(*burst);
  }
  return absl::OkStatus();
}

// The providers this version knows (schedules may name them before an account uses them).
const std::set<std::string> kProviders = {"cielo_ecommerce", "cielo_checkout", "cielo_unica",
                                          "payu", "zoop"};

// check_backoff_ms, give_up_after_ms and, per provider only, daily_at ("HH:MM") with
// utc_offset_minutes, into `schedule`. A backoff replaces a daily time and the other way round.
absl::Status ReadSchedule(const nlohmann::json& obj, const std::string& path, bool global,
                          core::CheckSchedule& schedule) {
  if (auto s = ReadMillis(obj, "give_up_after_ms", path, 1000, schedule.give_up_after); !s.ok()) {
    return s;
  }
  if (const nlohmann::json* backoff = json::Find(obj, "check_backoff_ms")) {
    if (!backoff->is_array() || backoff->empty()) {
      return Bad(path + "check_backoff_ms", "a non-empty array of milliseconds");
    }
    schedule.backoff.clear();
    for (size_t i = 0; i < backoff->size(); ++i) {
      if (!(*backoff)[i].is_number_integer() || (*backoff)[i].get<int64_t>() < 100) {
        return Bad(absl::StrCat(path, "check_backoff_ms[", i, "]"), "at least 100 ms");
      }
      schedule.backoff.push_back(absl::Milliseconds((*backoff)[i].get<int64_t>()));
    }
    schedule.daily_at.reset();
  }
  if (global) return absl::OkStatus();
  if (json::Find(obj, "daily_at")) {
    auto text = json::GetString(obj, "daily_at");
    int hours = -1, minutes = -1;
    if (!text || text->size() != 5 || (*text)[2] != ':' ||
        std::sscanf(text->c_str(), "%2d:%2d", &hours, &minutes) != 2 || hours < 0 || hours > 23 ||
        minutes < 0 || minutes > 59) {
      return Bad(path + "daily_at", "a local time of day \"HH:MM\"");
    }
    schedule.daily_at = absl::Hours(hours) + absl::Minutes(minutes);
  }
  if (json::Find(obj, "utc_offset_minutes")) {
    auto offset = json::GetInt(obj, "utc_offset_minutes");
    if (!offset || *offset < -14 * 60 || *offset > 14 * 60) {
      return Bad(path + "utc_offset_minutes", "an integer from -840 to 840");
    }
    schedule.zone = absl::FixedTimeZone(static_cast<int>(*offset) * 60);
  }
  return absl::OkStatus();
}

absl::Status ParsePostgres(const nlohmann::json& pg, PostgresConfig& out) {
  if (!pg.is_object()) return Bad("store.postgres", "must be an object");
  if (auto s = CheckKnownKeys(pg, {"dsn", "pool_size", "connect_timeout_ms",
                                   "statement_timeout_ms", "startup_timeout_ms", "$comment"},
                              "store.postgres.");
      !s.ok()) {
    return s;
  }
  const nlohmann::json* dsn = json::Find(pg, "dsn");
  if (dsn == nullptr || !dsn->is_object() || dsn->size() != 1 ||
      !(dsn->contains("file") || dsn->contains("env") || dsn->contains("value"))) {
    return Bad("store.postgres.dsn",
               "required, one of {\"file\": path}, {\"env\": variable}, {\"value\": dsn}");
  }
  out.dsn = *dsn;
  if (json::Find(pg, "pool_size")) {
    auto n = json::GetInt(pg, "pool_size");
    if (!n || *n < 1 || *n > 256) return Bad("store.postgres.pool_size", "an integer from 1 to 256");
    out.pool_size = static_cast<int>(*n);
  }
  if (auto s = ReadMillis(pg, "connect_timeout_ms", "store.postgres.", 100, out.connect_timeout);
      !s.ok()) {
    return s;
  }
  if (auto s = ReadMillis(pg, "startup_timeout_ms", "store.postgres.", 0, out.startup_timeout);
      !s.ok()) {
    return s;
  }
  return ReadMillis(pg, "statement_timeout_ms", "store.postgres.", 100, out.statement_timeout);
}

absl::Status ParseSqlite(const nlohmann::json& sqlite, SqliteConfig& out) {
  if (!sqlite.is_object()) return Bad("store.sqlite", "must be an object");
  if (auto s = CheckKnownKeys(sqlite, {"max_batch", "read_connections", "$comment"},
                              "store.sqlite.");
      !s.ok()) {
    return s;
  }
  if (json::Find(sqlite, "max_batch")) {
    auto n = json::GetInt(sqlite, "max_batch");
    if (!n || *n < 1 || *n > 10000) return Bad("store.sqlite.max_batch", "an integer from 1 to 10000");
    out.max_batch = static_cast<int>(*n);
  }
  if (json::Find(sqlite, "read_connections")) {
    auto n = json::GetInt(sqlite, "read_connections");
    if (!n || *n < 1 || *n > 64) {
      return Bad("store.sqlite.read_connections", "an integer from 1 to 64");
    }
    out.read_connections = static_cast<int>(*n);
  }
  return absl::OkStatus();
}

absl::Status ParseStore(const nlohmann::json& store, Config& config) {
  if (!store.is_object()) return Bad("store", "must be an object");
  if (auto s = CheckKnownKeys(store, {"kind", "sqlite_path", "sqlite", "postgres", "$comment"},
                              "store.");
      !s.ok()) {
    return s;
  }
  const nlohmann::json* pg = json::Find(store, "postgres");
  config.store_kind = pg != nullptr ? StoreKind::kPostgres : StoreKind::kSqlite;
  if (json::Find(store, "kind")) {
    auto kind = RequiredString(store, "kind", "store.");
    if (!kind.ok()) return kind.status();
    if (*kind != "sqlite" && *kind != "postgres") return Bad("store.kind", "sqlite or postgres");
    config.store_kind = *kind == "postgres" ? StoreKind::kPostgres : StoreKind::kSqlite;
  }
  if (json::Find(store, "sqlite_path")) {
    auto path = RequiredString(store, "sqlite_path", "store.");
    if (!path.ok()) return path.status();
    config.sqlite_path = *path;
  }
  if (const nlohmann::json* sqlite = json::Find(store, "sqlite")) {
    if (auto s = ParseSqlite(*sqlite, config.sqlite); !s.ok()) return s;
  }
  if (config.store_kind == StoreKind::kPostgres) {
    if (pg == nullptr) return Bad("store.postgres", "required when store.kind is postgres");
    return ParsePostgres(*pg, config.postgres);
  }
  return absl::OkStatus();
}

absl::StatusOr<TlsConfig> ParseTls(const nlohmann::json& tls) {
  const std::string path = "server.tls.";
  if (!tls.is_object()) return Bad("server.tls", "must be an object");
  if (auto s = CheckKnownKeys(tls, {"cert_file", "key_file", "client_ca_file", "client_auth",
                                    "refresh_interval_ms", "$comment"},
                              path);
      !s.ok()) {
    return s;
  }
  TlsConfig out;
  auto cert = RequiredString(tls, "cert_file", path);
  if (!cert.ok()) return cert.status();
  out.cert_file = *cert;
  auto key = RequiredString(tls, "key_file", path);
  if (!key.ok()) return key.status();
  out.key_file = *key;
  if (json::Find(tls, "client_ca_file")) {
    auto ca = RequiredString(tls, "client_ca_file", path);
    if (!ca.ok()) return ca.status();
    out.client_ca_file = *ca;
  }
  if (json::Find(tls, "client_auth")) {
    auto mode = RequiredString(tls, "client_auth", path);
    if (!mode.ok()) return mode.status();
    if (*mode == "none") {
      out.client_auth = ClientAuth::kNone;
    } else if (*mode == "request") {
      out.client_auth = ClientAuth::kRequest;
    } else if (*mode == "require") {
      out.client_auth = ClientAuth::kRequire;
    } else {
      return Bad(path + "client_auth", "one of none, request, require");
    }
  }
  if (out.client_auth != ClientAuth::kNone && out.client_ca_file.empty()) {
    return Bad(path + "client_ca_file", "required when client_auth is request or require");
  }
  // The file watcher counts in whole seconds.
  if (auto s = ReadMillis(tls, "refresh_interval_ms", path, 1000, out.refresh_interval); !s.ok()) {
    return s;
  }
  if (out.refresh_interval % absl::Seconds(1) != absl::ZeroDuration()) {
    return Bad(path + "refresh_interval_ms", "a whole number of seconds");
  }
  return out;
}

}  // namespace

absl::StatusOr<Config> ParseConfig(const std::string& text) {
  auto parsed = json::Parse(text);
  if (!parsed || !parsed->is_object()) {
    return absl::InvalidArgumentError("config: not a JSON object");
  }
  const nlohmann::json& root = *parsed;
  Config config;
  if (auto s = CheckKnownKeys(root, {"listen", "store", "tenants", "provider_accounts", "engine",
                                     "server", "metrics", "webhooks", "log_level", "$comment"},
                              "");
      !s.ok()) {
    return s;
  }

  if (json::Find(root, "listen")) {
    auto listen = RequiredString(root, "listen", "");
    if (!listen.ok()) return listen.status();
    config.listen = *listen;
  }
  if (const nlohmann::json* store = json::Find(root, "store")) {
    if (auto s = ParseStore(*store, config); !s.ok()) return s;
  }
  if (const nlohmann::json* metrics = json::Find(root, "metrics")) {
    if (auto s = CheckKnownKeys(*metrics, {"listen"}, "metrics."); !s.ok()) return s;
    auto listen = json::GetString(*metrics, "listen");
    if (!listen) return Bad("metrics.listen", "a host:port string, or \"\" for no metrics");
    config.metrics_listen = *listen;
  }
  if (const nlohmann::json* webhooks = json::Find(root, "webhooks")) {
    if (auto s = CheckKnownKeys(*webhooks, {"listen"}, "webhooks."); !s.ok()) return s;
    auto listen = json::GetString(*webhooks, "listen");
    if (!listen) return Bad("webhooks.listen", "a host:port string, or \"\" for no listener");
    config.webhooks_listen = *listen;
  }
  if (json::Find(root, "log_level")) {
    auto level = RequiredString(root, "log_level", "");
    if (!level.ok()) return level.status();
    if (*level != "debug" && *level != "info" && *level != "warn" && *level != "error") {
      return Bad("log_level", "one of debug, info, warn, error");
    }
    config.log_level = *level;
  }

  const nlohmann::json* tenants = json::Find(root, "tenants");
  if (tenants == nullptr || !tenants->is_array() || tenants->empty()) {
    return Bad("tenants", "required, a non-empty array");
  }
  std::set<std::string> tenant_names;
  std::set<std::string> all_hashes;
  std::set<std::string> all_subjects;
  for (size_t i = 0; i < tenants->size(); ++i) {
    const std::string path = absl::StrCat("tenants[", i, "].");
    const nlohmann::json& t = (*tenants)[i];
    if (!t.is_object()) return Bad(path.substr(0, path.size() - 1), "must be an object");
    if (auto s = CheckKnownKeys(t, {"name", "token_sha256", "client_cert_subjects", "rate_limit",
                                    "$comment"},
                                path);
        !s.ok()) {
      return s;
    }
    TenantConfig tenant;
    auto name = RequiredString(t, "name", path);
    if (!name.ok()) return name.status();
    tenant.name = *name;
    if (!tenant_names.insert(tenant.name).second) return Bad(path + "name", "duplicate tenant");
    if (const nlohmann::json* subjects = json::Find(t, "client_cert_subjects")) {
      if (!subjects->is_array() || subjects->empty()) {
        return Bad(path + "client_cert_subjects", "a non-empty array of certificate names");
      }
      for (size_t j = 0; j < subjects->size(); ++j) {
        const std::string spath = absl::StrCat(path, "client_cert_subjects[", j, "]");
        if (!(*subjects)[j].is_string() || (*subjects)[j].get<std::string>().empty()) {
          return Bad(spath, "a non-empty string (a common name or subject alternative name)");
        }
        if (!all_subjects.insert((*subjects)[j].get<std::string>()).second) {
          return Bad(spath, "the same certificate name is configured twice");
        }
        tenant.client_cert_subjects.push_back((*subjects)[j].get<std::string>());
      }
    }
    // A tenant known only by its certificate needs no token.
    const nlohmann::json* hashes = json::Find(t, "token_sha256");
    if (hashes == nullptr && !tenant.client_cert_subjects.empty()) {
      config.tenants.push_back(std::move(tenant));
      continue;
    }
    if (hashes == nullptr || !hashes->is_array() || hashes->empty()) {
      return Bad(path + "token_sha256", "required, a non-empty array of SHA-256 hex digests");
    }
    for (size_t j = 0; j < hashes->size(); ++j) {
      const std::string hpath = absl::StrCat(path, "token_sha256[", j, "]");
      if (!(*hashes)[j].is_string() || !IsHexSha256((*hashes)[j].get<std::string>())) {
        return Bad(hpath, "must be 64 lower-case hex characters (sha256sum of the token)");
      }
      if (!all_hashes.insert((*hashes)[j].get<std::string>()).second) {
        return Bad(hpath, "the same token is configured twice");
      }
      tenant.token_sha256.push_back((*hashes)[j].get<std::string>());
    }
    if (const nlohmann::json* limit = json::Find(t, "rate_limit")) {
      RateLimitConfig& own = config.tenant_rate_limits[tenant.name];
      if (auto s = ReadRateLimit(*limit, path + "rate_limit", own); !s.ok()) return s;
    }
    config.tenants.push_back(std::move(tenant));
  }

  const nlohmann::json* accounts = json::Find(root, "provider_accounts");
  if (accounts == nullptr || !accounts->is_array()) {
    return Bad("provider_accounts", "required, an array");
  }
  std::set<std::string> account_names;
  for (size_t i = 0; i < accounts->size(); ++i) {
    const std::string path = absl::StrCat("provider_accounts[", i, "].");
    const nlohmann::json& a = (*accounts)[i];
    if (!a.is_object()) return Bad(path.substr(0, path.size() - 1), "must be an object");
    if (auto s = CheckKnownKeys(a, {"name", "provider", "tenants", "settings", "webhook", "letters",
                                    "max_concurrent_calls", "$comment"},
                                path);
        !s.ok()) {
      return s;
    }
    ProviderAccountConfig account;
    auto name = RequiredString(a, "name", path);
    if (!name.ok()) return name.status();
    account.name = *name;
    if (!account_names.insert(account.name).second) return Bad(path + "name", "duplicate account");
    auto provider = RequiredString(a, "provider", path);
    if (!provider.ok()) return provider.status();
    account.provider = *provider;
    const nlohmann::json* ts = json::Find(a, "tenants");
    if (ts == nullptr || !ts->is_array() || ts->empty()) {
      return Bad(path + "tenants", "required, a non-empty array of tenant names");
    }
    for (size_t j = 0; j < ts->size(); ++j) {
      if (!(*ts)[j].is_string() || tenant_names.count((*ts)[j].get<std::string>()) == 0) {
        return Bad(absl::StrCat(path, "tenants[", j, "]"), "not a tenant defined in tenants");
      }
      account.tenants.push_back((*ts)[j].get<std::string>());
    }
    const nlohmann::json* settings = json::Find(a, "settings");
    if (settings == nullptr || !settings->is_object()) {
      return Bad(path + "settings", "required, an object");
    }
    account.settings = *settings;
    if (const nlohmann::json* webhook = json::Find(a, "webhook")) {
      if (!webhook->is_object()) return Bad(path + "webhook", "an object {header, token}");
      if (auto s = CheckKnownKeys(*webhook, {"header", "token"}, path + "webhook."); !s.ok()) {
        return s;
      }
      auto header = RequiredString(*webhook, "header", path + "webhook.");
      if (!header.ok()) return header.status();
      account.webhook_header = absl::AsciiStrToLower(*header);
      const nlohmann::json* token = json::Find(*webhook, "token");
      if (token == nullptr) return Bad(path + "webhook.token", "required, a secret source");
      auto secret = LoadSecret(*token, path + "webhook.token");
      if (!secret.ok()) return secret.status();
      if (secret->Reveal().size() < 16) {
        return Bad(path + "webhook.token", "at least 16 characters");
      }
      account.webhook_token = *std::move(secret);
    }
    if (const nlohmann::json* letters = json::Find(a, "letters")) {
      const std::string lpath = path + "letters.";
      if (!letters->is_object()) return Bad(path + "letters", "an object");
      if (auto s = CheckKnownKeys(*letters, {"merchant_name", "merchant_id"}, lpath); !s.ok()) {
        return s;
      }
      for (const char* key : {"merchant_name", "merchant_id"}) {
        if (json::Find(*letters, key) == nullptr) continue;
        auto value = RequiredString(*letters, key, lpath);
        if (!value.ok()) return value.status();
        if (value->size() > 200) return Bad(lpath + key, "at most 200 characters");
        (std::string(key) == "merchant_name" ? account.letter_merchant_name
                                             : account.letter_merchant_id) = *value;
      }
    }
    if (json::Find(a, "max_concurrent_calls")) {
      auto n = json::GetInt(a, "max_concurrent_calls");
      if (!n || *n < 1 || *n > 10000) {
        return Bad(path + "max_concurrent_calls", "an integer from 1 to 10000");
      }
      account.max_concurrent_calls = static_cast<int>(*n);
    }
    config.provider_accounts.push_back(std::move(account));
  }

  if (const nlohmann::json* engine = json::Find(root, "engine")) {
    if (auto s = CheckKnownKeys(*engine, {"provider_timeout_ms", "submit_lease_ms",
                                          "poll_interval_ms", "check_backoff_ms",
                                          "give_up_after_ms", "schedules"},
                                "engine.");
        !s.ok()) {
      return s;
    }
    if (auto s = ReadMillis(*engine, "provider_timeout_ms", "engine.", 100, config.provider_timeout); !s.ok()) return s;
    if (auto s = ReadMillis(*engine, "submit_lease_ms", "engine.", 100, config.submit_lease); !s.ok()) return s;
    if (auto s = ReadMillis(*engine, "poll_interval_ms", "engine.", 100, config.poll_interval); !s.ok()) return s;
    // Set globally, they replace every built-in schedule; engine.schedules refines per provider.
    if (auto s = ReadSchedule(*engine, "engine.", /*replace_all=*/true, config.check_schedules.fallback);
        !s.ok()) {
      return s;
    }
    for (auto& [provider, schedule] : config.check_schedules.by_provider) {
      (void)ReadSchedule(*engine, "engine.", true, schedule);
    }
    if (const nlohmann::json* schedules = json::Find(*engine, "schedules")) {
      if (!schedules->is_object()) return Bad("engine.schedules", "an object {provider: schedule}");
      for (const auto& [provider, entry] : schedules->items()) {
        const std::string path = absl::StrCat("engine.schedules.", provider, ".");
        if (kProviders.count(provider) == 0) {
          return Bad(absl::StrCat("engine.schedules.", provider), "not a provider");
        }
        if (!entry.is_object()) return Bad(absl::StrCat("engine.schedules.", provider), "an object");
        if (auto s = CheckKnownKeys(entry, {"check_backoff_ms", "give_up_after_ms", "daily_at",
                                            "utc_offset_minutes"},
                                    path);
            !s.ok()) {
          return s;
        }
        core::CheckSchedule schedule = config.check_schedules.For(provider);
        if (auto s = ReadSchedule(entry, path, false, schedule); !s.ok()) return s;
        config.check_schedules.by_provider[provider] = schedule;
      }
    }
  }
  // A request owns its operation while it calls the provider; the lease must outlive the call or
  // a duplicate could take over an operation whose provider call is still running.
  if (config.submit_lease <= config.provider_timeout) {
    return Bad("engine.submit_lease_ms", "must be longer than engine.provider_timeout_ms");
  }
  if (const nlohmann::json* server = json::Find(root, "server")) {
    if (auto s = CheckKnownKeys(*server, {"worker_threads", "shutdown_grace_ms", "max_message_bytes",
                                          "max_metadata_bytes", "rate_limit", "tls",
                                          "health_listen"},
                                "server.");
        !s.ok()) {
      return s;
    }
    if (const nlohmann::json* tls = json::Find(*server, "tls")) {
      auto tls_config = ParseTls(*tls);
      if (!tls_config.ok()) return tls_config.status();
      config.tls = *std::move(tls_config);
    }
    if (json::Find(*server, "health_listen")) {
      auto listen = json::GetString(*server, "health_listen");
      if (!listen) return Bad("server.health_listen", "a host:port string, or \"\" for none");
      config.health_listen = *listen;
    }
    if (auto s = ReadMillis(*server, "shutdown_grace_ms", "server.", 0, config.shutdown_grace); !s.ok()) return s;
    if (json::Find(*server, "worker_threads")) {
      auto n = json::GetInt(*server, "worker_threads");
      if (!n || *n < 1 || *n > 1024) return Bad("server.worker_threads", "an integer from 1 to 1024");
      config.worker_threads = static_cast<int>(*n);
    }
    if (json::Find(*server, "max_message_bytes")) {
      auto n = json::GetInt(*server, "max_message_bytes");
      if (!n || *n < 4096 || *n > (64 << 20)) {
        return Bad("server.max_message_bytes", "an integer from 4096 to 67108864");
      }
      config.max_message_bytes = static_cast<int>(*n);
    }
    if (json::Find(*server, "max_metadata_bytes")) {
      auto n = json::GetInt(*server, "max_metadata_bytes");
      if (!n || *n < 1024 || *n > (1 << 20)) {
        return Bad("server.max_metadata_bytes", "an integer from 1024 to 1048576");
      }
      config.max_metadata_bytes = static_cast<int>(*n);
    }
    if (const nlohmann::json* limit = json::Find(*server, "rate_limit")) {
      if (auto s = ReadRateLimit(*limit, "server.rate_limit", config.rate_limit); !s.ok()) return s;
    }
  }
  // Certificate names can only be seen when the listener asks for client certificates.
  for (size_t i = 0; i < config.tenants.size(); ++i) {
    if (!config.tenants[i].client_cert_subjects.empty() &&
        (!config.tls || config.tls->client_auth == ClientAuth::kNone)) {
      return Bad(absl::StrCat("tenants[", i, "].client_cert_subjects"),
                 "needs server.tls with client_auth \"request\" or \"require\"");
    }
  }
  return config;
}

absl::StatusOr<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("config: cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseConfig(buffer.str());
}

}  // namespace cancela::server
