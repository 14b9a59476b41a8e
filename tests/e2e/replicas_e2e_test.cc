// Three cancela_server processes over one PostgreSQL database and the sandbox, all on loopback at
// ephemeral ports: what issue 8 must show. Duplicates spread over the replicas execute once,
// concurrent partials never pass the sale's amount, the three pollers never check one operation at
// once, and neither a SIGKILLed replica nor a crashed-and-restarted PostgreSQL loses an
// acknowledged operation or executes one twice.

#include <atomic>
#include <functional>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "cancela/v1/refund_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "grpcpp/impl/codegen/rpc_method.h"
#include "gtest/gtest.h"
#include "service/core/fingerprint.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/server_process.h"
#include "tests/support/ephemeral_port.h"
#include "tests/support/postgres_server.h"

namespace cancela::testing {
namespace {

constexpr int kReplicas = 3;

class ReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() / absl::StrCat("cancela-replicas-", NewKey()))
               .string();
    std::filesystem::create_directories(dir_);
    sandbox::CieloRules rules;
    rules.min_cancel_interval = absl::ZeroDuration();  // to race partials on one sale
    sandbox_ = SandboxControl::Start(SystemClock::Get(), rules);
    ASSERT_NE(sandbox_, nullptr);
  }
  void TearDown() override {
    replicas_.clear();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Starts the replicas against `postgres`, in a database of their own.
  // `before_start` runs once the configuration is written, before the processes start.
  void StartReplicas(PostgresServer& postgres, nlohmann::json engine,
                     const std::function<void()>& before_start = nullptr) {
    auto dsn = postgres.NewDatabaseDsn(UniqueDatabaseName("replicas"));
    ASSERT_TRUE(dsn.ok()) << dsn.status();
    const std::string dsn_file = dir_ + "/dsn";  // as a Kubernetes Secret mounted as a file
    std::ofstream(dsn_file) << *dsn;
    nlohmann::json settings = {{"transactional_url", sandbox_->transactional_url()},
                               {"query_url", sandbox_->query_url()},
                               {"merchant_id", {{"value", sandbox_->merchant_id()}}},
                               {"merchant_key", {{"value", sandbox_->merchant_key()}}},
                               {"min_cancel_interval_ms", 0},
                               {"request_timeout_ms", 5000}};
    for (int i = 0; i < kReplicas; ++i) {
      const int port = EphemeralLoopbackPort();
      nlohmann::json config = {
          {"listen", absl::StrCat("127.0.0.1:", port)},
          {"store", {{"postgres", {{"dsn", {{"file", dsn_file}}}, {"pool_size", 8},
                                   {"connect_timeout_ms", 2000}}}}},
          {"tenants", {{{"name", "acme"}, {"token_sha256", {core::Sha256Hex(kAcmeToken)}}}}},
          {"provider_accounts",
           {{{"name", kCentroNoSpacing}, {"provider", "cielo_ecommerce"}, {"tenants", {"acme"}},
             {"settings", settings}}}},
          {"engine", engine},
          {"server", {{"worker_threads", 64}, {"shutdown_grace_ms", 1000}}},
          {"metrics", {{"listen", ""}}}};
      const std::string config_path = absl::StrCat(dir_, "/config-", i, ".json");
      std::ofstream(config_path) << config.dump(2);
      replicas_.push_back(std::make_unique<ServerProcess>(
          config_path, port, absl::StrCat(dir_, "/replica-", i, ".log")));
      grpc::ChannelArguments args;
      args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
      stubs_.push_back(v1::RefundService::NewStub(grpc::CreateCustomChannel(
          absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials(), args)));
    }
    if (before_start) before_start();
    for (auto& replica : replicas_) replica->Start();
    for (auto& replica : replicas_) ASSERT_TRUE(replica->WaitReady());
  }

  grpc::Status Refund(int replica, const v1::RefundRequest& request, v1::RefundResponse* response,
                      absl::Duration timeout = absl::Seconds(20)) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kAcmeToken));
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    return stubs_[static_cast<size_t>(replica)]->Refund(&context, request, response);
  }
  grpc::Status GetStatus(int replica, const std::string& id, v1::GetStatusResponse* response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kAcmeToken));
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    v1::GetStatusRequest request;
    request.set_operation_id(id);
    return stubs_[static_cast<size_t>(replica)]->GetStatus(&context, request, response);
  }
  v1::RefundRequest RefundOf(const std::string& sale, std::optional<int64_t> amount,
                             const std::string& key) {
    v1::RefundRequest r;
    r.set_provider_account(kCentroNoSpacing);
    r.mutable_sale()->mutable_cielo_ecommerce()->set_payment_id(sale);
    if (amount) {
      r.mutable_amount()->set_amount_minor_units(*amount);
      r.mutable_amount()->set_currency_code("BRL");
    }
    r.set_idempotency_key(key);
    return r;
  }
  std::string CapturedSale(int64_t amount = 10000) {
    return sandbox_->CreateSale({{"type", "CreditCard"}, {"status", "captured"},
                                 {"amount", amount}, {"received_days_ago", 10},
                                 {"captured_days_ago", 10}});
  }
  // The operation's final state, asked of `replica` until it is final or `timeout` passes.
  v1::Operation AwaitFinal(int replica, const std::string& id, absl::Duration timeout) {
    v1::GetStatusResponse status;
    const absl::Time until = absl::Now() + timeout;
    while (absl::Now() < until) {
      if (GetStatus(replica, id, &status).ok() &&
          status.operation().status() != v1::OPERATION_STATUS_PENDING) {
        break;
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
    return status.operation();
  }

  // The replica's readiness as Kubernetes' gRPC probe sees it.
  bool Ready(int replica) {
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", replicas_[static_cast<size_t>(replica)]->port()),
                                       grpc::InsecureChannelCredentials());
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service("readiness");
    grpc::health::v1::HealthCheckResponse response;
    const grpc::internal::RpcMethod check("/grpc.health.v1.Health/Check",
                                          grpc::internal::RpcMethod::NORMAL_RPC);
    const grpc::Status status = grpc::internal::BlockingUnaryCall(channel.get(), check, &context,
                                                                  request, &response);
    return status.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  }
  // Waits up to `timeout` for readiness to become `ready`.
  bool AwaitReady(int replica, bool ready, absl::Duration timeout) {
    for (const absl::Time until = absl::Now() + timeout; absl::Now() < until;) {
      if (Ready(replica) == ready) return true;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return false;
  }

  std::string dir_;
  std::unique_ptr<SandboxControl> sandbox_;
  std::vector<std::unique_ptr<ServerProcess>> replicas_;
  std::vector<std::unique_ptr<v1::RefundService::Stub>> stubs_;
};

const nlohmann::json kFastEngine = {{"provider_timeout_ms", 2000},
                                    {"submit_lease_ms", 2500},
                                    {"poll_interval_ms", 200},
                                    {"check_backoff_ms", {300}}};

TEST_F(ReplicasTest, TwoHundredIdenticalRefundsAcrossReplicasExecuteOnce) {
  StartReplicas(TestPostgres(), kFastEngine);
  const std::string sale = CapturedSale();
  // Cielo answers the one real cancellation slowly, so the duplicates arrive while it runs.
  sandbox_->InjectFault({{"payment_id", sale}, {"method", "PUT"}, {"action", "latency"},
                         {"latency_ms", 600}});
  const v1::RefundRequest request = RefundOf(sale, 2500, NewKey());
  std::atomic<int> answered{0}, in_use{0}, other{0};
  absl::Mutex mu;
  std::set<std::string> ids;
  std::vector<std::thread> callers;
  for (int i = 0; i < 200; ++i) {
    callers.emplace_back([&, i] {
      v1::RefundResponse response;
      const grpc::Status status = Refund(i % kReplicas, request, &response);
      if (status.ok()) {
        ++answered;
        absl::MutexLock lock(&mu);
        ids.insert(response.operation().operation_id());
      } else if (ReadError(status).reason == "IDEMPOTENCY_KEY_IN_USE") {
        ++in_use;
      } else {
        ++other;
        ADD_FAILURE() << status.error_code() << " " << status.error_message();
      }
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(answered.load() + in_use.load(), 200);
  EXPECT_EQ(other.load(), 0);
  EXPECT_GE(answered.load(), 1);
  EXPECT_EQ(ids.size(), 1u);  // every answer is the one operation
  EXPECT_EQ(sandbox_->Executions(sale), 1);

  // Afterwards every replica replays the same final answer.
  for (int r = 0; r < kReplicas; ++r) {
    v1::RefundResponse replay;
    ASSERT_TRUE(Refund(r, request, &replay).ok());
    EXPECT_TRUE(replay.idempotent_replay());
    EXPECT_EQ(replay.operation().operation_id(), *ids.begin());
    EXPECT_EQ(replay.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  }
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

TEST_F(ReplicasTest, FiftyConcurrentPartialsAcrossReplicasNeverExceedTheSale) {
  StartReplicas(TestPostgres(), kFastEngine);
  const std::string sale = CapturedSale(10000);
  std::atomic<int> succeeded{0}, exceeded{0}, other{0};
  std::atomic<int64_t> refunded{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 50; ++i) {
    callers.emplace_back([&, i] {
      v1::RefundResponse response;
      const grpc::Status status = Refund(i % kReplicas, RefundOf(sale, 300, NewKey()), &response);
      if (status.ok() && response.operation().status() == v1::OPERATION_STATUS_SUCCEEDED) {
        ++succeeded;
        refunded += response.operation().amount().amount_minor_units();
      } else if (!status.ok() && ReadError(status).reason == "REFUND_EXCEEDS_BALANCE") {
        ++exceeded;
      } else {
        ++other;
        ADD_FAILURE() << status.error_code() << " " << status.error_message() << " "
                      << response.operation().DebugString();
      }
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_LE(succeeded.load(), 33);
  EXPECT_EQ(succeeded.load(), 33);  // nothing else stood in the way
  EXPECT_EQ(exceeded.load(), 17);
  EXPECT_EQ(other.load(), 0);
  EXPECT_LE(refunded.load(), 10000);
  // What the provider executed is what we recorded.
  int64_t executed = 0;
  for (const auto& execution : sandbox_->simulator().ExecutionsFor(sale)) executed += execution.amount;
  EXPECT_EQ(executed, refunded.load());
  EXPECT_EQ(sandbox_->Executions(sale), succeeded.load());
}

TEST_F(ReplicasTest, ThreePollersNeverCheckOneOperationAtOnce) {
  // Every check is followed by a 60 s back-off, so within the window below each operation may be
  // checked once; a second check would mean two pollers took it at the same time.
  nlohmann::json engine = kFastEngine;
  engine["check_backoff_ms"] = {60000};
  StartReplicas(TestPostgres(), engine);
  std::vector<std::string> sales;
  for (int i = 0; i < 8; ++i) {
    const std::string sale = sandbox_->CreateSale(
        {{"type", "Pix"}, {"status", "paid"}, {"amount", 8000}, {"received_days_ago", 2}});
    v1::RefundResponse response;
    ASSERT_TRUE(Refund(i % kReplicas, RefundOf(sale, 1000, NewKey()), &response).ok());
    ASSERT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_PROVIDER_SCHEDULED);
    // Slow checks widen the window in which a second poller could take the same operation (a
    // poller checks its claims one after another, within engine.provider_timeout_ms).
    sandbox_->InjectFault({{"payment_id", sale}, {"method", "GET"}, {"action", "latency"},
                           {"latency_ms", 150}, {"count", 10}});
    sales.push_back(sale);
  }
  // Wait until every operation has been checked by some poller (each ticks about once a
  // second), then give the other two a few more ticks in which a second check would show.
  auto all_checked = [&] {
    for (const std::string& sale : sales) {
      if (sandbox_->simulator().ledger().RequestCount("GET", sale) < 2) return false;
    }
    return true;
  };
  for (int i = 0; i < 300 && !all_checked(); ++i) absl::SleepFor(absl::Milliseconds(100));
  ASSERT_TRUE(all_checked()) << "the pollers never checked every operation";
  absl::SleepFor(absl::Seconds(3));
  for (const std::string& sale : sales) {
    // One GET when the refund read the sale before cancelling, one by a poller.
    EXPECT_EQ(sandbox_->simulator().ledger().RequestCount("GET", sale), 2) << sale;
  }
}

TEST_F(ReplicasTest, SigkillOfAReplicaAndAPostgresCrashLoseNothingAndExecuteNothingTwice) {
  auto postgres = PostgresServer::Create();  // this test crashes its own server
  ASSERT_TRUE(postgres.ok()) << postgres.status();
  StartReplicas(**postgres, kFastEngine);

  constexpr int kSales = 48;
  constexpr int kClients = 6;
  std::vector<std::string> sales;
  std::vector<v1::RefundRequest> requests;
  for (int i = 0; i < kSales; ++i) {
    sales.push_back(CapturedSale(10000));
    requests.push_back(RefundOf(sales.back(), 1000, NewKey()));
    // Some provider calls are slow, so the kill and the crash find refunds in flight.
    if (i % 4 == 0) {
      sandbox_->InjectFault({{"payment_id", sales.back()}, {"method", "PUT"}, {"action", "latency"},
                             {"latency_ms", 700}});
    }
  }
  std::atomic<int> acknowledged{0};
  std::atomic<bool> killed{false};
  absl::Mutex mu;
  std::map<int, std::string> acked_ids;  // sale index → operation id
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = c; i < kSales; i += kClients) {
        // A client retries with the same key, on the next replica, until it gets an answer.
        const absl::Time give_up = absl::Now() + absl::Seconds(90);
        for (int attempt = 0; absl::Now() < give_up; ++attempt) {
          int replica = (i + attempt) % kReplicas;
          if (killed && replica == 1) replica = 2;
          v1::RefundResponse response;
          if (Refund(replica, requests[static_cast<size_t>(i)], &response, absl::Seconds(5)).ok()) {
            ++acknowledged;
            absl::MutexLock lock(&mu);
            acked_ids[i] = response.operation().operation_id();
            break;
          }
          absl::SleepFor(absl::Milliseconds(100));
        }
      }
    });
  }
  auto wait_for = [&](int n) {
    for (int i = 0; i < 3000 && acknowledged.load() < n; ++i) absl::SleepFor(absl::Milliseconds(10));
  };
  wait_for(kSales / 4);
  replicas_[1]->Kill(SIGKILL);
  killed = true;
  EXPECT_EQ(replicas_[1]->WaitExit(), 128 + SIGKILL);
  wait_for(kSales / 2);
  ASSERT_TRUE((*postgres)->Stop(/*immediate=*/true).ok());  // a crash: no checkpoint
  absl::SleepFor(absl::Seconds(1));
  ASSERT_TRUE((*postgres)->Restart().ok());
  for (auto& t : clients) t.join();

  // Every request was eventually acknowledged, and every acknowledged operation is there.
  ASSERT_EQ(acked_ids.size(), static_cast<size_t>(kSales));
  int succeeded = 0;
  for (int i = 0; i < kSales; ++i) {
    const std::string& sale = sales[static_cast<size_t>(i)];
    const int executions = sandbox_->Executions(sale);
    EXPECT_LE(executions, 1) << sale;
    if (executions == 1) {
      // Executed: the record must come to say so (pollers resolve what a dead owner left).
      const v1::Operation op = AwaitFinal(i % 2 == 0 ? 0 : 2, acked_ids[i], absl::Seconds(30));
      ASSERT_EQ(op.operation_id(), acked_ids[i]) << "acknowledged operation lost";
      EXPECT_EQ(op.status(), v1::OPERATION_STATUS_SUCCEEDED) << op.DebugString();
      ++succeeded;
    } else {
      // Never executed (its owner died before sending, or its acceptance's COMMIT answer was
      // lost): never recorded as a success, and not resent within this test (proof that it never
      // executed takes the adapter's not_executed_after_s, ADR 0007).
      v1::GetStatusResponse status;
      ASSERT_TRUE(GetStatus(0, acked_ids[i], &status).ok()) << "acknowledged operation lost";
      EXPECT_NE(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
    }
  }
  // Nearly every refund went through; the kill and the crash cost at most a few.
  EXPECT_GE(succeeded, kSales - 8);
  absl::SleepFor(absl::Seconds(1));
  for (const std::string& sale : sales) EXPECT_LE(sandbox_->Executions(sale), 1) << sale;
}

TEST_F(ReplicasTest, ReadinessFollowsPostgresDownAndBackWithoutARestart) {
  auto postgres = PostgresServer::Create();  // this test stops its own server
  ASSERT_TRUE(postgres.ok()) << postgres.status();
  StartReplicas(**postgres, kFastEngine);
  ASSERT_TRUE(AwaitReady(0, true, absl::Seconds(10)));
  const std::string sale = CapturedSale();

  ASSERT_TRUE((*postgres)->Stop(/*immediate=*/true).ok());
  for (int r = 0; r < kReplicas; ++r) EXPECT_TRUE(AwaitReady(r, false, absl::Seconds(10))) << r;
  v1::RefundResponse response;
  const v1::RefundRequest request = RefundOf(sale, 1000, NewKey());
  const grpc::Status refused = Refund(0, request, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE) << refused.error_message();
  EXPECT_EQ(ReadError(refused).reason, "SERVICE_UNAVAILABLE");
  EXPECT_EQ(sandbox_->Executions(sale), 0);  // nothing is sent without a durable record

  ASSERT_TRUE((*postgres)->Restart().ok());
  for (int r = 0; r < kReplicas; ++r) EXPECT_TRUE(AwaitReady(r, true, absl::Seconds(10))) << r;
  const grpc::Status accepted = Refund(1, request, &response);
  ASSERT_TRUE(accepted.ok()) << accepted.error_message();
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

TEST_F(ReplicasTest, ReplicasStartedBeforePostgresWaitForItInsteadOfExiting) {
  auto postgres = PostgresServer::Create();
  ASSERT_TRUE(postgres.ok()) << postgres.status();
  std::thread comes_up_later;
  StartReplicas(**postgres, kFastEngine, [&] {
    ASSERT_TRUE((*postgres)->Stop().ok());
    comes_up_later = std::thread([&] {
      absl::SleepFor(absl::Seconds(3));
      EXPECT_TRUE((*postgres)->Restart().ok());
    });
  });
  comes_up_later.join();
  for (int r = 0; r < kReplicas; ++r) EXPECT_TRUE(AwaitReady(r, true, absl::Seconds(10))) << r;
  const std::string sale = CapturedSale();
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(2, RefundOf(sale, 1000, NewKey()), &response).ok());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
}

}  // namespace
}  // namespace cancela::testing
