// PayU Latam through the real server: gRPC in, the real adapter over libcurl, the PayU sandbox on
// loopback, a real SQLite file, one manual clock for the server and the sandbox.

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "providers/sandbox/payu_seed.h"
#include "providers/sandbox/payu_simulator.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/watch_stream.h"

namespace cancela::testing {
namespace {

constexpr char kPayu[] = "payu/acme-latam";

class PayuE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    sandbox::PayuSimulator::Options options;
    options.clock = &clock_;
    payu_ = std::make_unique<sandbox::PayuSimulator>(options);
    ASSERT_TRUE(payu_->Start().ok());
    E2eTest::SetUp();
  }
  void TearDown() override {
    E2eTest::TearDown();
    payu_.reset();
  }
  void Configure(server::Config& config) const override {
    server::ProviderAccountConfig account;
    account.name = kPayu;
    account.provider = "payu";
    account.tenants = {"acme"};
    account.settings = {{"payments_url", payu_->payments_url()},
                        {"queries_url", payu_->queries_url()},
                        {"api_login", {{"value", sandbox::payu_seed::kApiLogin}}},
                        {"api_key", {{"value", sandbox::payu_seed::kApiKey}}},
                        {"request_timeout_ms", 5000}};
    config.provider_accounts.push_back(account);
  }

  static std::string OrderOf(int n) { return absl::StrCat(9000000000 + n); }
  template <typename Request>
  static void SetSale(Request& r, int n, std::optional<int64_t> amount, const char* currency) {
    r.set_provider_account(kPayu);
    r.mutable_sale()->mutable_payu()->set_order_id(OrderOf(n));
    r.mutable_sale()->mutable_payu()->set_parent_transaction_id(
        absl::StrFormat("5eed9a70-0000-4000-8000-%012d", n));
    if (amount) {
      r.mutable_amount()->set_amount_minor_units(*amount);
      r.mutable_amount()->set_currency_code(currency);
    }
    r.set_idempotency_key(NewKey());
  }
  v1::RefundRequest PayuRefund(int n, std::optional<int64_t> amount, const char* currency) {
    v1::RefundRequest r;
    SetSale(r, n, amount, currency);
    r.set_reason("customer returned the goods");
    return r;
  }

  std::unique_ptr<sandbox::PayuSimulator> payu_;
};

TEST_F(PayuE2eTest, ARefundWaitsForPayusReviewAndSucceedsOnceDecided) {
  const v1::RefundRequest request = PayuRefund(1, 25000, "ARS");
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(request, &response).ok());
  const v1::Operation& op = response.operation();
  EXPECT_EQ(op.status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(op.pending_detail(), v1::PENDING_DETAIL_PROVIDER_REVIEW);

  // A retry is answered from the store: PayU sees one request.
  v1::RefundResponse replay;
  ASSERT_TRUE(Refund(request, &replay).ok());
  EXPECT_TRUE(replay.idempotent_replay());

  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(op.operation_id(), true, &status).ok());
  EXPECT_EQ(status.operation().pending_detail(), v1::PENDING_DETAIL_PROVIDER_REVIEW);
  payu_->AdvanceClock(absl::Hours(24));
  ASSERT_TRUE(GetStatus(op.operation_id(), true, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(payu_->ExecutionsFor(OrderOf(1)).size(), 1u);
}

TEST_F(PayuE2eTest, ADeclinedReviewFailsTheOperation) {
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(PayuRefund(14, std::nullopt, "BRL"), &response).ok());
  ASSERT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_PROVIDER_REVIEW);
  payu_->AdvanceClock(absl::Hours(25));
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(response.operation().operation_id(), true, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_FAILED);
  EXPECT_EQ(status.operation().failure_reason(), v1::FAILURE_REASON_PROVIDER_DECLINED);
}

