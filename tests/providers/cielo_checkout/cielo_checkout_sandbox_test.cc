// The real adapter over real libcurl against the Checkout simulator on loopback: the token's
// whole life, repeated partial voids, the provider's 5-second rule, and lost answers resolved by
// querying — with the sandbox ledger as the witness of what was executed.

#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "providers/cielo_checkout/cielo_checkout_provider.h"
#include "providers/http/curl_global.h"
#include "providers/http/curl_http_transport.h"
#include "providers/sandbox/cielo_checkout_seed.h"
#include "providers/sandbox/cielo_checkout_simulator.h"

namespace cancela::providers::cielo_checkout {
namespace {

namespace seed = sandbox::checkout_seed;

CancelCommand Command(const std::string& order, std::optional<int64_t> partial) {
  CancelCommand c;
  c.operation_id = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";
  c.kind = OperationKind::kRefund;
  c.sale = CieloCheckoutSaleRef{order};
  c.total = !partial.has_value();
  c.amount_minor_units = partial.value_or(0);
  c.currency = "BRL";
  return c;
}

class CieloCheckoutSandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox::CieloCheckoutSimulator::Options options;
    options.clock = &clock_;
    simulator_ = std::make_unique<sandbox::CieloCheckoutSimulator>(options);
    ASSERT_TRUE(simulator_->Start().ok());
    provider_ = Make(seed::kLojaCheckoutClientSecret);
  }

  std::unique_ptr<CieloCheckoutProvider> Make(const std::string& secret) {
    nlohmann::json settings = {{"base_url", simulator_->base_url()},
                               {"client_id", {{"value", seed::kLojaCheckoutClientId}}},
                               {"client_secret", {{"value", secret}}},
                               {"request_timeout_ms", 5000}};
    auto parsed = ParseSettings(settings);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    return std::make_unique<CieloCheckoutProvider>(*parsed, transport_, clock_);
  }

  absl::StatusOr<SaleSnapshot> Order(const std::string& n) {
    return provider_->GetSale(CieloCheckoutSaleRef{n}, absl::InfiniteFuture());
  }

  int64_t Requests(const char* method, const std::string& order) const {
    return simulator_->ledger().RequestCount(method, order);
  }

