// The conformance suite for Zoop, against its simulator.

#include <memory>

#include "absl/strings/escaping.h"
#include "providers/sandbox/zoop_seed.h"
#include "providers/sandbox/zoop_simulator.h"
#include "providers/zoop/zoop_provider.h"
#include "tests/providers/conformance/adapter_conformance.h"

namespace cancela::conformance {
namespace {

namespace seed = sandbox::zoop_seed;

class ZoopFixture final : public AdapterFixture {
 public:
  absl::Status Start(ManualClock& clock) override {
    sandbox::ZoopSimulator::Options options;
    options.clock = &clock;
    options.log_requests = true;
    simulator_ = std::make_unique<sandbox::ZoopSimulator>(options);
    return simulator_->Start();
  }

  absl::StatusOr<std::unique_ptr<providers::Provider>> MakeAdapter(
      providers::http::HttpTransport& transport, const Clock& clock) override {
    return providers::zoop::MakeZoopProvider({{"base_url", simulator_->base_url()},
                                              {"marketplace_id", seed::kMarketplaceId},
                                              {"api_key", {{"value", seed::kApiKey}}},
                                              {"request_timeout_ms", 5000}},
                                             transport, clock);
  }

  TestSale NewRefundableSale(int64_t amount) override {
    sandbox::ZoopTransactionSpec spec;
    spec.amount = amount;
    spec.days_ago = 3;
    return Of(*simulator_->CreateTransaction(spec));
  }

  providers::SaleRef UnknownSale() override {
    return providers::ZoopSaleRef{"5eed20000000000000000000000000ff", seed::kLojaNorteId};
  }

  // The issuer declines: the void's history entry comes back failed.
  TestSale DecliningSale() override {
    sandbox::ZoopTransactionSpec spec;
    spec.amount = 4000;
    spec.decline_voids = true;
    return Of(*simulator_->CreateTransaction(spec));
  }

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

  // The key, and the Basic credential it travels as.
  std::vector<std::string> Secrets() const override {
    return {seed::kApiKey, absl::Base64Escape(std::string(seed::kApiKey) + ":")};
  }

 private:
  static std::string IdOf(const TestSale& sale) {
    return std::get<providers::ZoopSaleRef>(sale.ref).transaction_id;
  }
  static TestSale Of(const sandbox::ZoopTransaction& t) {
    TestSale sale;
    sale.ref = providers::ZoopSaleRef{t.id, t.seller_id};
    sale.amount = t.amount;
    sale.card_data = {t.holder_name};
    return sale;
  }

  std::unique_ptr<sandbox::ZoopSimulator> simulator_;
};

INSTANTIATE_TEST_SUITE_P(Zoop, AdapterConformanceTest,
                         ::testing::Values(AdapterCase{"zoop", [] {
                           return std::unique_ptr<AdapterFixture>(new ZoopFixture);
                         }}),
                         [](const auto&) { return std::string("zoop"); });

}  // namespace
}  // namespace cancela::conformance
