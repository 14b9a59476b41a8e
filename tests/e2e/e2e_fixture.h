#pragma once
// A real cancela server on loopback, in this process, against the sandbox on loopback, sharing
// one manual clock so windows and spacing are tested without waiting. Callers use the generated
// gRPC stub exactly as a client service would.

#include <memory>
#include <string>

#include "cancela/v1/refund_service.grpc.pb.h"
#include "common/clock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/server/server.h"
#include "tests/e2e/grpc_status_details.h"
#include "tests/e2e/sandbox_control.h"

namespace cancela::testing {

inline constexpr char kAcmeToken[] = "token-of-acme-for-tests";
inline constexpr char kGlobexToken[] = "token-of-globex-for-tests";
// Accounts: loja-centro (5 s spacing, Cielo's rule), loja-centro-sem-espera (no spacing, to race
// the store's cap), loja-sem-saldo (no Pix balance), all acme's; globex has its own.
inline constexpr char kCentro[] = "cielo-ecommerce/loja-centro";
inline constexpr char kCentroNoSpacing[] = "cielo-ecommerce/loja-centro-sem-espera";
inline constexpr char kSemSaldo[] = "cielo-ecommerce/loja-sem-saldo";
inline constexpr char kGlobex[] = "cielo-ecommerce/globex";

// 2026-11-20 15:00 in Brasília: mid-afternoon, far from the day boundary.
absl::Time TestStartTime();

// A server configuration pointing at `sandbox`, with the accounts above.
server::Config MakeTestConfig(const SandboxControl& sandbox, const std::string& sqlite_path);

class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // The sandbox's Cielo rules; a fixture may relax them.
  virtual sandbox::CieloRules SandboxRules() const { return {}; }
  // A fixture may change the server's configuration.
  virtual void Configure(server::Config& /*config*/) const {}

  // Request builders.
  v1::RefundRequest RefundOf(const std::string& payment_id, std::optional<int64_t> amount,
                             const std::string& key, const std::string& account = kCentro);
  v1::VoidRequest VoidOf(const std::string& payment_id, std::optional<int64_t> amount,
                         const std::string& key, const std::string& account = kCentro);

  grpc::Status Refund(const v1::RefundRequest& request, v1::RefundResponse* response,
                      const char* token = kAcmeToken);
  grpc::Status Void(const v1::VoidRequest& request, v1::VoidResponse* response,
                    const char* token = kAcmeToken);
  grpc::Status GetStatus(const std::string& operation_id, bool refresh,
                         v1::GetStatusResponse* response, const char* token = kAcmeToken);

  std::string temp_dir_;
  ManualClock clock_{TestStartTime()};
  std::unique_ptr<SandboxControl> sandbox_;
  std::unique_ptr<server::CancelaServer> server_;
  std::unique_ptr<v1::RefundService::Stub> stub_;
};

// A fresh, unique idempotency key.
std::string NewKey();

// The server's Prometheus page at 127.0.0.1:`port`/metrics (a failure to fetch it fails the test).
std::string ScrapeMetrics(int port);

}  // namespace cancela::testing
