// The conformance suite for Cielo Checkout / Link de Pagamento, against its simulator: OAuth
// client credentials for a Bearer token, then voids of paid orders, total or partial.

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "providers/cielo_checkout/cielo_checkout_provider.h"
#include "providers/sandbox/cielo_checkout_seed.h"
#include "providers/sandbox/cielo_checkout_simulator.h"
#include "tests/providers/conformance/adapter_conformance.h"

namespace cancela::conformance {
namespace {

namespace seed = sandbox::checkout_seed;

class CieloCheckoutFixture final : public AdapterFixture {
 public:
  absl::Status Start(ManualClock& clock) override {
    sandbox::CieloCheckoutSimulator::Options options;
    options.clock = &clock;
    options.log_requests = true;
    simulator_ = std::make_unique<sandbox::CieloCheckoutSimulator>(options);
    return simulator_->Start();
  }

  absl::StatusOr<std::unique_ptr<providers::Provider>> MakeAdapter(
      providers::http::HttpTransport& transport, const Clock& clock) override {
    return providers::cielo_checkout::MakeCieloCheckoutProvider(
        {{"base_url", simulator_->base_url()},
         {"client_id", {{"value", seed::kLojaCheckoutClientId}}},
         {"client_secret", {{"value", seed::kLojaCheckoutClientSecret}}},
         {"request_timeout_ms", 5000}},
        transport, clock);
  }

  // A credit card order paid ten days ago, all of it in one cart item.
  TestSale NewRefundableSale(int64_t amount) override {
    sandbox::CheckoutOrderSpec spec;
    spec.items_amount = amount;
    spec.days_ago = 10;
    return Of(*simulator_->CreateOrder(spec));
  }

  providers::SaleRef UnknownSale() override {
    return providers::CieloCheckoutSaleRef{"c4ec00000000000000000000000000ff"};
  }

  // A denied order: Checkout refuses to void it.
  TestSale DecliningSale() override {
    sandbox::CheckoutOrderSpec spec;
    spec.status = sandbox::checkout_status::kDenied;
    spec.items_amount = 1500;
    spec.days_ago = 1;
    return Of(*simulator_->CreateOrder(spec));
  }

  // The void is a PUT; the token (POST) and queries (GET) stay unaffected.
  void InjectFault(const TestSale& sale, sandbox::FaultKind kind, absl::Duration delay) override {
    sandbox::FaultRule rule;
    rule.kind = kind;
    rule.payment_id = IdOf(sale);
    rule.method = "PUT";
    rule.delay = delay;
    simulator_->InjectFault(rule);
  }

  int Executions(const TestSale& sale) const override {
    return static_cast<int>(simulator_->ExecutionsFor(IdOf(sale)).size());
  }
  int CancelRequests(const TestSale& sale) const override {
    return static_cast<int>(simulator_->ledger().RequestCount("PUT", IdOf(sale)));
  }

  // The client secret, and the Basic credential it travels as to the token endpoint.
  std::vector<std::string> Secrets() const override {
    return {seed::kLojaCheckoutClientSecret,
            absl::Base64Escape(absl::StrCat(seed::kLojaCheckoutClientId, ":",
                                            seed::kLojaCheckoutClientSecret))};
  }
  // Checkout refuses a second cancellation of one order within 5 seconds.
  absl::Duration SpacingBetweenCancels() const override { return absl::Seconds(6); }
  // The order query shows a whole void (status Voided), never a partial one.
  bool QueryShowsPartialCancellations() const override { return false; }

 private:
  static std::string IdOf(const TestSale& sale) {
    return std::get<providers::CieloCheckoutSaleRef>(sale.ref).order_number;
  }
  static TestSale Of(const sandbox::CheckoutOrder& order) {
    TestSale t;
    t.ref = providers::CieloCheckoutSaleRef{order.spec.order_number};
    t.amount = order.amount();
    t.card_data = {order.masked_card};
    return t;
  }

  std::unique_ptr<sandbox::CieloCheckoutSimulator> simulator_;
};

INSTANTIATE_TEST_SUITE_P(CieloCheckout, AdapterConformanceTest,
                         ::testing::Values(AdapterCase{"cielo_checkout", [] {
                           return std::unique_ptr<AdapterFixture>(new CieloCheckoutFixture);
                         }}),
                         [](const auto&) { return std::string("cielo_checkout"); });

}  // namespace
}  // namespace cancela::conformance
