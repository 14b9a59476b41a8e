// Cielo Checkout end to end: the real server on loopback, its real adapter over libcurl, the
// Checkout simulator sharing the test's clock, and a real SQLite file.

#include "absl/strings/str_cat.h"
#include "providers/sandbox/cielo_checkout_seed.h"
#include "providers/sandbox/cielo_checkout_simulator.h"
#include "tests/e2e/e2e_fixture.h"

namespace cancela::testing {
namespace {

namespace seed = sandbox::checkout_seed;

constexpr char kCheckout[] = "cielo-checkout/loja-checkout";
constexpr char kGlobexCheckout[] = "cielo-checkout/globex";

class CieloCheckoutE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    sandbox::CieloCheckoutSimulator::Options options;
    options.clock = &clock_;
    checkout_ = std::make_unique<sandbox::CieloCheckoutSimulator>(options);
    ASSERT_TRUE(checkout_->Start().ok());
    E2eTest::SetUp();
  }
  void TearDown() override {
    E2eTest::TearDown();
    checkout_.reset();
  }
  void Configure(server::Config& config) const override {
    auto account = [&](const char* name, const char* tenant, const char* id, const char* secret) {
      server::ProviderAccountConfig a;
      a.name = name;
      a.provider = "cielo_checkout";
      a.tenants = {tenant};
      a.settings = {{"base_url", checkout_->base_url()},
                    {"client_id", {{"value", id}}},
                    {"client_secret", {{"value", secret}}},
                    {"request_timeout_ms", 5000}};
      return a;
    };
    config.provider_accounts.push_back(account(kCheckout, "acme", seed::kLojaCheckoutClientId,
                                               seed::kLojaCheckoutClientSecret));
    config.provider_accounts.push_back(account(kGlobexCheckout, "globex",
                                               seed::kGlobexCheckoutClientId,
                                               seed::kGlobexCheckoutClientSecret));
  }

  v1::RefundRequest CheckoutRefund(const std::string& order, std::optional<int64_t> amount,
                                   const std::string& key, const char* account = kCheckout) {
    v1::RefundRequest r;
    r.set_provider_account(account);
    r.mutable_sale()->mutable_cielo_checkout()->set_order_number(order);
    if (amount) {
      r.mutable_amount()->set_amount_minor_units(*amount);
      r.mutable_amount()->set_currency_code("BRL");
    }
    r.set_idempotency_key(key);
    return r;
  }

  size_t Executions(const std::string& order) const { return checkout_->ExecutionsFor(order).size(); }

  std::unique_ptr<sandbox::CieloCheckoutSimulator> checkout_;
};

