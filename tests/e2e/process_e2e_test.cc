// The server as a separate process: killed with SIGKILL mid-refund and restarted, and drained
// with SIGTERM. Nothing acknowledged may be lost, nothing executed twice.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cancela/v1/refund_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "service/core/fingerprint.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/server_process.h"

namespace cancela::testing {
namespace {

// A port the restarted server can bind again: ten per process, all below Linux's ephemeral range
// (32768 and up), where the other tests' outgoing connections and port-0 listeners could take it
// between a SIGKILL and the restart ("Address already in use" seen under ctest -j2).
int FreePort() {
  static std::atomic<int> next{20000 + (getpid() % 1200) * 10};
  return next.fetch_add(1);
}

class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() / absl::StrCat("cancela-proc-", NewKey())).string();
    std::filesystem::create_directories(dir_);
    sandbox_ = SandboxControl::Start(SystemClock::Get());
    port_ = FreePort();
    nlohmann::json account_settings = {
        {"transactional_url", sandbox_->transactional_url()},
        {"query_url", sandbox_->query_url()},
        {"merchant_id", {{"value", sandbox_->merchant_id()}}},
        {"merchant_key", {{"value", sandbox_->merchant_key()}}},
        // Short enough for a test to see a never-executed attempt proven and sent once more.
        {"request_timeout_ms", 2500},
        {"not_executed_after_s", 3}};
    nlohmann::json config = {
        {"listen", absl::StrCat("127.0.0.1:", port_)},
        {"store", {{"sqlite_path", dir_ + "/cancela.db"}}},
        {"tenants", {{{"name", "acme"}, {"token_sha256", {core::Sha256Hex(kAcmeToken)}}}}},
        {"provider_accounts",
         {{{"name", kCentro}, {"provider", "cielo_ecommerce"}, {"tenants", {"acme"}},
           {"settings", account_settings}}}},
        {"engine", {{"provider_timeout_ms", 2000}, {"submit_lease_ms", 2500}, {"poll_interval_ms", 500}, {"check_backoff_ms", {300}}}},
        {"server", {{"shutdown_grace_ms", 5000}}},
        {"metrics", {{"listen", ""}}}};
    config_path_ = dir_ + "/config.json";
    std::ofstream(config_path_) << config.dump(2);
    stub_ = v1::RefundService::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_),
                                                           grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  grpc::Status Call(const v1::RefundRequest& request, v1::RefundResponse* response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kAcmeToken));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return stub_->Refund(&context, request, response);
  }
  grpc::Status Status(const std::string& id, v1::GetStatusResponse* response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kAcmeToken));
    v1::GetStatusRequest request;
    request.set_operation_id(id);
    request.set_refresh(true);
    return stub_->GetStatus(&context, request, response);
  }
  v1::RefundRequest RefundOf(const std::string& sale, int64_t amount, const std::string& key) {
    v1::RefundRequest r;
    r.set_provider_account(kCentro);
    r.mutable_sale()->mutable_cielo_ecommerce()->set_payment_id(sale);
    r.mutable_amount()->set_amount_minor_units(amount);
    r.mutable_amount()->set_currency_code("BRL");
    r.set_idempotency_key(key);
    return r;
  }
  std::string CapturedSale() {
    return sandbox_->CreateSale({{"type", "CreditCard"}, {"status", "captured"}, {"amount", 10000},
                                 {"received_days_ago", 10}, {"captured_days_ago", 10}});
  }

  std::string dir_;
  std::string config_path_;
  int port_ = 0;
  std::unique_ptr<SandboxControl> sandbox_;
  std::unique_ptr<v1::RefundService::Stub> stub_;
};

