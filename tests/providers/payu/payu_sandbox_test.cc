// The real adapter, over real libcurl, against the PayU sandbox on loopback: sales of every
// country, review decided by the sandbox clock, and a lost answer resolved by querying.

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "providers/http/curl_global.h"
#include "providers/http/curl_http_transport.h"
#include "providers/payu/payu_provider.h"
#include "providers/sandbox/payu_seed.h"
#include "providers/sandbox/payu_simulator.h"

namespace cancela::providers::payu {
namespace {

const http::CurlGlobal kCurl;

class PayuSandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox::PayuSimulator::Options options;
    options.clock = &clock_;
    options.rules.review_delay = absl::Hours(24);
    simulator_ = std::make_unique<sandbox::PayuSimulator>(options);
    ASSERT_TRUE(simulator_->Start().ok());
    const nlohmann::json settings = {{"payments_url", simulator_->payments_url()},
                                     {"queries_url", simulator_->queries_url()},
                                     {"api_login", {{"value", sandbox::payu_seed::kApiLogin}}},
                                     {"api_key", {{"value", sandbox::payu_seed::kApiKey}}},
                                     {"request_timeout_ms", 5000}};
    auto made = MakePayuProvider(settings, transport_, clock_);
    ASSERT_TRUE(made.ok()) << made.status();
    provider_ = *std::move(made);
  }

  static PayuSaleRef Seeded(int n) {
    return {absl::StrCat(9000000000 + n), absl::StrFormat("5eed9a70-0000-4000-8000-%012d", n)};
  }
  static absl::Time Deadline() { return absl::Now() + absl::Seconds(10); }

  CancelCommand Refund(const PayuSaleRef& ref, const SaleSnapshot& sale, std::optional<int64_t> amount) {
    CancelCommand c;
    c.operation_id = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";
    c.kind = OperationKind::kRefund;
    c.sale = ref;
    c.total = !amount.has_value();
    c.amount_minor_units = amount.value_or(sale.captured_minor_units - sale.cancelled_minor_units);
    c.currency = sale.currency;
    return c;
  }

  // Judges, sends and records like the engine does, returning the first answer and its basis.
  std::pair<ProviderResult, ReconcileBasis> Send(const CancelCommand& command, const SaleSnapshot& sale) {
    ReconcileBasis basis;
    basis.cancelled_before_minor_units = sale.cancelled_minor_units;
    basis.sent_at = clock_.Now();
    ProviderResult first = provider_->Cancel(command, Deadline());
    basis.recorded = first.echo;
    return {first, basis};
  }

  ManualClock clock_{absl::FromUnixSeconds(1795176000)};
  http::CurlHttpTransport transport_;
  std::unique_ptr<sandbox::PayuSimulator> simulator_;
  std::unique_ptr<Provider> provider_;
};

TEST_F(PayuSandboxTest, ReadsASeededSaleOfEveryCountry) {
  struct Row {
    int n;
    std::string country;
    std::string currency;
    SaleState state;
  };
  for (const Row& row : std::vector<Row>{{1, "AR", "ARS", SaleState::kCaptured},
                                         {13, "BR", "BRL", SaleState::kAuthorized},
                                         {21, "CL", "CLP", SaleState::kCaptured},
                                         {32, "CO", "COP", SaleState::kCaptured},
                                         {42, "MX", "MXN", SaleState::kAuthorized},
                                         {51, "PA", "USD", SaleState::kCaptured},
                                         {61, "PE", "PEN", SaleState::kCaptured}}) {
    auto sale = provider_->GetSale(Seeded(row.n), Deadline());
    ASSERT_TRUE(sale.ok()) << row.country << " " << sale.status();
    EXPECT_EQ(sale->country, row.country);
    EXPECT_EQ(sale->currency, row.currency);
    EXPECT_EQ(sale->state, row.state) << row.country;
    EXPECT_EQ(sale->card_last_four, "1111");
  }
  EXPECT_TRUE(provider_->GetSale(Seeded(32), Deadline())->international_card);
  EXPECT_EQ(provider_->GetSale(Seeded(61), Deadline())->installments, 3);
  EXPECT_EQ(provider_->GetSale(Seeded(43), Deadline())->network, "BANCOMER");
  EXPECT_EQ(ErrorReasonOf(provider_->GetSale(PayuSaleRef{"1", "x"}, Deadline()).status()), "SALE_NOT_FOUND");
}