  http::CurlGlobal curl_;
  http::CurlHttpTransport transport_;
  ManualClock clock_{absl::FromUnixSeconds(1'800'000'000)};
  std::unique_ptr<sandbox::CieloCheckoutSimulator> simulator_;
  std::unique_ptr<CieloCheckoutProvider> provider_;
};

TEST_F(CieloCheckoutSandboxTest, ReadsSeededOrders) {
  auto paid = Order(seed::kPaidCredit1);
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->state, SaleState::kCaptured);
  EXPECT_EQ(paid->captured_minor_units, 15000);  // 120,00 of items + 30,00 shipping
  EXPECT_EQ(paid->method, PaymentMethod::kCreditCard);
  EXPECT_EQ(paid->card_last_four.size(), 4u);
  EXPECT_EQ(Order(seed::kAuthorizedCredit)->state, SaleState::kAuthorized);
  EXPECT_EQ(Order(seed::kPaidPix)->method, PaymentMethod::kPix);
  EXPECT_EQ(Order(seed::kPaidBoleto)->method, PaymentMethod::kOther);
  EXPECT_EQ(Order(seed::kVoidedCredit)->state, SaleState::kVoided);
  EXPECT_EQ(Order(seed::kChargebackCredit)->provider_status, "Chargeback");
  // Another merchant's order does not exist for this account.
  EXPECT_EQ(ErrorReasonOf(Order(seed::kGlobexPaidCredit).status()), "SALE_NOT_FOUND");
}

TEST_F(CieloCheckoutSandboxTest, TokenExpiryDuringABurstRefreshesExactlyOnce) {
  ASSERT_TRUE(Order(seed::kPaidCredit1).ok());
  ASSERT_EQ(simulator_->tokens_issued(), 1);
  clock_.Advance(absl::Seconds(1200));  // the token is dead at Cielo and in the cache
  std::vector<std::thread> burst;
  std::atomic<int> ok{0};
  for (int i = 0; i < 16; ++i) {
    burst.emplace_back([&] { ok += Order(seed::kPaidCredit1).ok() ? 1 : 0; });
  }
  for (std::thread& t : burst) t.join();
  EXPECT_EQ(ok, 16);
  EXPECT_EQ(simulator_->tokens_issued(), 2);
  EXPECT_EQ(provider_->token_fetches(), 2);
  EXPECT_EQ(Requests("GET", seed::kPaidCredit1), 17);  // none answered 401
}

TEST_F(CieloCheckoutSandboxTest, ARevokedTokenGets401ThenOneRefreshAndARetry) {
  ASSERT_TRUE(Order(seed::kPaidCredit1).ok());
  simulator_->RevokeTokens();
  ASSERT_TRUE(Order(seed::kPaidCredit1).ok());
  EXPECT_EQ(simulator_->tokens_issued(), 2);
  EXPECT_EQ(Requests("GET", seed::kPaidCredit1), 3);  // ok, 401, ok
}

TEST_F(CieloCheckoutSandboxTest, WrongClientSecretFailsClearlyAndSendsNoVoid) {
  auto wrong = Make("not-the-secret");
  auto sale = wrong->GetSale(CieloCheckoutSaleRef{seed::kPaidCredit1}, absl::InfiniteFuture());
  EXPECT_EQ(ErrorReasonOf(sale.status()), "PROVIDER_AUTH_FAILED");
  const ProviderResult r = wrong->Cancel(Command(seed::kPaidCredit1, std::nullopt), absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_AUTHENTICATION);
  EXPECT_EQ(Requests("PUT", seed::kPaidCredit1), 0);
  EXPECT_EQ(simulator_->tokens_issued(), 0);
}

TEST_F(CieloCheckoutSandboxTest, TheSeedDocumentsSpacedBase64IsRefused) {
  http::Request token;
  token.method = "POST";
  token.url = simulator_->base_url() + "/api/public/v2/token";
  token.headers = {{"Authorization", "Basic " + absl::Base64Escape(absl::StrCat(
                                                    seed::kLojaCheckoutClientId, ": ",
                                                    seed::kLojaCheckoutClientSecret))},
                   {"Content-Type", "application/x-www-form-urlencoded"}};
  token.body = "grant_type=client_credentials";
  token.deadline = absl::Now() + absl::Seconds(5);
  EXPECT_EQ(transport_.Send(token).response.status, 401);
}

TEST_F(CieloCheckoutSandboxTest, RepeatedPartialsDownToZero) {
  const std::string order = seed::kPaidCredit2;  // 100,00
  for (int64_t part : {3000, 3000, 4000}) {
    const ProviderResult r = provider_->Cancel(Command(order, part), absl::InfiniteFuture());
    EXPECT_EQ(r.outcome, Outcome::kSucceeded) << r.note;
    clock_.Advance(absl::Seconds(6));
  }
  EXPECT_EQ(Order(order)->state, SaleState::kVoided);
  const auto executions = simulator_->ExecutionsFor(order);
  ASSERT_EQ(executions.size(), 3u);
  EXPECT_EQ(executions[0].amount + executions[1].amount + executions[2].amount, 10000);
  EXPECT_EQ(executions[2].status_after, "Voided");
  // Nothing is left: Cielo declines one centavo more, and nothing moves.
  const ProviderResult more = provider_->Cancel(Command(order, 1), absl::InfiniteFuture());
  EXPECT_EQ(more.outcome, Outcome::kFailed);
  EXPECT_EQ(simulator_->ExecutionsFor(order).size(), 3u);
}

TEST_F(CieloCheckoutSandboxTest, CieloRefusesASecondCancellationWithinFiveSeconds) {
  const std::string order = seed::kPaidCredit1;
  EXPECT_EQ(provider_->Cancel(Command(order, 1000), absl::InfiniteFuture()).outcome, Outcome::kSucceeded);
  clock_.Advance(absl::Milliseconds(4999));
  const ProviderResult early = provider_->Cancel(Command(order, 1000), absl::InfiniteFuture());
  EXPECT_EQ(early.outcome, Outcome::kFailed);
  EXPECT_EQ(early.echo.code, "10");
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_EQ(provider_->Cancel(Command(order, 1000), absl::InfiniteFuture()).outcome, Outcome::kSucceeded);
  EXPECT_EQ(simulator_->ExecutionsFor(order).size(), 2u);
  EXPECT_EQ(simulator_->RejectionsFor(order).size(), 1u);
}

TEST_F(CieloCheckoutSandboxTest, ExecuteThenDropIsUnknownAndTheQueryResolvesIt) {
  const std::string order = seed::kPaidCredit3;
  sandbox::FaultRule drop;
  drop.payment_id = order;
  drop.method = "PUT";
  drop.kind = sandbox::FaultKind::kExecuteThenDrop;
  simulator_->InjectFault(drop);
  const CancelCommand command = Command(order, std::nullopt);
  const ProviderResult sent = provider_->Cancel(command, absl::InfiniteFuture());
  EXPECT_EQ(sent.outcome, Outcome::kUnknown) << sent.note;
  const ProviderResult resolved = provider_->Reconcile(command, {}, absl::InfiniteFuture());
  EXPECT_EQ(resolved.outcome, Outcome::kSucceeded) << resolved.note;
  EXPECT_EQ(simulator_->ExecutionsFor(order).size(), 1u);
  EXPECT_EQ(Requests("PUT", order), 1);  // never resent
}

TEST_F(CieloCheckoutSandboxTest, A500BeforeExecutingIsUnknownUntilTheQuerySaysNothingHappened) {
  const std::string order = seed::kPaidCredit3;
  sandbox::FaultRule fail;
  fail.payment_id = order;
  fail.method = "PUT";
  fail.kind = sandbox::FaultKind::kHttp500;
  simulator_->InjectFault(fail);
  const CancelCommand command = Command(order, std::nullopt);
  EXPECT_EQ(provider_->Cancel(command, absl::InfiniteFuture()).outcome, Outcome::kUnknown);
  EXPECT_EQ(provider_->Reconcile(command, {}, absl::InfiniteFuture()).outcome, Outcome::kUnknown);
  EXPECT_TRUE(simulator_->ExecutionsFor(order).empty());
  EXPECT_EQ(Requests("PUT", order), 1);
}

TEST_F(CieloCheckoutSandboxTest, AResetQueryIsUnavailable) {
  sandbox::FaultRule reset;
  reset.payment_id = seed::kPaidCredit1;
  reset.method = "GET";
  reset.kind = sandbox::FaultKind::kReset;
  reset.count = 2;  // libcurl itself retries a query once when a reused connection resets
  ASSERT_TRUE(Order(seed::kPaidCredit1).ok());  // a kept-alive connection exists
  simulator_->InjectFault(reset);
  EXPECT_EQ(ErrorReasonOf(Order(seed::kPaidCredit1).status()), "PROVIDER_UNAVAILABLE");
  simulator_->ClearFaults();
  EXPECT_TRUE(Order(seed::kPaidCredit1).ok());
}

TEST_F(CieloCheckoutSandboxTest, PartialBeforeCaptureAndOtherPaymentTypesAreDeclinedByCielo) {
  // The adapter's rules stop these first; the sandbox refuses them too, as Cielo documents.
  EXPECT_EQ(provider_->Cancel(Command(seed::kAuthorizedCredit, 100), absl::InfiniteFuture()).echo.code, "47");
  EXPECT_EQ(provider_->Cancel(Command(seed::kPaidPix, std::nullopt), absl::InfiniteFuture()).echo.code, "53");
  EXPECT_EQ(provider_->Cancel(Command(seed::kVoidedCredit, std::nullopt), absl::InfiniteFuture()).echo.code, "41");
  EXPECT_TRUE(simulator_->ledger().Executions().empty());
  // A total void of an authorised order cancels it.
  EXPECT_EQ(provider_->Cancel(Command(seed::kAuthorizedCredit, std::nullopt), absl::InfiniteFuture()).outcome,
            Outcome::kSucceeded);
  EXPECT_EQ(Order(seed::kAuthorizedCredit)->state, SaleState::kVoided);
}

TEST_F(CieloCheckoutSandboxTest, FindsOrdersByTheMerchantsOrderNumber) {
  auto list = provider_->FindByMerchantOrderNumber(seed::kSharedMerchantOrderNumber, absl::InfiniteFuture());
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].checkout_order_number, seed::kPaidCredit1);
  EXPECT_EQ((*list)[1].checkout_order_number, seed::kPaidCredit2);
  EXPECT_EQ(ErrorReasonOf(provider_->FindByMerchantOrderNumber("NOSUCHORDER", absl::InfiniteFuture()).status()),
            "SALE_NOT_FOUND");
}

