#include "service/server/config.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace cancela::server {
namespace {

constexpr char kHash[] = "61c878f14c06a4b6bba7402eb14e33c918a0f1241327efd213c7c51036341003";

std::string Minimal(const std::string& extra = "") {
  return std::string(R"({"tenants": [{"name": "acme", "token_sha256": [")") + kHash +
         R"("]}], "provider_accounts": [{"name": "a", "provider": "cielo_ecommerce",
         "tenants": ["acme"], "settings": {}}])" + extra + "}";
}

TEST(ConfigTest, ParsesAMinimalConfigWithDefaults) {
  auto config = ParseConfig(Minimal());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "localhost:50051");
  EXPECT_EQ(config->tenants.at(0).name, "acme");
  EXPECT_EQ(config->provider_accounts.at(0).tenants.at(0), "acme");
  EXPECT_EQ(config->submit_lease, absl::Seconds(60));
}

TEST(ConfigTest, MetricsAreOnByDefaultAndCanBeTurnedOff) {
  EXPECT_EQ(ParseConfig(Minimal())->metrics_listen, "localhost:9464");
  EXPECT_EQ(ParseConfig(Minimal(R"(, "metrics": {"listen": ""})"))->metrics_listen, "");
  EXPECT_FALSE(ParseConfig(Minimal(R"(, "metrics": {"listen": 9464})")).ok());
  EXPECT_FALSE(ParseConfig(Minimal(R"(, "metrics": {"port": "x"})")).ok());
}

TEST(ConfigTest, RateLimitsArePerTenantWithAServerDefault) {
  auto defaults = ParseConfig(Minimal());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->rate_limit.per_second, 100);
  EXPECT_TRUE(defaults->tenant_rate_limits.empty());

  auto own = ParseConfig(std::string(R"({"tenants": [{"name": "acme", "token_sha256": [")") + kHash +
                         R"("], "rate_limit": {"per_second": 0.5, "burst": 4}}], "provider_accounts": [],
                         "server": {"rate_limit": {"per_second": 50}}})");
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->tenant_rate_limits.at("acme").per_second, 0.5);
  EXPECT_EQ(own->tenant_rate_limits.at("acme").burst, 4);
  EXPECT_EQ(own->rate_limit.per_second, 50);

  auto zero = ParseConfig(Minimal(R"(, "server": {"rate_limit": {"per_second": 0}})"));
  EXPECT_NE(zero.status().message().find("server.rate_limit.per_second"), std::string::npos)
      << zero.status();
  auto typo = ParseConfig(Minimal(R"(, "server": {"rate_limit": {"per_second": 5, "brust": 9}})"));
  EXPECT_NE(typo.status().message().find("server.rate_limit.brust"), std::string::npos) << typo.status();
  EXPECT_FALSE(ParseConfig(Minimal(R"(, "server": {"rate_limit": {"per_second": 5, "burst": 0}})")).ok());
}

TEST(ConfigTest, MetadataSizeIsBoundedAndConfigurable) {
  EXPECT_EQ(ParseConfig(Minimal())->max_metadata_bytes, 16 << 10);
  EXPECT_EQ(ParseConfig(Minimal(R"(, "server": {"max_metadata_bytes": 4096})"))->max_metadata_bytes, 4096);
  EXPECT_FALSE(ParseConfig(Minimal(R"(, "server": {"max_metadata_bytes": 10})")).ok());
}

std::string WithLetters(const std::string& letters) {
  return std::string(R"({"tenants": [{"name": "acme", "token_sha256": [")") + kHash +
         R"("]}], "provider_accounts": [{"name": "a", "provider": "cielo_ecommerce",
         "tenants": ["acme"], "settings": {}, "letters": )" + letters + "}]}";
}