TEST_F(CieloCheckoutE2eTest, RepeatedPartialRefundsDownToZeroFiveSecondsApart) {
  const std::string order = seed::kPaidCredit1;  // 150,00
  v1::RefundResponse first;
  ASSERT_TRUE(Refund(CheckoutRefund(order, 5000, NewKey()), &first).ok());
  EXPECT_EQ(first.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(first.operation().remaining_amount().amount_minor_units(), 10000);

  // Cielo asks for 5 s between cancellations of one order: the store refuses, with a retry delay.
  v1::RefundResponse early;
  const grpc::Status too_early = Refund(CheckoutRefund(order, 5000, NewKey()), &early);
  ExpectRejected(too_early, grpc::StatusCode::FAILED_PRECONDITION, "TOO_EARLY");
  const CallerError error = ReadError(too_early);
  EXPECT_TRUE(error.has_retry_info);
  EXPECT_GT(error.retry_after_ms, 0);
  EXPECT_LE(error.retry_after_ms, 5000);
  EXPECT_EQ(Executions(order), 1u);

  clock_.Advance(absl::Seconds(5));
  v1::RefundResponse second;
  ASSERT_TRUE(Refund(CheckoutRefund(order, 5000, NewKey()), &second).ok());
  EXPECT_EQ(second.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  clock_.Advance(absl::Seconds(5));
  v1::RefundResponse rest;  // no amount: what remains
  ASSERT_TRUE(Refund(CheckoutRefund(order, std::nullopt, NewKey()), &rest).ok());
  EXPECT_EQ(rest.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(rest.operation().amount().amount_minor_units(), 5000);
  EXPECT_EQ(rest.operation().remaining_amount().amount_minor_units(), 0);
  EXPECT_EQ(checkout_->GetOrder(order)->status, sandbox::checkout_status::kVoided);

  clock_.Advance(absl::Seconds(5));
  v1::RefundResponse more;
  ExpectRejected(Refund(CheckoutRefund(order, 1, NewKey()), &more),
                 grpc::StatusCode::FAILED_PRECONDITION, "SALE_ALREADY_CANCELLED");
  EXPECT_EQ(Executions(order), 3u);
}

TEST_F(CieloCheckoutE2eTest, ALostAnswerIsUnknownReplayedWithoutResendingAndResolvedByQuery) {
  const std::string order = seed::kPaidCredit3;
  sandbox::FaultRule drop;
  drop.payment_id = order;
  drop.method = "PUT";
  drop.kind = sandbox::FaultKind::kExecuteThenDrop;
  checkout_->InjectFault(drop);
  const v1::RefundRequest request = CheckoutRefund(order, std::nullopt, NewKey());
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
  EXPECT_EQ(status.operation().provider_response().status(), "Voided");
  EXPECT_EQ(Executions(order), 1u);
  EXPECT_EQ(checkout_->ledger().RequestCount("PUT", order), 1);
}

TEST_F(CieloCheckoutE2eTest, ALostFinalPartialIsResolvedByTheVoidedOrderAndTheStoresLedger) {
  const std::string order = seed::kPaidCredit2;  // 100,00
  v1::RefundResponse first;
  ASSERT_TRUE(Refund(CheckoutRefund(order, 4000, NewKey()), &first).ok());
  ASSERT_EQ(first.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  clock_.Advance(absl::Seconds(5));
  sandbox::FaultRule drop;
  drop.payment_id = order;
  drop.method = "PUT";
  drop.kind = sandbox::FaultKind::kExecuteThenDrop;
  checkout_->InjectFault(drop);
  v1::RefundResponse last;
  ASSERT_TRUE(Refund(CheckoutRefund(order, 6000, NewKey()), &last).ok());
  EXPECT_EQ(last.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(last.operation().operation_id(), /*refresh=*/true, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(status.operation().remaining_amount().amount_minor_units(), 0);
  EXPECT_EQ(Executions(order), 2u);
}

TEST_F(CieloCheckoutE2eTest, ALostPartialThatLeavesTheOrderPaidStaysUnknownAndReserved) {
  const std::string order = seed::kPaidCredit2;
  sandbox::FaultRule drop;
  drop.payment_id = order;
  drop.method = "PUT";
  drop.kind = sandbox::FaultKind::kExecuteThenDrop;
  checkout_->InjectFault(drop);
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(CheckoutRefund(order, 3000, NewKey()), &response).ok());
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(response.operation().operation_id(), /*refresh=*/true, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(status.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  // The amount stays reserved: nobody can refund it again while nobody knows.
  EXPECT_EQ(status.operation().remaining_amount().amount_minor_units(), 7000);
  EXPECT_EQ(Executions(order), 1u);
  EXPECT_EQ(checkout_->ledger().RequestCount("PUT", order), 1);
}

TEST_F(CieloCheckoutE2eTest, RulesRefuseBeforeAnythingIsSent) {
  v1::RefundResponse r;
  ExpectRejected(Refund(CheckoutRefund(seed::kPaidDebit, std::nullopt, NewKey()), &r),
                 grpc::StatusCode::FAILED_PRECONDITION, "SALE_NOT_ELIGIBLE");
  ExpectRejected(Refund(CheckoutRefund(seed::kOldPaidCredit, std::nullopt, NewKey()), &r),
                 grpc::StatusCode::FAILED_PRECONDITION, "WINDOW_EXPIRED");
  ExpectRejected(Refund(CheckoutRefund(seed::kAuthorizedCredit, std::nullopt, NewKey()), &r),
                 grpc::StatusCode::FAILED_PRECONDITION, "SALE_NOT_CAPTURED");
  ExpectRejected(Refund(CheckoutRefund(seed::kPaidCredit2, 10001, NewKey()), &r),
                 grpc::StatusCode::FAILED_PRECONDITION, "REFUND_EXCEEDS_BALANCE");
  ExpectRejected(Refund(CheckoutRefund("no/such", 100, NewKey()), &r),
                 grpc::StatusCode::INVALID_ARGUMENT, "SALE_REFERENCE_INVALID");
  ExpectRejected(Refund(CheckoutRefund("c4ec00000000000000000000000000ff", 100, NewKey()), &r),
                 grpc::StatusCode::NOT_FOUND, "SALE_NOT_FOUND");
  v1::VoidRequest partial_void;
  partial_void.set_provider_account(kCheckout);
  partial_void.mutable_sale()->mutable_cielo_checkout()->set_order_number(seed::kAuthorizedCredit);
  partial_void.mutable_amount()->set_amount_minor_units(100);
  partial_void.mutable_amount()->set_currency_code("BRL");
  partial_void.set_idempotency_key(NewKey());
  v1::VoidResponse v;
  ExpectRejected(Void(partial_void, &v), grpc::StatusCode::FAILED_PRECONDITION,
                 "PARTIAL_NOT_ALLOWED");
  EXPECT_EQ(checkout_->ledger().RequestCount("PUT"), 0);
}

TEST_F(CieloCheckoutE2eTest, AVoidOfAnAuthorisedOrderSucceeds) {
  v1::VoidRequest request;
  request.set_provider_account(kCheckout);
  request.mutable_sale()->mutable_cielo_checkout()->set_order_number(seed::kAuthorizedCredit);
  request.set_idempotency_key(NewKey());
  v1::VoidResponse response;
  ASSERT_TRUE(Void(request, &response).ok());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(response.operation().amount().amount_minor_units(), 7500);
  EXPECT_EQ(Executions(seed::kAuthorizedCredit), 1u);
}

TEST_F(CieloCheckoutE2eTest, AnotherTenantCannotUseTheAccount) {
  v1::RefundResponse r;
  ExpectRejected(Refund(CheckoutRefund(seed::kPaidCredit2, 100, NewKey()), &r, kGlobexToken),
                 grpc::StatusCode::NOT_FOUND, "PROVIDER_ACCOUNT_NOT_FOUND");
  // Globex's own account sees only globex's orders.
  ExpectRejected(Refund(CheckoutRefund(seed::kPaidCredit2, 100, NewKey(), kGlobexCheckout), &r,
                        kGlobexToken),
                 grpc::StatusCode::NOT_FOUND, "SALE_NOT_FOUND");
  ASSERT_TRUE(Refund(CheckoutRefund(seed::kGlobexPaidCredit, 100, NewKey(), kGlobexCheckout), &r,
                     kGlobexToken)
                  .ok());
  EXPECT_EQ(r.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
}

}  // namespace
}  // namespace cancela::testing
