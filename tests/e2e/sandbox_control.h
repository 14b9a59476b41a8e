#pragma once
// Drives the sandbox from tests: started in this process on ephemeral ports with the test's
// clock, controlled through its admin HTTP API (the same one a person uses with curl).

#include <memory>
#include <string>

#include "common/clock.h"
#include "nlohmann/json.hpp"

namespace cancela::testing {

class SandboxControl {
 public:
  // Starts a sandbox whose clock is `clock`.
  static std::unique_ptr<SandboxControl> Start(const Clock& clock);
  virtual ~SandboxControl() = default;

  virtual std::string transactional_url() const = 0;
  virtual std::string query_url() const = 0;
  // Credentials of the seeded merchants.
  virtual std::string merchant_id(bool without_pix_balance = false) const = 0;
  virtual std::string merchant_key(bool without_pix_balance = false) const = 0;

  // POST /__sandbox/sales; returns the new sale's PaymentId.
  std::string CreateSale(const nlohmann::json& spec);
  // GET /__sandbox/ledger?payment_id=
  nlohmann::json Ledger(const std::string& payment_id);
  // Successful executions recorded for the sale.
  int Executions(const std::string& payment_id);
  // Cancellations the sandbox received and refused for the sale.
  int Rejections(const std::string& payment_id);
  // Requests of any kind the sandbox received for the sale (queries included).
  int Requests(const std::string& payment_id);
  // POST /__sandbox/faults
  void InjectFault(const nlohmann::json& fault);
  // POST /__sandbox/clock is not used: the sandbox shares the test's clock.

 protected:
  nlohmann::json Admin(const std::string& method, const std::string& path,
                       const nlohmann::json& body = nullptr);
};

}  // namespace cancela::testing