TEST(ConfigTest, ReadsHowTheMerchantIsNamedOnLetters) {
  auto config = ParseConfig(WithLetters(R"({"merchant_name": "Loja São João", "merchant_id": "1020304050"})"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->provider_accounts[0].letter_merchant_name, "Loja São João");
  EXPECT_EQ(config->provider_accounts[0].letter_merchant_id, "1020304050");
  EXPECT_EQ(ParseConfig(Minimal())->provider_accounts[0].letter_merchant_name, "");

  auto unknown = ParseConfig(WithLetters(R"({"merchant": "x"})"));
  EXPECT_EQ(unknown.status().message(), "config: provider_accounts[0].letters.merchant: unknown setting");
  auto empty = ParseConfig(WithLetters(R"({"merchant_id": ""})"));
  EXPECT_EQ(empty.status().message(),
            "config: provider_accounts[0].letters.merchant_id: required, a non-empty string");
  EXPECT_FALSE(ParseConfig(WithLetters(R"("Loja")")).ok());
  EXPECT_FALSE(ParseConfig(WithLetters(absl::StrCat(R"({"merchant_name": ")", std::string(201, 'x'), R"("})"))).ok());
}

TEST(ConfigTest, ReadsOverrides) {
  auto config = ParseConfig(Minimal(R"(, "listen": "0.0.0.0:6000",
      "engine": {"provider_timeout_ms": 5000, "submit_lease_ms": 9000},
      "server": {"worker_threads": 4, "shutdown_grace_ms": 2500})"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "0.0.0.0:6000");
  EXPECT_EQ(config->provider_timeout, absl::Seconds(5));
  EXPECT_EQ(config->submit_lease, absl::Seconds(9));
  EXPECT_EQ(config->worker_threads, 4);
  EXPECT_EQ(config->shutdown_grace, absl::Milliseconds(2500));
}

TEST(ConfigTest, SchedulesArePerProviderAndConfigurable) {
  auto defaults = ParseConfig(Minimal());
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(defaults->check_schedules.For("cielo_unica").daily_at.has_value());
  EXPECT_EQ(defaults->check_schedules.For("payu").give_up_after, absl::Hours(24 * 7));

  auto tuned = ParseConfig(Minimal(R"(, "engine": {"schedules": {
      "cielo_unica": {"daily_at": "07:30", "utc_offset_minutes": -240, "give_up_after_ms": 86400000},
      "payu": {"check_backoff_ms": [1000, 2000]}}})"));
  ASSERT_TRUE(tuned.ok()) << tuned.status();
  const core::CheckSchedule& unica = tuned->check_schedules.For("cielo_unica");
  EXPECT_EQ(*unica.daily_at, absl::Hours(7) + absl::Minutes(30));
  EXPECT_EQ(unica.give_up_after, absl::Hours(24));
  const core::CheckSchedule& payu = tuned->check_schedules.For("payu");
  EXPECT_FALSE(payu.daily_at.has_value());
  EXPECT_EQ(payu.backoff, (std::vector<absl::Duration>{absl::Seconds(1), absl::Seconds(2)}));
  EXPECT_EQ(payu.give_up_after, absl::Hours(24 * 7));  // what was not named keeps its default

  // A global backoff replaces every built-in schedule, including Cielo Única's daily one.
  auto global = ParseConfig(Minimal(R"(, "engine": {"check_backoff_ms": [300]})"));
  ASSERT_TRUE(global.ok());
  for (const char* provider : {"cielo_ecommerce", "cielo_unica", "payu", "zoop", "other"}) {
    EXPECT_EQ(global->check_schedules.For(provider).backoff,
              std::vector<absl::Duration>{absl::Milliseconds(300)})
        << provider;
    EXPECT_FALSE(global->check_schedules.For(provider).daily_at.has_value());
  }
}

void ExpectErrorNaming(const std::string& text, const std::string& field) {
  auto config = ParseConfig(text);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find(field), std::string::npos) << config.status();
}