TEST_F(ProcessTest, SigkillMidRefundLosesNothingAndExecutesOnce) {
  ServerProcess server(config_path_, port_);
  server.Start();
  ASSERT_TRUE(server.WaitReady());

  // An acknowledged refund before the crash.
  const std::string before_sale = CapturedSale();
  v1::RefundResponse acknowledged;
  ASSERT_TRUE(Call(RefundOf(before_sale, 1000, NewKey()), &acknowledged).ok());

  // A refund in flight: Cielo executes it, but answers slowly; the server dies meanwhile.
  const std::string sale = CapturedSale();
  sandbox_->InjectFault({{"payment_id", sale}, {"method", "PUT"}, {"action", "latency"},
                         {"latency_ms", 1500}});
  const v1::RefundRequest request = RefundOf(sale, 2500, NewKey());
  std::thread caller([&] {
    v1::RefundResponse lost;
    (void)Call(request, &lost);  // the connection dies with the server
  });
  for (int i = 0; i < 500 && sandbox_->Requests(sale) < 2; ++i) absl::SleepFor(absl::Milliseconds(10));
  ASSERT_GE(sandbox_->Requests(sale), 2) << "the PUT never reached the sandbox";
  server.Kill(SIGKILL);
  EXPECT_EQ(server.WaitExit(), 128 + SIGKILL);
  caller.join();

  ServerProcess restarted(config_path_, port_);
  restarted.Start();
  ASSERT_TRUE(restarted.WaitReady());

  v1::GetStatusResponse status;
  ASSERT_TRUE(Status(acknowledged.operation().operation_id(), &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);

  // The caller retries with its key until the dead owner's lease has expired, then gets the
  // operation; asking the provider resolves it.
  v1::RefundResponse retried;
  grpc::Status retry;
  for (int i = 0; i < 100; ++i) {
    retry = Call(request, &retried);
    if (retry.ok()) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_TRUE(retry.ok()) << retry.error_message();
  EXPECT_TRUE(retried.idempotent_replay());
  const std::string id = retried.operation().operation_id();
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(Status(id, &status).ok());
    if (status.operation().status() != v1::OPERATION_STATUS_PENDING) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(sandbox_->Executions(sale), 1);
  EXPECT_EQ(sandbox_->Executions(before_sale), 1);
  restarted.Kill(SIGTERM);
  EXPECT_EQ(restarted.WaitExit(), 0);
}

TEST_F(ProcessTest, SigkillBeforeTheProviderExecutedSendsItExactlyOnceAfterRestart) {
  ServerProcess server(config_path_, port_);
  server.Start();
  ASSERT_TRUE(server.WaitReady());

  // The PUT reaches Cielo, which drops it without executing; the server dies meanwhile.
  const std::string sale = CapturedSale();
  sandbox_->InjectFault({{"payment_id", sale}, {"method", "PUT"}, {"action", "close"},
                         {"latency_ms", 1500}});
  const v1::RefundRequest request = RefundOf(sale, 2500, NewKey());
  std::thread caller([&] {
    v1::RefundResponse lost;
    (void)Call(request, &lost);
  });
  auto puts = [&] { return sandbox_->simulator().ledger().RequestCount("PUT", sale); };
  for (int i = 0; i < 500 && puts() < 1; ++i) absl::SleepFor(absl::Milliseconds(10));
  ASSERT_EQ(puts(), 1) << "the PUT never reached the sandbox";
  server.Kill(SIGKILL);
  EXPECT_EQ(server.WaitExit(), 128 + SIGKILL);
  caller.join();

  ServerProcess restarted(config_path_, port_);
  restarted.Start();
  ASSERT_TRUE(restarted.WaitReady());
  // The caller's retry finds the operation once the dead owner's lease is over.
  v1::RefundResponse retried;
  grpc::Status retry;
  for (int i = 0; i < 100; ++i) {
    retry = Call(request, &retried);
    if (retry.ok()) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_TRUE(retry.ok()) << retry.error_message();
  EXPECT_TRUE(retried.idempotent_replay());

  // Once Cielo's silence proves the first attempt never ran, the poller sends it once more.
  v1::GetStatusResponse status;
  for (int i = 0; i < 150; ++i) {
    ASSERT_TRUE(Status(retried.operation().operation_id(), &status).ok());
    if (status.operation().status() != v1::OPERATION_STATUS_PENDING) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(sandbox_->Executions(sale), 1);
  EXPECT_EQ(puts(), 2);
  restarted.Kill(SIGTERM);
  EXPECT_EQ(restarted.WaitExit(), 0);
}

TEST_F(ProcessTest, SigtermDrainsInFlightCallsAndExitsZero) {
  ServerProcess server(config_path_, port_);
  server.Start();
  ASSERT_TRUE(server.WaitReady());
  const std::string sale = CapturedSale();
  sandbox_->InjectFault({{"payment_id", sale}, {"method", "PUT"}, {"action", "latency"},
                         {"latency_ms", 800}});
  v1::RefundResponse response;
  grpc::Status status;
  std::thread caller([&] { status = Call(RefundOf(sale, 2500, NewKey()), &response); });
  for (int i = 0; i < 500 && sandbox_->Requests(sale) < 2; ++i) absl::SleepFor(absl::Milliseconds(10));
  server.Kill(SIGTERM);
  caller.join();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(server.WaitExit(), 0);
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

}  // namespace
}  // namespace cancela::testing
