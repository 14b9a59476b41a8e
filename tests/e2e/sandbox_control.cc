#include "tests/e2e/sandbox_control.h"

#include "gtest/gtest.h"
#include "providers/sandbox/cielo_ecommerce_seed.h"
#include "providers/sandbox/fault_injector.h"

namespace cancela::testing {

std::unique_ptr<SandboxControl> SandboxControl::Start(const Clock& clock,
                                                      sandbox::CieloRules rules) {
  auto control = std::make_unique<SandboxControl>();
  sandbox::CieloEcommerceSimulator::Options options;
  options.clock = &clock;
  options.rules = rules;
  control->simulator_ = std::make_unique<sandbox::CieloEcommerceSimulator>(options);
  const absl::Status started = control->simulator_->Start();
  EXPECT_TRUE(started.ok()) << started;
  return started.ok() ? std::move(control) : nullptr;
}

std::string SandboxControl::merchant_id(bool without_pix_balance) const {
  return without_pix_balance ? sandbox::cielo_seed::kLojaSemSaldoMerchantId : sandbox::cielo_seed::kLojaCentroMerchantId;
}

std::string SandboxControl::merchant_key(bool without_pix_balance) const {
  return without_pix_balance ? sandbox::cielo_seed::kLojaSemSaldoMerchantKey : sandbox::cielo_seed::kLojaCentroMerchantKey;
}

std::string SandboxControl::CreateSale(const nlohmann::json& spec) {
  sandbox::CieloSaleSpec s;
  const std::string type = spec.value("type", "CreditCard");
  s.type = sandbox::CieloPaymentTypeFromName(type).value_or(sandbox::CieloPaymentType::kCreditCard);
  const std::string status = spec.value("status", "captured");
  s.state = status == "authorized" ? sandbox::CieloSaleState::kAuthorized
                                   : sandbox::CieloSaleState::kCaptured;
  s.amount = spec.value("amount", int64_t{10000});
  s.received_days_ago = spec.value("received_days_ago", 0);
  if (spec.contains("captured_days_ago")) s.captured_days_ago = spec["captured_days_ago"].get<int>();
  s.merchant = spec.value("merchant", std::string("loja-centro"));
  s.brand = spec.value("brand", std::string("Visa"));
  auto sale = simulator_->CreateSale(s);
  EXPECT_TRUE(sale.ok()) << sale.status();
  return sale.ok() ? sale->payment_id : std::string();
}

int SandboxControl::Executions(const std::string& payment_id) const {
  return static_cast<int>(simulator_->ExecutionsFor(payment_id).size());
}

int SandboxControl::Rejections(const std::string& payment_id) const {
  return static_cast<int>(simulator_->RejectionsFor(payment_id).size());
}

int SandboxControl::Requests(const std::string& payment_id) const {
  return static_cast<int>(simulator_->ledger().RequestCount("GET", payment_id) +
                          simulator_->ledger().RequestCount("PUT", payment_id));
}

void SandboxControl::InjectFault(const nlohmann::json& fault) {
  sandbox::FaultRule rule;
  rule.payment_id = fault.value("payment_id", std::string());
  rule.method = fault.value("method", std::string());
  auto kind = sandbox::FaultKindFromName(fault.value("action", std::string("http_500")));
  ASSERT_TRUE(kind.has_value());
  rule.kind = *kind;
  rule.delay = absl::Milliseconds(fault.value("latency_ms", 0));
  rule.count = fault.value("count", 1);
  simulator_->InjectFault(rule);
}

}  // namespace cancela::testing
