// Zoop end to end: gRPC client → cancela server → libcurl → the Zoop simulator, on loopback.

#include <memory>

#include "absl/strings/str_cat.h"
#include "providers/sandbox/zoop_seed.h"
#include "providers/sandbox/zoop_simulator.h"
#include "tests/e2e/e2e_fixture.h"

namespace cancela::testing {
namespace {

namespace seed = sandbox::zoop_seed;

constexpr char kZoop[] = "zoop/marketplace-demo";
constexpr char kZoopReleased[] = "zoop/marketplace-liberado";

class ZoopE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    sandbox::ZoopSimulator::Options options;
    options.clock = &clock_;
    zoop_ = std::make_unique<sandbox::ZoopSimulator>(options);
    ASSERT_TRUE(zoop_->Start().ok());
    E2eTest::SetUp();
  }
  void TearDown() override {
    E2eTest::TearDown();
    zoop_.reset();
  }

  void Configure(server::Config& config) const override {
    for (const auto& [name, released] : {std::pair{kZoop, false}, std::pair{kZoopReleased, true}}) {
      server::ProviderAccountConfig account;
      account.name = name;
      account.provider = "zoop";
      account.tenants = {"acme"};
      account.settings = {{"base_url", zoop_->base_url()},
                          {"marketplace_id", seed::kMarketplaceId},
                          {"api_key", {{"value", seed::kApiKey}}},
                          {"settled_refund_release", released},
                          {"request_timeout_ms", 5000}};
      config.provider_accounts.push_back(account);
    }
  }

  std::string NewSale(int64_t amount, const char* type = "credit") {
    sandbox::ZoopTransactionSpec spec;
    spec.amount = amount;
    spec.payment_type = type;
    spec.days_ago = 3;
    auto t = zoop_->CreateTransaction(spec);
    EXPECT_TRUE(t.ok()) << t.status();
    return t.ok() ? t->id : "";
  }

  static v1::RefundRequest ZoopRefund(const std::string& id, std::optional<int64_t> amount,
                                      const char* account = kZoop,
                                      const char* seller = seed::kLojaNorteId) {
    v1::RefundRequest r;
    r.set_provider_account(account);
    r.mutable_sale()->mutable_zoop()->set_transaction_id(id);
    r.mutable_sale()->mutable_zoop()->set_on_behalf_of(seller);
    if (amount) {
      r.mutable_amount()->set_amount_minor_units(*amount);
      r.mutable_amount()->set_currency_code("BRL");
    }
    r.set_idempotency_key(NewKey());
    return r;
  }

  int Executions(const std::string& id) const {
    return static_cast<int>(zoop_->ExecutionsFor(id).size());
  }

  std::unique_ptr<sandbox::ZoopSimulator> zoop_;
};

TEST_F(ZoopE2eTest, PartialRefundsDownToZero) {
  const std::string id = NewSale(10000);
  int64_t refunded = 0;
  for (const int64_t part : {3000, 2000, 5000}) {
    v1::RefundResponse response;
    ASSERT_TRUE(Refund(ZoopRefund(id, part), &response).ok());
    refunded += part;
    const v1::Operation& op = response.operation();
    EXPECT_EQ(op.status(), v1::OPERATION_STATUS_SUCCEEDED);
    EXPECT_EQ(op.refunded_amount().amount_minor_units(), refunded);
    EXPECT_EQ(op.remaining_amount().amount_minor_units(), 10000 - refunded);
    EXPECT_EQ(op.provider_response().status(), refunded == 10000 ? "canceled" : "succeeded");
    EXPECT_EQ(op.provider_response().reference(), zoop_->GetTransaction(id)->history.back().id);
  }
  EXPECT_EQ(zoop_->GetTransaction(id)->status, "canceled");
  EXPECT_EQ(zoop_->GetTransaction(id)->original_amount, 10000);
  EXPECT_EQ(Executions(id), 3);
  v1::RefundResponse after;
  const grpc::Status refused = Refund(ZoopRefund(id, 1), &after);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReadError(refused).reason, "SALE_ALREADY_CANCELLED");
}

TEST_F(ZoopE2eTest, SettledSaleNeedsTheReleaseTheAccountDeclares) {
  v1::RefundResponse response;
  const grpc::Status refused = Refund(ZoopRefund(seed::kSettledReleased, 1000), &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReadError(refused).reason, "SETTLED_SALE_NEEDS_RELEASE");
  EXPECT_TRUE(zoop_->RejectionsFor(seed::kSettledReleased).empty());  // nothing was sent
  ASSERT_TRUE(Refund(ZoopRefund(seed::kSettledReleased, 1000, kZoopReleased), &response).ok());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(Executions(seed::kSettledReleased), 1);
}

TEST_F(ZoopE2eTest, PartialOfADebitSaleIsRefusedBeforeCalling) {
  const std::string id = NewSale(5000, "debit");
  v1::RefundResponse response;
  const grpc::Status refused = Refund(ZoopRefund(id, 1000), &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReadError(refused).reason, "PARTIAL_NOT_ALLOWED");
  ASSERT_TRUE(Refund(ZoopRefund(id, std::nullopt), &response).ok());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(response.operation().refunded_amount().amount_minor_units(), 5000);
}

TEST_F(ZoopE2eTest, LostResponseIsReconciledThroughHistoryNeverResent) {
  const std::string id = NewSale(8000);
  sandbox::FaultRule drop;
  drop.kind = sandbox::FaultKind::kExecuteThenDrop;
  drop.payment_id = id;
  drop.method = "POST";
  zoop_->InjectFault(drop);
  const v1::RefundRequest request = ZoopRefund(id, 2500);
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(request, &response).ok());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  v1::RefundResponse retry;
  ASSERT_TRUE(Refund(request, &retry).ok());
  EXPECT_TRUE(retry.idempotent_replay());
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(response.operation().operation_id(), /*refresh=*/true, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(status.operation().refunded_amount().amount_minor_units(), 2500);
  EXPECT_EQ(status.operation().provider_response().reference(), zoop_->GetTransaction(id)->history.back().id);
  EXPECT_EQ(Executions(id), 1);
  EXPECT_EQ(zoop_->ledger().RequestCount("POST", id), 1);
}

TEST_F(ZoopE2eTest, AnotherSellersTransactionIsNotFound) {
  v1::RefundResponse response;
  const grpc::Status missing = Refund(ZoopRefund(seed::kSulCredit, 100, kZoop, seed::kLojaNorteId), &response);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReadError(missing).reason, "SALE_NOT_FOUND");
  EXPECT_EQ(Executions(seed::kSulCredit), 0);
}

TEST_F(ZoopE2eTest, VoidOfAPreAuthorisationIsTotal) {
  v1::VoidRequest request;
  request.set_provider_account(kZoop);
  request.mutable_sale()->mutable_zoop()->set_transaction_id(seed::kPreAuthorized);
  request.mutable_sale()->mutable_zoop()->set_on_behalf_of(seed::kLojaNorteId);
  request.set_idempotency_key(NewKey());
  v1::VoidResponse response;
  ASSERT_TRUE(Void(request, &response).ok());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(zoop_->GetTransaction(seed::kPreAuthorized)->status, "canceled");
}

}  // namespace
}  // namespace cancela::testing
