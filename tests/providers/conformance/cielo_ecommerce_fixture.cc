// The conformance suite for Cielo E-commerce 3.0, against its simulator.

#include <memory>

#include "absl/strings/str_cat.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_provider.h"
#include "providers/sandbox/cielo_ecommerce_seed.h"
#include "providers/sandbox/cielo_ecommerce_simulator.h"
#include "tests/providers/conformance/adapter_conformance.h"

namespace cancela::conformance {
namespace {

namespace seed = sandbox::cielo_seed;

class CieloEcommerceFixture final : public AdapterFixture {
 public:
  absl::Status Start(ManualClock& clock) override {
    sandbox::CieloEcommerceSimulator::Options options;
    options.clock = &clock;
    options.log_requests = true;
    simulator_ = std::make_unique<sandbox::CieloEcommerceSimulator>(options);
    return simulator_->Start();
  }

  absl::StatusOr<std::unique_ptr<providers::Provider>> MakeAdapter(
      providers::http::HttpTransport& transport, const Clock& clock) override {
    return providers::cielo_ecommerce::MakeCieloEcommerceProvider(
        {{"transactional_url", simulator_->transactional_url()},
         {"query_url", simulator_->query_url()},
         {"merchant_id", {{"value", seed::kLojaCentroMerchantId}}},
         {"merchant_key", {{"value", seed::kLojaCentroMerchantKey}}},
         {"request_timeout_ms", 5000}},
        transport, clock);
  }

  // Captured ten days ago: Cielo refunds card sales from the day after capture.
  TestSale NewRefundableSale(int64_t amount) override {
    sandbox::CieloSaleSpec spec;
    spec.amount = amount;
    spec.received_days_ago = 10;
    return Of(*simulator_->CreateSale(spec));
  }

  providers::SaleRef UnknownSale() override {
    return providers::CieloEcommerceSaleRef{"5eed0000-0000-4000-8000-0000000000ff"};
  }

  // A denied sale: Cielo answers 400 Code 309 "not available to void".
  TestSale DecliningSale() override {
    sandbox::CieloSaleSpec spec;
    spec.state = sandbox::CieloSaleState::kDenied;
    spec.amount = 1500;
    spec.received_days_ago = 1;
    return Of(*simulator_->CreateSale(spec));
  }

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

  std::vector<std::string> Secrets() const override {
    return {seed::kLojaCentroMerchantKey, seed::kLojaCentroMerchantId};
  }
  absl::Duration SpacingBetweenCancels() const override { return absl::Seconds(6); }

 private:
  static std::string IdOf(const TestSale& sale) {
    return std::get<providers::CieloEcommerceSaleRef>(sale.ref).payment_id;
  }
  static TestSale Of(const sandbox::CieloSale& sale) {
    TestSale t;
    t.ref = providers::CieloEcommerceSaleRef{sale.payment_id};
    t.amount = sale.amount;
    t.card_data = {sale.masked_card_number};
    return t;
  }

  std::unique_ptr<sandbox::CieloEcommerceSimulator> simulator_;
};

INSTANTIATE_TEST_SUITE_P(CieloEcommerce, AdapterConformanceTest,
                         ::testing::Values(AdapterCase{"cielo_ecommerce", [] {
                           return std::unique_ptr<AdapterFixture>(new CieloEcommerceFixture);
                         }}),
                         [](const auto&) { return std::string("cielo_ecommerce"); });

}  // namespace
}  // namespace cancela::conformance
