// Limits end to end: oversize requests, per-tenant rate limits and the per-account bound on
// provider calls, each refused before anything reaches the store or the sandbox.

#include <atomic>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "service/store/sqlite_store.h"
#include "tests/e2e/e2e_fixture.h"

namespace cancela::testing {
namespace {

nlohmann::json Captured(int64_t amount) {
  return {{"type", "CreditCard"}, {"status", "captured"}, {"amount", amount},
          {"received_days_ago", 1}, {"captured_days_ago", 1}};
}

class LimitsE2eTest : public E2eTest {
 protected:
  void Configure(server::Config& config) const override {
    config.max_message_bytes = 4096;
    config.tenant_rate_limits["globex"] = {0.001, 2};  // two requests, then none for ~17 min
    for (auto& account : config.provider_accounts) {
      if (account.name == kCentro) account.max_concurrent_calls = 1;
    }
  }
  // Waits (up to 10 s) until the tenant's audit log holds a row with `result`: refusals before
  // any handler are audited off the gRPC thread, so they may land just after the answer.
  std::vector<store::AuditRecord> AuditOnceItHas(const std::string& tenant, const std::string& result) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      std::vector<store::AuditRecord> rows = Audit(tenant);
      for (const store::AuditRecord& row : rows) {
        if (row.result == result) return rows;
      }
      if (std::chrono::steady_clock::now() > deadline) return rows;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  std::vector<store::AuditRecord> Audit(const std::string& tenant) {
    auto store = store::SqliteStore::Open(temp_dir_ + "/cancela.db");
    EXPECT_TRUE(store.ok());
    auto rows = (*store)->ListAudit(tenant, 1000);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<store::AuditRecord>{};
  }
};

TEST_F(LimitsE2eTest, AnOversizeRequestIsRefusedAndChangesNothing) {
  const std::string sale = sandbox_->CreateSale(Captured(10000));
  v1::RefundRequest big = RefundOf(sale, 100, NewKey(), kCentroNoSpacing);
  (*big.mutable_metadata())["note"] = std::string(8192, 'x');
  v1::RefundResponse response;
  EXPECT_EQ(Refund(big, &response).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(sandbox_->Requests(sale), 0);
  EXPECT_EQ(sandbox_->Executions(sale), 0);
  // The same request without the padding goes through.
  EXPECT_TRUE(Refund(RefundOf(sale, 100, NewKey(), kCentroNoSpacing), &response).ok());
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

TEST_F(LimitsE2eTest, OversizeMetadataIsRefusedBeforeAnyHandler) {
  const std::string sale = sandbox_->CreateSale(Captured(10000));
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kAcmeToken));
  context.AddMetadata("x-padding", std::string(32 * 1024, 'p'));
  v1::RefundResponse response;
  const grpc::Status status =
      stub_->Refund(&context, RefundOf(sale, 100, NewKey(), kCentroNoSpacing), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_EQ(sandbox_->Requests(sale), 0);
}

TEST_F(LimitsE2eTest, ATenantOverItsRateIsRefusedWithARetryDelayAndOthersAreNot) {
  const std::string sale = sandbox_->CreateSale(Captured(10000));
  v1::GetStatusResponse status_response;
  const std::string missing = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";
  EXPECT_EQ(GetStatus(missing, false, &status_response, kGlobexToken).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetStatus(missing, false, &status_response, kGlobexToken).error_code(),
            grpc::StatusCode::NOT_FOUND);

  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kGlobexToken));
  v1::RefundResponse response;
  const grpc::Status limited =
      stub_->Refund(&context, RefundOf(sale, 100, NewKey(), kGlobex), &response);
  ASSERT_EQ(limited.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << limited.error_message();
  const CallerError error = ReadError(limited);
  EXPECT_EQ(error.reason, "RATE_LIMITED");
  EXPECT_TRUE(error.has_retry_info);
  EXPECT_GT(error.retry_after_ms, 60'000);
  auto pushback = context.GetServerTrailingMetadata().find("grpc-retry-pushback-ms");
  ASSERT_NE(pushback, context.GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(pushback->second.data(), pushback->second.size()),
            absl::StrCat(error.retry_after_ms));
  EXPECT_EQ(sandbox_->Requests(sale), 0);

  // acme has the default limit: unaffected.
  const std::string other = sandbox_->CreateSale(Captured(10000));
  EXPECT_TRUE(Refund(RefundOf(other, 100, NewKey(), kCentroNoSpacing), &response).ok());

  // The refusal is audited under the caller's tenant and token id.
  bool found = false;
  for (const store::AuditRecord& row : AuditOnceItHas("globex", "RESOURCE_EXHAUSTED:RATE_LIMITED")) {
    if (row.action == "refund.rejected" && row.result == "RESOURCE_EXHAUSTED:RATE_LIMITED") {
      found = true;
      EXPECT_EQ(row.actor.size(), 12u);
      EXPECT_EQ(row.amount_minor_units, 100);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(LimitsE2eTest, ASaturatedAccountRefusesAtOnceWhileAnotherAccountServesFast) {
  const std::string slow = sandbox_->CreateSale(Captured(10000));
  const std::string second = sandbox_->CreateSale(Captured(10000));
  const std::string other = sandbox_->CreateSale(Captured(10000));
  sandbox_->InjectFault({{"payment_id", slow}, {"action", "latency"}, {"latency_ms", 2000},
                         {"count", 5}});
  grpc::Status slow_status;
  std::atomic<bool> slow_done{false};
  std::thread holder([&] {
    v1::RefundResponse r;
    slow_status = Refund(RefundOf(slow, 100, NewKey(), kCentro), &r);
    slow_done = true;
  });
  // The place is taken before the sale is read, so once the sandbox sees the slow call's first
  // request the account is full.
  const auto seen_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sandbox_->Requests(slow) == 0 && std::chrono::steady_clock::now() < seen_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_GT(sandbox_->Requests(slow), 0);

  v1::RefundResponse response;
  const grpc::Status busy = Refund(RefundOf(second, 100, NewKey(), kCentro), &response);
  EXPECT_EQ(busy.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << busy.error_message();
  EXPECT_EQ(ReadError(busy).reason, "ACCOUNT_BUSY");
  EXPECT_TRUE(ReadError(busy).has_retry_info);
  EXPECT_EQ(sandbox_->Requests(second), 0);  // nothing sent
  EXPECT_TRUE(Refund(RefundOf(other, 100, NewKey(), kCentroNoSpacing), &response).ok());
  // Served while the slow account's call was still in flight: it did not wait behind it.
  EXPECT_FALSE(slow_done.load());
  holder.join();
  EXPECT_TRUE(slow_status.ok()) << slow_status.error_message();

  // The refusal recorded no operation: only the audit row says it happened.
  int rejected = 0;
  for (const store::AuditRecord& row : Audit("acme")) {
    if (row.result == "RESOURCE_EXHAUSTED:ACCOUNT_BUSY") {
      ++rejected;
      EXPECT_EQ(row.operation_id, "");
    }
  }
  EXPECT_EQ(rejected, 1);
}

}  // namespace
}  // namespace cancela::testing
