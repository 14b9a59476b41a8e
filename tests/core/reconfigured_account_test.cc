// An operation outlives its configuration: when its provider account is later configured for
// another provider, checking the operation is refused instead of handing the old provider's sale
// to the new adapter (which aborted the server with bad_variant_access).

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "service/core/refund_engine.h"
#include "service/core/request_validation.h"
#include "service/store/sqlite_store.h"
#include "tests/support/captured_sale_provider.h"

namespace cancela::core {
namespace {

constexpr char kAccount[] = "zoop/marketplace-demo";

// A cancellation's outcome is unknown until reconciled; counts the reconciles.
class CountingProvider final : public cancela::testing::CapturedSaleProvider {
 public:
  explicit CountingProvider(std::string id) : id_(std::move(id)) {}
  std::string_view id() const override { return id_; }
  providers::ProviderResult Cancel(const providers::CancelCommand&, absl::Time) override {
    providers::ProviderResult result;
    result.outcome = providers::Outcome::kUnknown;
    return result;
  }
  providers::ProviderResult Reconcile(const providers::CancelCommand&,
                                      const providers::ReconcileBasis&, absl::Time) override {
    ++reconciles;
    providers::ProviderResult result;
    result.outcome = providers::Outcome::kSucceeded;
    return result;
  }
  int reconciles = 0;

 private:
  std::string id_;
};

ProviderAccounts AccountsServedBy(const std::string& provider, CountingProvider** adapter) {
  ProviderAccounts accounts;
  ProviderAccount account;
  account.name = kAccount;
  account.provider = provider;
  account.tenants = {"acme"};
  account.adapter.reset(*adapter = new CountingProvider(provider));
  accounts.Add(std::move(account));
  return accounts;
}

TEST(ReconfiguredAccountTest, AnOperationOfAnotherProviderIsRefusedNotHandedToTheNewAdapter) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      absl::StrCat("cancela-reconfigured-", getpid(), "-", absl::ToUnixNanos(absl::Now()));
  std::filesystem::create_directories(dir);
  auto store = store::SqliteStore::Open((dir / "cancela.db").string());
  ASSERT_TRUE(store.ok()) << store.status();
  ManualClock clock(absl::FromUnixSeconds(1795000000));

  CountingProvider* zoop = nullptr;
  const ProviderAccounts before = AccountsServedBy("zoop", &zoop);
  std::string operation_id;
  {
    RefundEngine engine(**store, before, clock, EngineOptions{});
    v1::RefundRequest r;
    r.set_provider_account(kAccount);
    r.mutable_sale()->mutable_zoop()->set_transaction_id("5eed2000000000000000000000000001");
    r.mutable_sale()->mutable_zoop()->set_on_behalf_of("5eed5e11e4000000000000000000000a");
    r.set_idempotency_key("reconfigured-key-1");
    auto request = ValidateRefundRequest(r);
    ASSERT_TRUE(request.ok()) << request.status();
    auto submitted = engine.Submit("acme", "token:test", *request, absl::InfiniteFuture());
    ASSERT_TRUE(submitted.ok()) << submitted.status();
    ASSERT_EQ(submitted->view.record.status, v1::OPERATION_STATUS_PENDING);
    operation_id = submitted->view.record.operation_id;
  }

  // The same account name, now configured as a PayU account.
  CountingProvider* payu = nullptr;
  const ProviderAccounts after = AccountsServedBy("payu", &payu);
  RefundEngine engine(**store, after, clock, EngineOptions{});
  auto refreshed = engine.Get("acme", operation_id, /*refresh=*/true, absl::InfiniteFuture());
  ASSERT_FALSE(refreshed.ok());
  EXPECT_EQ(refreshed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(refreshed.status()), "PROVIDER_ACCOUNT_NOT_FOUND");
  EXPECT_EQ(payu->reconciles, 0);
  // Still readable without asking the provider, and still pending: nothing was decided.
  auto read = engine.Get("acme", operation_id, /*refresh=*/false, absl::InfiniteFuture());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->record.status, v1::OPERATION_STATUS_PENDING);

  store->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cancela::core