TEST(ConfigTest, ErrorsNameTheBadField) {
  ExpectErrorNaming("[]", "not a JSON object");
  ExpectErrorNaming("{", "not a JSON object");
  ExpectErrorNaming(R"({"provider_accounts": []})", "tenants");
  ExpectErrorNaming(Minimal(R"(, "lissen": "x")"), "lissen: unknown setting");
  ExpectErrorNaming(Minimal(R"(, "engine": {"submit_lease_ms": "60"})"), "engine.submit_lease_ms");
  ExpectErrorNaming(Minimal(R"(, "server": {"worker_threads": 0})"), "server.worker_threads");
  ExpectErrorNaming(Minimal(R"(, "engine": {"provider_timeout_ms": 30000, "submit_lease_ms": 20000})"),
                    "engine.submit_lease_ms: must be longer");
  ExpectErrorNaming(R"({"tenants": [{"name": "acme", "token_sha256": ["demo-token-acme"]}],
                        "provider_accounts": []})",
                    "tenants[0].token_sha256[0]");
  ExpectErrorNaming(std::string(R"({"tenants": [{"name": "acme", "token_sha256": [")") + kHash +
                        R"("]}], "provider_accounts": [{"name": "a", "provider": "p",
                        "tenants": ["globx"], "settings": {}}]})",
                    "provider_accounts[0].tenants[0]");
  ExpectErrorNaming(Minimal(R"(, "engine": {"schedules": {"cielo_unca": {}}})"),
                    "engine.schedules.cielo_unca");
  ExpectErrorNaming(Minimal(R"(, "engine": {"schedules": {"payu": {"daily_at": "25:00"}}})"),
                    "engine.schedules.payu.daily_at");
  ExpectErrorNaming(Minimal(R"(, "engine": {"schedules": {"payu": {"check_backoff_ms": [5]}}})"),
                    "engine.schedules.payu.check_backoff_ms[0]");
  ExpectErrorNaming(Minimal(R"(, "engine": {"daily_at": "08:00"})"), "engine.daily_at");
}

TEST(ConfigTest, SqliteIsTheDefaultStoreAndPostgresIsChosenByConfiguration) {
  EXPECT_EQ(ParseConfig(Minimal())->store_kind, StoreKind::kSqlite);
  auto by_presence = ParseConfig(Minimal(R"(, "store": {"postgres": {"dsn": {"env": "PG_DSN"}}})"));
  ASSERT_TRUE(by_presence.ok()) << by_presence.status();
  EXPECT_EQ(by_presence->store_kind, StoreKind::kPostgres);
  EXPECT_EQ(by_presence->postgres.dsn, nlohmann::json({{"env", "PG_DSN"}}));
  EXPECT_EQ(by_presence->postgres.pool_size, 8);
  auto tuned = ParseConfig(Minimal(R"(, "store": {"kind": "postgres", "postgres": {
      "dsn": {"file": "/run/secrets/pg/dsn"}, "pool_size": 16, "connect_timeout_ms": 2000,
      "statement_timeout_ms": 3000, "startup_timeout_ms": 0}})"));
  ASSERT_TRUE(tuned.ok()) << tuned.status();
  EXPECT_EQ(tuned->postgres.pool_size, 16);
  EXPECT_EQ(tuned->postgres.connect_timeout, absl::Seconds(2));
  EXPECT_EQ(tuned->postgres.statement_timeout, absl::Seconds(3));
  EXPECT_EQ(tuned->postgres.startup_timeout, absl::ZeroDuration());
  EXPECT_EQ(by_presence->postgres.startup_timeout, absl::Seconds(30));
  // An explicit kind wins over a present-but-unused postgres block.
  auto sqlite = ParseConfig(Minimal(R"(, "store": {"kind": "sqlite", "sqlite_path": "x.db",
      "postgres": {"dsn": {"env": "PG_DSN"}}})"));
  ASSERT_TRUE(sqlite.ok()) << sqlite.status();
  EXPECT_EQ(sqlite->store_kind, StoreKind::kSqlite);
  EXPECT_EQ(sqlite->sqlite_path, "x.db");
}

TEST(ConfigTest, SqliteGroupCommitLimitsAreSettable) {
  auto defaults = ParseConfig(Minimal());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->sqlite.max_batch, 256);
  EXPECT_EQ(defaults->sqlite.read_connections, 4);
  auto tuned = ParseConfig(
      Minimal(R"(, "store": {"sqlite": {"max_batch": 64, "read_connections": 8}})"));
  ASSERT_TRUE(tuned.ok()) << tuned.status();
  EXPECT_EQ(tuned->sqlite.max_batch, 64);
  EXPECT_EQ(tuned->sqlite.read_connections, 8);
  ExpectErrorNaming(Minimal(R"(, "store": {"sqlite": {"max_batch": 0}})"), "store.sqlite.max_batch");
  ExpectErrorNaming(Minimal(R"(, "store": {"sqlite": {"read_connections": "4"}})"),
                    "store.sqlite.read_connections");
  ExpectErrorNaming(Minimal(R"(, "store": {"sqlite": {"batch": 4}})"),
                    "store.sqlite.batch: unknown setting");
}

