#pragma once
// Wires one cancela server from its configuration: store, provider accounts, engine, gRPC service
// with health and reflection, and the maintenance loop (readiness, reconciliation).

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "common/clock.h"
#include "service/webhooks/http_listener.h"
#include "service/webhooks/webhook_receiver.h"
#include "grpcpp/server.h"
#include "providers/http/http_transport.h"
#include "service/core/provider_accounts.h"
#include "service/core/refund_engine.h"
#include "service/letters/letter_service.h"
#include "service/server/auth.h"
#include "service/server/config.h"
#include "service/server/executor.h"
#include "service/server/metrics.h"
#include "service/server/refund_service.h"
#include "service/store/store.h"

namespace cancela::server {

// Health service names: "" and "liveness" answer whether the process is up; "readiness" and
// "cancela.v1.RefundService" whether it can take calls (store reachable, not shutting down).
inline constexpr char kReadinessService[] = "readiness";
inline constexpr char kLivenessService[] = "liveness";
inline constexpr char kApiService[] = "cancela.v1.RefundService";

class CancelaServer {
 public:
  // `transport` is the provider HTTP transport (libcurl when null).
  static absl::StatusOr<std::unique_ptr<CancelaServer>> Create(
      const Config& config, const Clock& clock,
      std::unique_ptr<providers::http::HttpTransport> transport = nullptr);
  ~CancelaServer();

  // Binds and serves. Fails when the address cannot be bound.
  absl::Status Start();
  int port() const { return port_; }
  // The plaintext health-only listener's port, or 0 without one.
  int health_port() const { return health_port_; }
  // The webhook listener's port, or 0 without one.
  int webhooks_port() const { return webhooks_ ? webhooks_->port() : 0; }
  // The metrics port, or 0 without metrics.
  int metrics_port() const { return metrics_ ? metrics_->port() : 0; }

  // NOT_SERVING, refuse new calls, let in-flight calls finish within `grace`, then stop.
  void Shutdown(absl::Duration grace);
  void Wait();

  core::RefundEngine& engine() { return *engine_; }
  // Updates the backlog gauges from the store (the maintenance loop does after each poll).
  void RefreshBacklogMetrics();

 private:
  CancelaServer(const Config& config, const Clock& clock);
  void MaintenanceLoop();
  // Makes the maintenance loop poll now (a notification made operations due).
  void PollSoon();
  void SetReady(bool ready);

  Config config_;
  const Clock& clock_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<providers::http::HttpTransport> transport_;
  std::unique_ptr<store::Store> store_;
  core::ProviderAccounts accounts_;
  std::unique_ptr<core::RefundEngine> engine_;
  std::unique_ptr<letters::LetterService> letters_;
  std::unique_ptr<Authenticator> authenticator_;
  std::unique_ptr<Executor> executor_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<RefundServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> health_server_;
  int health_port_ = 0;
  bool ready_ = false;
  std::unique_ptr<webhooks::WebhookReceiver> webhook_receiver_;
  std::unique_ptr<webhooks::HttpListener> webhooks_;
  absl::Mutex maintenance_mu_;
  bool poll_soon_ ABSL_GUARDED_BY(maintenance_mu_) = false;
  absl::Notification stop_maintenance_;
  std::thread maintenance_;
  bool shut_down_ = false;
};

}  // namespace cancela::server
