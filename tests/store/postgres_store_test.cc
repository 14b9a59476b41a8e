// The conformance suite on PostgreSQL (a schema per test on the fixture's server), plus what only
// PostgreSQL has: replicas (several pools) sharing one ledger, migrations raced by replicas
// starting at once, leases and claims judged on the database's clock whatever a replica's clock
// says, the cap and the append-only audit log in the schema, readiness that follows the server
// down and back up without reopening, and a DSN that never shows in errors.

#include "service/store/postgres_store.h"

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/store/postgres_migrations.h"
#include "common/errors.h"
#include "service/core/ids.h"
#include "tests/store/store_conformance.h"
#include "tests/support/commit_cutting_proxy.h"
#include "tests/support/postgres_server.h"

namespace cancela::store::testing {
namespace {

using ::cancela::testing::CommitCuttingProxy;
using ::cancela::testing::PostgresServer;
using ::cancela::testing::TestPostgres;
using ::cancela::testing::UniqueDatabaseName;

std::unique_ptr<PostgresStore> OpenOn(const std::string& dsn, const Clock* clock = nullptr) {
  PostgresOptions options;
  options.dsn = Secret(dsn);
  if (clock != nullptr) options.process_clock = clock;
  auto store = PostgresStore::Open(std::move(options));
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

std::string NewSchema(const std::string& hint) {
  auto dsn = TestPostgres().NewSchemaDsn(UniqueDatabaseName(hint));
  EXPECT_TRUE(dsn.ok()) << dsn.status();
  return dsn.value_or("");
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformanceTest,
                         ::testing::Values(StoreFactory([](const std::string& name) {
                           return std::unique_ptr<Store>(OpenOn(NewSchema(name)).release());
                         })),
                         [](const ::testing::TestParamInfo<StoreFactory>&) { return "Schema"; });

// A process whose clock is off by `skew` from the truth.
class SkewedClock final : public Clock {
 public:
  explicit SkewedClock(absl::Duration skew) : skew_(skew) {}
  absl::Time Now() const override { return absl::Now() + skew_; }

 private:
  absl::Duration skew_;
};

BeginRequest RequestAt(absl::Time now, const std::string& key, int64_t amount,
                       const std::string& sale = "s") {
  BeginRequest r;
  r.operation.operation_id = core::NewOperationId(now + absl::Microseconds(std::hash<std::string>()(key) % 1000));
  r.operation.tenant = "acme";
  r.operation.idempotency_key = key;
  r.operation.fingerprint = absl::StrCat("fp-", key);
  r.operation.kind = v1::OPERATION_KIND_REFUND;
  r.operation.provider_account = "cielo-ecommerce/loja";
  r.operation.provider = "cielo_ecommerce";
  r.operation.sale_key = sale;
  r.operation.sale_reference = std::string("\x0a\x00\x01", 3);
  r.operation.amount_minor_units = amount;
  r.operation.currency = "BRL";
  r.operation.sale_amount_minor_units = 6000;
  r.now = now;
  r.lease = absl::Seconds(60);
  return r;
}

TEST(PostgresStoreTest, ReplicasStartingAtOnceMigrateOnce) {
  const std::string dsn = NewSchema("migrate");
  std::vector<std::unique_ptr<PostgresStore>> replicas(3);
  std::vector<std::thread> threads;
  for (auto& replica : replicas) threads.emplace_back([&] { replica = OpenOn(dsn); });
  for (auto& t : threads) t.join();
  for (auto& replica : replicas) ASSERT_NE(replica, nullptr);
  // Applied once, and a fourth start finds nothing to do.
  ASSERT_NE(OpenOn(dsn), nullptr);
  EXPECT_TRUE(TestPostgres()
                  .Execute(dsn, absl::StrCat("DO $$ BEGIN IF (SELECT count(*) FROM schema_migrations) <> ",
                                             PostgresSchemaVersion(), " "
                                             "THEN RAISE EXCEPTION 'migrations applied twice'; "
                                             "END IF; END $$"))
                  .ok());
}

TEST(PostgresStoreTest, AnOlderBuildStillStartsOnANewerSchema) {
  // A rolling upgrade: a newer replica applied migration 99; this build knows fewer.
  const std::string dsn = NewSchema("newer_schema");
  ASSERT_NE(OpenOn(dsn), nullptr);
  ASSERT_TRUE(TestPostgres().Execute(dsn, "INSERT INTO schema_migrations (version) VALUES (99)").ok());
  auto older = OpenOn(dsn);
  ASSERT_NE(older, nullptr);
  EXPECT_TRUE(older->Begin(RequestAt(absl::Now(), "key-newer-schema", 100)).ok());
}

TEST(PostgresStoreTest, ThreeReplicasShareOneCap) {
  const std::string dsn = NewSchema("shared_cap");
  std::vector<std::unique_ptr<PostgresStore>> replicas;
  for (int i = 0; i < 3; ++i) replicas.push_back(OpenOn(dsn));
  const absl::Time now = absl::Now();
  std::atomic<int> created{0}, exceeded{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 45; ++i) {
    threads.emplace_back([&, i] {
      auto begun = replicas[static_cast<size_t>(i % 3)]->Begin(
          RequestAt(now, absl::StrCat("key-shared-cap-", i), 300));
      if (begun.ok()) {
        ++created;
      } else if (ErrorReasonOf(begun.status()) == "REFUND_EXCEEDS_BALANCE") {
        ++exceeded;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 20);  // 6000 / 300
  EXPECT_EQ(exceeded.load(), 25);
  EXPECT_EQ(replicas[0]->GetSaleLedger("cielo-ecommerce/loja", "s")->reserved_minor_units, 6000);
}

TEST(PostgresStoreTest, PreparedStatementsOutliveARolledBackTransaction) {
  // One connection, so every call reuses the statements the earlier ones prepared, including
  // those first prepared inside a refusal that was rolled back.
  PostgresOptions options;
  options.dsn = Secret(NewSchema("one_connection"));
  options.pool_size = 1;
  auto store = PostgresStore::Open(std::move(options));
  ASSERT_TRUE(store.ok()) << store.status();
  const absl::Time now = absl::Now();
  EXPECT_EQ(ErrorReasonOf((*store)->Begin(RequestAt(now, "key-too-big-1", 7000)).status()),
            "REFUND_EXCEEDS_BALANCE");
  auto begun = (*store)->Begin(RequestAt(now, "key-fits-1", 1000));
  ASSERT_TRUE(begun.ok()) << begun.status();
  TransitionRequest done;
  done.operation_id = begun->operation.operation_id;
  done.status = v1::OPERATION_STATUS_SUCCEEDED;
  done.now = now;
  ASSERT_TRUE((*store)->Transition(done).ok());
  EXPECT_EQ(ErrorReasonOf((*store)->Begin(RequestAt(now, "key-too-big-2", 5001)).status()),
            "REFUND_EXCEEDS_BALANCE");
  auto second = (*store)->Begin(RequestAt(now, "key-fits-2", 5000));
  ASSERT_TRUE(second.ok()) << second.status();
  auto ledger = (*store)->GetSaleLedger("cielo-ecommerce/loja", "s");
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->succeeded_minor_units, 1000);
  EXPECT_EQ(ledger->reserved_minor_units, 5000);
  auto got = (*store)->Get("acme", begun->operation.operation_id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->history.size(), 2u);
}

TEST(PostgresStoreTest, TheSameKeyOnTwoSalesAtOnceIsOneOperation) {
  // Different sales take different locks; the key's primary key decides, and the loser's rerun
  // reports the reuse.
  const std::string dsn = NewSchema("key_race");
  auto a = OpenOn(dsn);
  auto b = OpenOn(dsn);
  const absl::Time now = absl::Now();
  std::atomic<int> created{0}, reused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      BeginRequest r = RequestAt(now, "key-raced-on-two-sales", 100, absl::StrCat("sale-", i));
      r.operation.fingerprint = absl::StrCat("fp-", i);
      r.operation.operation_id = core::NewOperationId(now + absl::Milliseconds(i));
      auto begun = (i % 2 == 0 ? *a : *b).Begin(r);
      if (begun.ok()) ++created;
      if (ErrorReasonOf(begun.status()) == "IDEMPOTENCY_KEY_REUSED") ++reused;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(reused.load(), 19);
}

TEST(PostgresStoreTest, ALeaseIsJudgedOnTheDatabaseClockNotTheReplicas) {
  // Replica A's clock is 90 s behind; its 60 s lease is still live for an accurate replica B.
  // Judged by A's own clock the lease would look 30 s expired, and B would take over an operation
  // whose provider call A is still making.
  const std::string dsn = NewSchema("lease_clock");
  SkewedClock behind(-absl::Seconds(90));
  auto a = OpenOn(dsn, &behind);
  auto b = OpenOn(dsn);
  ASSERT_TRUE(a->Begin(RequestAt(behind.Now(), "key-lease-skew", 100)).ok());
  auto taken = b->Begin(RequestAt(absl::Now(), "key-lease-skew", 100));
  EXPECT_EQ(ErrorReasonOf(taken.status()), "IDEMPOTENCY_KEY_IN_USE");
  EXPECT_TRUE(b->ListUnresolved(absl::Now(), 10)->empty());
  // The lease does run out: 61 s later on the database's clock (seen from B).
  auto later = b->Begin(RequestAt(absl::Now() + absl::Seconds(61), "key-lease-skew", 100));
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_EQ(later->outcome, BeginOutcome::kReplay);
  // Records read back on A's clock: the lease ends 60 s after A's now.
  auto seen_by_a = a->FindByIdempotencyKey("acme", "key-lease-skew");
  ASSERT_TRUE(seen_by_a.ok() && seen_by_a->has_value());
  EXPECT_NEAR(absl::ToDoubleSeconds((*seen_by_a)->lease_until - behind.Now()), 60, 5);
}

TEST(PostgresStoreTest, AClaimIsJudgedOnTheDatabaseClock) {
  // Poller A runs 5 min behind and claims for 2 min; an accurate poller B must not get the same
  // operations while A's claim lasts.
  const std::string dsn = NewSchema("claim_clock");
  SkewedClock behind(-absl::Minutes(5));
  auto a = OpenOn(dsn, &behind);
  auto b = OpenOn(dsn);
  for (int i = 0; i < 5; ++i) {
    auto begun = b->Begin(RequestAt(absl::Now(), absl::StrCat("key-claim-skew-", i), 100,
                                    absl::StrCat("sale-", i)));
    ASSERT_TRUE(begun.ok());
    TransitionRequest t;
    t.operation_id = begun->operation.operation_id;
    t.status = v1::OPERATION_STATUS_PENDING;
    t.pending_detail = v1::PENDING_DETAIL_PROVIDER_SCHEDULED;
    t.now = absl::Now();
    ASSERT_TRUE(b->Transition(t).ok());
  }
  auto claimed_by_a = a->ClaimDueChecks(behind.Now(), absl::Minutes(2), 10);
  ASSERT_TRUE(claimed_by_a.ok()) << claimed_by_a.status();
  EXPECT_EQ(claimed_by_a->size(), 5u);
  auto claimed_by_b = b->ClaimDueChecks(absl::Now(), absl::Minutes(2), 10);
  ASSERT_TRUE(claimed_by_b.ok());
  EXPECT_TRUE(claimed_by_b->empty());
  EXPECT_EQ(b->ClaimDueChecks(absl::Now() + absl::Minutes(3), absl::Minutes(2), 10)->size(), 5u);
}

TEST(PostgresStoreTest, TheCapAndTheAuditLogAreTheSchemas) {
  const std::string dsn = NewSchema("constraints");
  auto store = OpenOn(dsn);
  ASSERT_TRUE(store->Begin(RequestAt(absl::Now(), "key-constraints", 100)).ok());
  EXPECT_FALSE(TestPostgres().Execute(dsn, "UPDATE sales SET succeeded = sale_amount + 1").ok());
  EXPECT_FALSE(TestPostgres().Execute(dsn, "UPDATE sales SET reserved = -1").ok());
  EXPECT_FALSE(TestPostgres().Execute(dsn, "DELETE FROM audit_log").ok());
  EXPECT_FALSE(TestPostgres().Execute(dsn, "UPDATE audit_log SET amount = 0").ok());
  EXPECT_FALSE(TestPostgres().Execute(dsn, "TRUNCATE audit_log").ok());
  EXPECT_TRUE(TestPostgres().Execute(dsn, "SELECT 1 FROM audit_log").ok());
}

TEST(PostgresStoreTest, ReadinessFollowsTheServerDownAndBackWithoutReopening) {
  auto own = PostgresServer::Create();  // this test stops its server
  ASSERT_TRUE(own.ok()) << own.status();
  PostgresServer& server = **own;
  auto dsn = server.NewDatabaseDsn("readiness");
  ASSERT_TRUE(dsn.ok()) << dsn.status();
  PostgresOptions options;
  options.dsn = Secret(*dsn);
  options.connect_timeout = absl::Seconds(2);
  auto store = PostgresStore::Open(std::move(options));
  ASSERT_TRUE(store.ok()) << store.status();
  const absl::Time now = absl::Now();
  auto begun = (*store)->Begin(RequestAt(now, "key-before-restart", 100));
  ASSERT_TRUE(begun.ok());

  ASSERT_TRUE(server.Stop(/*immediate=*/true).ok());
  absl::Status down = (*store)->Ping();
  EXPECT_EQ(down.code(), absl::StatusCode::kUnavailable) << down;
  auto refused = (*store)->Begin(RequestAt(now, "key-while-down", 100, "other"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReasonOf(refused.status()), "SERVICE_UNAVAILABLE");

  ASSERT_TRUE(server.Restart().ok());
  EXPECT_TRUE((*store)->Ping().ok());
  // The acknowledged operation survived the crash; the refused one left nothing.
  auto got = (*store)->Get("acme", begun->operation.operation_id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->amount_minor_units, 100);
  EXPECT_FALSE((*store)->FindByIdempotencyKey("acme", "key-while-down")->has_value());
  EXPECT_TRUE((*store)->Begin(RequestAt(now, "key-after-restart", 100, "other")).ok());
}

TEST(PostgresStoreTest, AfterARestartTheFirstCallsSucceedOnFreshConnections) {
  auto own = PostgresServer::Create();
  ASSERT_TRUE(own.ok()) << own.status();
  auto dsn = (*own)->NewDatabaseDsn("stale");
  ASSERT_TRUE(dsn.ok());
  auto store = OpenOn(*dsn);
  ASSERT_NE(store, nullptr);
  // Fill the pool with idle connections.
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      (void)store->Begin(RequestAt(absl::Now(), absl::StrCat("key-fill-", i), 10, absl::StrCat("s", i)));
    });
  }
  for (auto& t : threads) t.join();
  for (bool immediate : {false, true}) {
    ASSERT_TRUE((*own)->Stop(immediate).ok());
    ASSERT_TRUE((*own)->Restart().ok());
    // Every pooled connection is dead now; none of that reaches the caller.
    EXPECT_TRUE(store->Ping().ok()) << store->Ping();
    ASSERT_TRUE((*own)->Stop(immediate).ok());
    ASSERT_TRUE((*own)->Restart().ok());
    auto begun = store->Begin(RequestAt(absl::Now(), absl::StrCat("key-after-", immediate), 10));
    EXPECT_TRUE(begun.ok()) << begun.status();
    // Reads outside a transaction replace dead connections too.
    ASSERT_TRUE((*own)->Stop(immediate).ok());
    ASSERT_TRUE((*own)->Restart().ok());
    auto ledger = store->GetSaleLedger("cielo-ecommerce/loja", "s");
    ASSERT_TRUE(ledger.ok()) << ledger.status();
    EXPECT_EQ(ledger->reserved_minor_units, immediate ? 20 : 10);
  }
}

TEST(PostgresStoreTest, TheDsnPasswordNeverShowsInErrors) {
  PostgresOptions options;
  options.dsn = Secret(absl::StrCat("host=127.0.0.1 port=", TestPostgres().port(),
                                    " user=nobody-here password=hunter2-secret dbname=postgres"));
  options.connect_timeout = absl::Seconds(2);
  auto store = PostgresStore::Open(std::move(options));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(std::string(store.status().message()).find("hunter2"), std::string::npos)
      << store.status();

  PostgresOptions malformed;
  malformed.dsn = Secret("host=127.0.0.1 password='unterminated-secret");
  auto bad = PostgresStore::Open(std::move(malformed));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(std::string(bad.status().message()).find("unterminated-secret"), std::string::npos);
}

TEST(PostgresStoreTest, ACommitWhoseAnswerIsLostIsNeverReportedAsDone) {
  const std::string dsn = NewSchema("lost_commit");
  CommitCuttingProxy proxy(TestPostgres().port());
  // The same schema, reached through the proxy.
  const std::string proxied =
      absl::StrCat("host=127.0.0.1 port=", proxy.port(), dsn.substr(dsn.find(" user=")));
  auto store = OpenOn(proxied);
  ASSERT_NE(store, nullptr);
  auto direct = OpenOn(dsn);
  const absl::Time now = absl::Now();

  proxy.ArmCut();
  auto begun = store->Begin(RequestAt(now, "key-lost-commit", 100));
  ASSERT_TRUE(proxy.cut());
  ASSERT_FALSE(begun.ok());
  EXPECT_EQ(begun.status().code(), absl::StatusCode::kUnavailable) << begun.status();
  EXPECT_EQ(GetErrorDetails(begun.status()).metadata.at("commit"), "unknown");
  // It did commit: the key and the reservation are there.
  auto stored = direct->FindByIdempotencyKey("acme", "key-lost-commit");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ(direct->GetSaleLedger("cielo-ecommerce/loja", "s")->reserved_minor_units, 100);
  // The caller's retry with the same key, through a fresh connection, finds it: in use while its
  // lease lasts, then the stored operation, never a second reservation.
  auto retry = store->Begin(RequestAt(now, "key-lost-commit", 100));
  EXPECT_EQ(ErrorReasonOf(retry.status()), "IDEMPOTENCY_KEY_IN_USE");
  auto replay = store->Begin(RequestAt(now + absl::Seconds(61), "key-lost-commit", 100));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->outcome, BeginOutcome::kReplay);
  EXPECT_EQ(replay->operation.operation_id, (*stored)->operation_id);
  EXPECT_EQ(replay->ledger.reserved_minor_units, 100);
}

TEST(PostgresStoreTest, BytesSurviveTheRoundTrip) {
  auto store = OpenOn(NewSchema("bytes"));
  auto begun = store->Begin(RequestAt(absl::Now(), "key-bytes", 100));
  ASSERT_TRUE(begun.ok());
  auto got = store->Get("acme", begun->operation.operation_id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->sale_reference, std::string("\x0a\x00\x01", 3));
}

}  // namespace
}  // namespace cancela::store::testing