TEST(ConfigTest, PostgresErrorsNameTheFieldAndNeverTheDsn) {
  ExpectErrorNaming(Minimal(R"(, "store": {"kind": "postgres"})"), "store.postgres: required");
  ExpectErrorNaming(Minimal(R"(, "store": {"kind": "mysql"})"), "store.kind");
  ExpectErrorNaming(Minimal(R"(, "store": {"postgres": {"pool_size": 4}})"), "store.postgres.dsn");
  ExpectErrorNaming(Minimal(R"(, "store": {"postgres": {"dsn": {"env": "X"}, "pool_size": 0}})"),
                    "store.postgres.pool_size");
  ExpectErrorNaming(Minimal(R"(, "store": {"postgres": {"dsn": {"env": "X"}, "pool": 1}})"),
                    "store.postgres.pool: unknown setting");
  // A DSN written as a bare string is refused without echoing it.
  auto bare = ParseConfig(Minimal(
      R"(, "store": {"postgres": {"dsn": "host=db password=s3cr3t-value"}}})"));
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.status().message().find("s3cr3t"), std::string::npos) << bare.status();
}

}  // namespace
}  // namespace cancela::server

namespace cancela::server {
namespace {

TEST(ConfigTest, ReadsServerTlsAndTheHealthListener) {
  EXPECT_FALSE(ParseConfig(Minimal())->tls.has_value());
  auto config = ParseConfig(Minimal(R"(, "server": {"health_listen": "127.0.0.1:50052",
      "tls": {"cert_file": "s.pem", "key_file": "s.key", "client_ca_file": "ca.pem",
              "client_auth": "require", "refresh_interval_ms": 2000}})"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->health_listen, "127.0.0.1:50052");
  ASSERT_TRUE(config->tls.has_value());
  EXPECT_EQ(config->tls->client_auth, ClientAuth::kRequire);
  EXPECT_EQ(config->tls->refresh_interval, absl::Seconds(2));
  EXPECT_EQ(ParseConfig(Minimal(R"(, "server": {"tls": {"cert_file": "s", "key_file": "k"}})"))
                ->tls->refresh_interval,
            absl::Seconds(10));
  ExpectErrorNaming(Minimal(R"(, "server": {"tls": {"cert_file": "s"}})"), "server.tls.key_file");
  ExpectErrorNaming(Minimal(R"(, "server": {"tls": {"cert_file": "s", "key_file": "k",
      "client_auth": "require"}})"), "server.tls.client_ca_file");
  ExpectErrorNaming(Minimal(R"(, "server": {"tls": {"cert_file": "s", "key_file": "k",
      "client_auth": "maybe"}})"), "server.tls.client_auth");
  ExpectErrorNaming(Minimal(R"(, "server": {"tls": {"cert_file": "s", "key_file": "k",
      "refresh_interval_ms": 1500}})"), "server.tls.refresh_interval_ms");
}

TEST(ConfigTest, TenantsMayBeNamedByClientCertificatesOnlyOverMutualTls) {
  const std::string tenants = R"({"tenants": [{"name": "acme", "client_cert_subjects": ["svc-a"]}],
      "provider_accounts": [], )";
  const std::string tls = R"("server": {"tls": {"cert_file": "s", "key_file": "k",
      "client_ca_file": "ca", "client_auth": "request"}}})";
  auto config = ParseConfig(tenants + tls);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->tenants[0].token_sha256.empty());
  EXPECT_EQ(config->tenants[0].client_cert_subjects, std::vector<std::string>{"svc-a"});
  ExpectErrorNaming(tenants + R"("log_level": "info"})", "tenants[0].client_cert_subjects");
}

}  // namespace
}  // namespace cancela::server