TEST_F(PayuSandboxTest, ARefundIsReviewedThenApprovedWhenTheSandboxClockPassesTheDecision) {
  const PayuSaleRef ref = Seeded(1);
  auto sale = provider_->GetSale(ref, Deadline());
  ASSERT_TRUE(sale.ok());
  const CancelCommand command = Refund(ref, *sale, 25000);
  ASSERT_TRUE(provider_->CheckRules(command, *sale, clock_.Now()).ok());
  auto [first, basis] = Send(command, *sale);
  EXPECT_EQ(first.outcome, Outcome::kReview) << first.note;
  EXPECT_EQ(first.echo.reason_code, "PENDING_REVIEW");

  EXPECT_EQ(provider_->Reconcile(command, basis, Deadline()).outcome, Outcome::kReview);
  simulator_->AdvanceClock(absl::Hours(24) - absl::Seconds(1));
  EXPECT_EQ(provider_->Reconcile(command, basis, Deadline()).outcome, Outcome::kReview);
  simulator_->AdvanceClock(absl::Seconds(1));
  const ProviderResult decided = provider_->Reconcile(command, basis, Deadline());
  EXPECT_EQ(decided.outcome, Outcome::kSucceeded) << decided.note;
  EXPECT_FALSE(decided.echo.reference.empty());
  EXPECT_EQ(provider_->GetSale(ref, Deadline())->cancelled_minor_units, 25000);
  EXPECT_EQ(simulator_->ExecutionsFor(ref.order_id).size(), 1u);
}

TEST_F(PayuSandboxTest, ARefundIsReviewedThenDeclined) {
  const PayuSaleRef ref = Seeded(14);  // seeded to be declined
  auto sale = provider_->GetSale(ref, Deadline());
  ASSERT_TRUE(sale.ok());
  const CancelCommand command = Refund(ref, *sale, std::nullopt);
  auto [first, basis] = Send(command, *sale);
  EXPECT_EQ(first.outcome, Outcome::kReview);
  simulator_->AdvanceClock(absl::Hours(25));
  const ProviderResult decided = provider_->Reconcile(command, basis, Deadline());
  EXPECT_EQ(decided.outcome, Outcome::kFailed) << decided.note;
  EXPECT_EQ(decided.failure_reason, v1::FAILURE_REASON_PROVIDER_DECLINED);
  EXPECT_EQ(provider_->GetSale(ref, Deadline())->state, SaleState::kCaptured);
}

TEST_F(PayuSandboxTest, TheAdminApiDecidesAReviewEitherWay) {
  const PayuSaleRef ref = Seeded(11);
  auto sale = provider_->GetSale(ref, Deadline());
  const CancelCommand command = Refund(ref, *sale, std::nullopt);
  auto [first, basis] = Send(command, *sale);
  ASSERT_EQ(first.outcome, Outcome::kReview);
  ASSERT_TRUE(simulator_->book().SetReview(ref.order_id, sandbox::PayuReview::kDecline, true).ok());
  EXPECT_EQ(provider_->Reconcile(command, basis, Deadline()).outcome, Outcome::kFailed);
}

