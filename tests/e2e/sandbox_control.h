#pragma once
// Drives the Cielo E-commerce sandbox from tests: started in this process on ephemeral ports with
// the test's clock, so the server under test and the sandbox agree on what "today" is.

#include <memory>
#include <string>

#include "common/clock.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/cielo_ecommerce_simulator.h"

namespace cancela::testing {

class SandboxControl {
 public:
  static std::unique_ptr<SandboxControl> Start(const Clock& clock,
                                               sandbox::CieloRules rules = {});

  std::string transactional_url() const { return simulator_->transactional_url(); }
  std::string query_url() const { return simulator_->query_url(); }
  // Credentials of the seeded merchants loja-centro and loja-sem-saldo.
  std::string merchant_id(bool without_pix_balance = false) const;
  std::string merchant_key(bool without_pix_balance = false) const;

  // Creates a sale: {"type": "CreditCard"|"DebitCard"|"Pix", "status": "captured"|"authorized"|
  // "paid", "amount", "received_days_ago", "captured_days_ago", "merchant", "brand"}.
  std::string CreateSale(const nlohmann::json& spec);
  // Successful executions recorded for the sale.
  int Executions(const std::string& payment_id) const;
  // Cancellations the sandbox received and refused for the sale.
  int Rejections(const std::string& payment_id) const;
  // Protocol requests of any kind for the sale (queries included).
  int Requests(const std::string& payment_id) const;
  // {"payment_id", "method", "action": latency|http_500|reset|close|execute_then_drop,
  //  "latency_ms", "count"}
  void InjectFault(const nlohmann::json& fault);

  sandbox::CieloEcommerceSimulator& simulator() { return *simulator_; }

 private:
  std::unique_ptr<sandbox::CieloEcommerceSimulator> simulator_;
};

}  // namespace cancela::testing