// The poller, not a GetStatus refresh, reads PayU's decision after its review, and the change
// is pushed to a WatchStatus stream opened while the refund was under review.
TEST_F(PayuE2eTest, ThePollerPushesTheReviewsDecisionToAnOpenWatch) {
  for (const auto& [order, decided] : {std::pair{11, v1::OPERATION_STATUS_SUCCEEDED},
                                       std::pair{14, v1::OPERATION_STATUS_FAILED}}) {
    SCOPED_TRACE(order);
    v1::RefundResponse response;
    ASSERT_TRUE(Refund(PayuRefund(order, std::nullopt, "BRL"), &response).ok());
    ASSERT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_PROVIDER_REVIEW);
    const std::string id = response.operation().operation_id();
    grpc::ClientContext context;
    auto reader = Watch(*stub_, context, id, kAcmeToken);
    v1::WatchStatusResponse message;
    ASSERT_TRUE(reader->Read(&message));
    EXPECT_EQ(message.operation().pending_detail(), v1::PENDING_DETAIL_PROVIDER_REVIEW);

    clock_.Advance(absl::Hours(2));  // checked within the hour: still under review
    EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
    clock_.Advance(absl::Hours(24));  // a business day later PayU's staff have decided
    EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 1);
    ASSERT_TRUE(reader->Read(&message));
    EXPECT_EQ(message.operation().status(), decided);
    if (decided == v1::OPERATION_STATUS_FAILED) {
      EXPECT_EQ(message.operation().failure_reason(), v1::FAILURE_REASON_PROVIDER_DECLINED);
    }
    EXPECT_FALSE(reader->Read(&message));  // final: the stream ends
    EXPECT_TRUE(reader->Finish().ok());
    EXPECT_EQ(payu_->ledger().RequestCount("POST", OrderOf(order)), 1);
  }
}

TEST_F(PayuE2eTest, CountryRulesAreRejectionsWithReasonsAndNothingIsSent) {
  v1::VoidRequest void_co;
  SetSale(void_co, 33, std::nullopt, "COP");
  v1::VoidResponse void_response;
  CallerError error = ReadError(Void(void_co, &void_response));
  EXPECT_EQ(error.code, grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(error.reason, "OPERATION_NOT_SUPPORTED");

  v1::RefundResponse response;
  error = ReadError(Refund(PayuRefund(63, std::nullopt, "USD"), &response));  // approved 5 min ago
  EXPECT_EQ(error.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(error.reason, "TOO_EARLY");
  EXPECT_TRUE(error.has_retry_info);
  EXPECT_EQ(error.retry_after_ms, 5 * 60 * 1000);

  error = ReadError(Refund(PayuRefund(1, 25050, "ARS"), &response));  // decimals in Argentina
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.reason, "AMOUNT_INVALID");

  error = ReadError(Refund(PayuRefund(32, 100000, "COP"), &response));  // international card
  EXPECT_EQ(error.reason, "PARTIAL_NOT_ALLOWED");
  for (int n : {33, 63, 1, 32}) EXPECT_EQ(payu_->ledger().RequestCount("POST", OrderOf(n)), 0) << n;
}

TEST_F(PayuE2eTest, ALostAnswerIsUnknownUntilPayuListsTheDecisionAndIsNeverResent) {
  sandbox::FaultRule drop;
  drop.kind = sandbox::FaultKind::kExecuteThenDrop;
  drop.payment_id = OrderOf(41);
  drop.method = "POST";
  payu_->InjectFault(drop);
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(PayuRefund(41, 50000, "MXN"), &response).ok());
  EXPECT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  payu_->AdvanceClock(absl::Hours(24));
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(response.operation().operation_id(), true, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(payu_->ExecutionsFor(OrderOf(41)).size(), 1u);
  EXPECT_EQ(payu_->ledger().RequestCount("POST", OrderOf(41)), 1);
}

TEST_F(PayuE2eTest, CredentialsAndCardNumbersAreInNoLogLine) {
  ::testing::internal::CaptureStderr();
  v1::RefundRequest request = PayuRefund(11, 1000, "BRL");
  request.set_reason("card 4111 1111 1111 1111 charged twice");
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(request, &response).ok());
  payu_->AdvanceClock(absl::Hours(24));
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(response.operation().operation_id(), true, &status).ok());
  Refund(PayuRefund(1, 25050, "ARS"), &response);  // a rejection is logged too
  const std::string logs = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(logs.find("Refund"), std::string::npos);  // the capture saw the server's lines
  for (const char* secret : {sandbox::payu_seed::kApiKey, sandbox::payu_seed::kApiLogin, "4111"}) {
    EXPECT_EQ(logs.find(secret), std::string::npos) << secret;
  }
}

}  // namespace
}  // namespace cancela::testing