TEST_F(PayuSandboxTest, ALostAnswerIsUnknownAndTheQueryResolvesItWithOneExecution) {
  const PayuSaleRef ref = Seeded(41);
  auto sale = provider_->GetSale(ref, Deadline());
  ASSERT_TRUE(sale.ok());
  sandbox::FaultRule drop;
  drop.kind = sandbox::FaultKind::kExecuteThenDrop;
  drop.payment_id = ref.order_id;
  drop.method = "POST";
  simulator_->InjectFault(drop);
  const CancelCommand command = Refund(ref, *sale, 50000);
  auto [first, basis] = Send(command, *sale);
  EXPECT_EQ(first.outcome, Outcome::kUnknown) << first.note;
  // Undecided refunds are not listed: still unknown, and nothing was resent.
  EXPECT_EQ(provider_->Reconcile(command, basis, Deadline()).outcome, Outcome::kUnknown);
  simulator_->AdvanceClock(absl::Hours(24));
  const ProviderResult resolved = provider_->Reconcile(command, basis, Deadline());
  EXPECT_EQ(resolved.outcome, Outcome::kSucceeded) << resolved.note;
  EXPECT_EQ(simulator_->ExecutionsFor(ref.order_id).size(), 1u);
  EXPECT_EQ(simulator_->ledger().RequestCount("POST", ref.order_id), 1);
}

TEST_F(PayuSandboxTest, AVoidIsImmediateAndALostOneIsFoundByTheQuery) {
  const PayuSaleRef ref = Seeded(2);
  auto sale = provider_->GetSale(ref, Deadline());
  ASSERT_TRUE(sale.ok());
  CancelCommand command = Refund(ref, *sale, std::nullopt);
  command.kind = OperationKind::kVoid;
  command.amount_minor_units = sale->authorized_minor_units;
  ASSERT_TRUE(provider_->CheckRules(command, *sale, clock_.Now()).ok());
  sandbox::FaultRule drop;
  drop.kind = sandbox::FaultKind::kExecuteThenDrop;
  drop.payment_id = ref.order_id;
  drop.method = "POST";
  simulator_->InjectFault(drop);
  auto [first, basis] = Send(command, *sale);
  EXPECT_EQ(first.outcome, Outcome::kUnknown);
  EXPECT_EQ(provider_->Reconcile(command, basis, Deadline()).outcome, Outcome::kSucceeded);
  EXPECT_EQ(provider_->GetSale(ref, Deadline())->state, SaleState::kVoided);
  EXPECT_EQ(simulator_->ExecutionsFor(ref.order_id).size(), 1u);
}

TEST_F(PayuSandboxTest, A5xxIsUnknownAndExecutesNothing) {
  const PayuSaleRef ref = Seeded(31);
  auto sale = provider_->GetSale(ref, Deadline());
  sandbox::FaultRule fail;
  fail.kind = sandbox::FaultKind::kHttp500;
  fail.payment_id = ref.order_id;
  fail.method = "POST";
  simulator_->InjectFault(fail);
  auto [first, basis] = Send(Refund(ref, *sale, 1000000), *sale);
  EXPECT_EQ(first.outcome, Outcome::kUnknown);
  EXPECT_TRUE(simulator_->ExecutionsFor(ref.order_id).empty());
}

TEST_F(PayuSandboxTest, ASecondRefundWhileOneIsUnderReviewIsAlreadyRegistered) {
  const PayuSaleRef ref = Seeded(21);
  auto sale = provider_->GetSale(ref, Deadline());
  auto [first, basis] = Send(Refund(ref, *sale, 1000), *sale);
  ASSERT_EQ(first.outcome, Outcome::kReview);
  auto [second, basis2] = Send(Refund(ref, *sale, 1000), *sale);
  EXPECT_EQ(second.outcome, Outcome::kFailed);
  EXPECT_EQ(second.failure_reason, v1::FAILURE_REASON_DUPLICATE_IN_PROGRESS);
  EXPECT_EQ(simulator_->RejectionsFor(ref.order_id).size(), 1u);
}

TEST_F(PayuSandboxTest, WrongCredentialsAreAnAuthFailure) {
  const nlohmann::json settings = {{"payments_url", simulator_->payments_url()},
                                   {"queries_url", simulator_->queries_url()},
                                   {"api_login", {{"value", "WRONGLOGIN00000"}}},
                                   {"api_key", {{"value", "WRONGKEY00000"}}}};
  auto wrong = MakePayuProvider(settings, transport_, clock_);
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(ErrorReasonOf((*wrong)->GetSale(Seeded(1), Deadline()).status()), "PROVIDER_AUTH_FAILED");
}

}  // namespace
}  // namespace cancela::providers::payu