TEST_F(CieloCheckoutSandboxTest, TheAdminApiCreatesOrdersArmsFaultsAndMovesTheClock) {
  auto call = [&](const char* method, const std::string& path, const std::string& body) {
    http::Request r;
    r.method = method;
    r.url = simulator_->base_url() + "/__sandbox/" + path;
    r.body = body;
    r.headers = {{"Content-Type", "application/json"}};
    r.deadline = absl::Now() + absl::Seconds(5);
    r.idempotent = true;
    return transport_.Send(r).response;
  };
  const http::Response created = call("POST", "orders",
      R"({"order_number": "ab000000000000000000000000000001", "items_amount": 2500, "status": "Authorized"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Order("ab000000000000000000000000000001")->authorized_minor_units, 2500);
  EXPECT_EQ(call("POST", "orders", R"({"status": "Refunded"})").status, 400);
  EXPECT_EQ(call("POST", "faults", R"({"kind": "http_500", "order_number": "ab000000000000000000000000000001", "method": "GET"})").status, 201);
  EXPECT_EQ(ErrorReasonOf(Order("ab000000000000000000000000000001").status()), "PROVIDER_UNAVAILABLE");
  EXPECT_EQ(call("POST", "clock", R"({"advance_seconds": 1200})").status, 200);
  EXPECT_EQ(simulator_->ClockOffset(), absl::Seconds(1200));
  EXPECT_EQ(call("POST", "tokens/revoke", "").status, 200);
  EXPECT_EQ(call("GET", "ledger?order_number=ab000000000000000000000000000001", "").status, 200);
  EXPECT_EQ(call("POST", "reset", "").status, 200);
  EXPECT_FALSE(simulator_->GetOrder("ab000000000000000000000000000001").has_value());
  EXPECT_EQ(simulator_->ClockOffset(), absl::ZeroDuration());
}

TEST(CieloCheckoutQueryWindowTest, OrdersBeyondTheWindowAreNotFound) {
  http::CurlGlobal curl;
  http::CurlHttpTransport transport;
  ManualClock clock{absl::FromUnixSeconds(1'800'000'000)};
  sandbox::CieloCheckoutSimulator::Options options;
  options.clock = &clock;
  options.rules.query_window_days = 45;
  sandbox::CieloCheckoutSimulator simulator(options);
  ASSERT_TRUE(simulator.Start().ok());
  auto parsed = ParseSettings({{"base_url", simulator.base_url()},
                               {"client_id", {{"value", seed::kLojaCheckoutClientId}}},
                               {"client_secret", {{"value", seed::kLojaCheckoutClientSecret}}}});
  ASSERT_TRUE(parsed.ok());
  CieloCheckoutProvider provider(*parsed, transport, clock);
  EXPECT_EQ(ErrorReasonOf(provider.GetSale(CieloCheckoutSaleRef{seed::kOldPaidCredit},
                                           absl::InfiniteFuture()).status()),
            "SALE_NOT_FOUND");
  EXPECT_TRUE(provider.GetSale(CieloCheckoutSaleRef{seed::kPaidCredit1}, absl::InfiniteFuture()).ok());
}

}  // namespace
}  // namespace cancela::providers::cielo_checkout
