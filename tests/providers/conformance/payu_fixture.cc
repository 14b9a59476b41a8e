// The conformance suite for PayU Latam, against its simulator. PayU puts every refund under a
// review its staff decide later (the simulator: after `review_delay` on its clock), and lists a
// refund only once decided; the suite moves the clock by DecisionDelay() and asks again.

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "providers/payu/payu_provider.h"
#include "providers/sandbox/payu_seed.h"
#include "providers/sandbox/payu_simulator.h"
#include "tests/providers/conformance/adapter_conformance.h"

namespace cancela::conformance {
namespace {

namespace seed = sandbox::payu_seed;

// How long the simulated PayU staff take to decide a refund under review.
constexpr absl::Duration kReviewDelay = absl::Hours(24);

class PayuFixture final : public AdapterFixture {
 public:
  absl::Status Start(ManualClock& clock) override {
    sandbox::PayuSimulator::Options options;
    options.clock = &clock;
    options.log_requests = true;
    options.rules.review_delay = kReviewDelay;
    simulator_ = std::make_unique<sandbox::PayuSimulator>(options);
    return simulator_->Start();
  }

  absl::StatusOr<std::unique_ptr<providers::Provider>> MakeAdapter(
      providers::http::HttpTransport& transport, const Clock& clock) override {
    return providers::payu::MakePayuProvider({{"payments_url", simulator_->payments_url()},
                                              {"queries_url", simulator_->queries_url()},
                                              {"api_login", {{"value", seed::kApiLogin}}},
                                              {"api_key", {{"value", seed::kApiKey}}},
                                              {"request_timeout_ms", 5000}},
                                             transport, clock);
  }

  // A Brazilian card sale captured yesterday (Brazil refunds in cents).
  TestSale NewRefundableSale(int64_t amount) override { return Create(amount, /*captured=*/true); }

  providers::SaleRef UnknownSale() override {
    return providers::PayuSaleRef{"8999999999", "5eed9a70-0000-4000-8000-0000000000ff"};
  }

  // Only authorised, never captured: PayU declines a refund of it (INVALID_TRANSACTION).
  TestSale DecliningSale() override { return Create(4000, /*captured=*/false); }

  // The Payments API ("POST"); queries go to the Queries API and stay unaffected.
  void InjectFault(const TestSale& sale, sandbox::FaultKind kind, absl::Duration delay) override {
    sandbox::FaultRule rule;
    rule.kind = kind;
    rule.payment_id = IdOf(sale);
    rule.method = "POST";
    rule.delay = delay;
    simulator_->InjectFault(rule);
  }

  int Executions(const TestSale& sale) const override {
    return static_cast<int>(simulator_->ExecutionsFor(IdOf(sale)).size());
  }
  int CancelRequests(const TestSale& sale) const override {
    return static_cast<int>(simulator_->ledger().RequestCount("POST", IdOf(sale)));
  }

  // Both travel in the JSON body of every request, not in a header.
  std::vector<std::string> Secrets() const override { return {seed::kApiLogin, seed::kApiKey}; }
  absl::Duration DecisionDelay() const override { return kReviewDelay; }

 private:
  TestSale Create(int64_t amount, bool captured) {
    ++created_;
    sandbox::PayuSaleSpec spec;
    spec.order_id = absl::StrCat(8100000000 + created_);
    spec.transaction_id = absl::StrFormat("c0f0a000-0000-4000-8000-%012d", created_);
    spec.merchant = seed::kMerchant;
    spec.country = "BR";
    spec.currency = "BRL";
    spec.amount_minor_units = amount;
    spec.captured = captured;
    spec.age = absl::Hours(24);
    auto order = simulator_->book().CreateSale(spec);
    TestSale sale;
    if (!order.ok()) return sale;
    sale.ref = providers::PayuSaleRef{order->spec.order_id, order->spec.transaction_id};
    sale.amount = amount;
    // The masked number PayU's order detail carries.
    sale.card_data = {"411111******1111"};
    return sale;
  }
  static std::string IdOf(const TestSale& sale) {
    return std::get<providers::PayuSaleRef>(sale.ref).order_id;
  }

  std::unique_ptr<sandbox::PayuSimulator> simulator_;
  int created_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Payu, AdapterConformanceTest,
                         ::testing::Values(AdapterCase{"payu", [] {
                           return std::unique_ptr<AdapterFixture>(new PayuFixture);
                         }}),
                         [](const auto&) { return std::string("payu"); });

}  // namespace
}  // namespace cancela::conformance
