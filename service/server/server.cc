#include "service/server/server.h"

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "providers/http/curl_http_transport.h"
#include "providers/provider_factory.h"
#include "common/secret_source.h"
#include "service/store/postgres_store.h"
#include "service/store/sqlite_store.h"
#include "service/server/tls_credentials.h"

namespace cancela::server {

namespace {

absl::StatusOr<std::unique_ptr<store::Store>> OpenStore(const Config& config) {
  if (config.store_kind == StoreKind::kSqlite) {
    store::SqliteOptions options;
    options.path = config.sqlite_path;
    options.max_batch = config.sqlite.max_batch;
    options.read_connections = config.sqlite.read_connections;
    auto sqlite = store::SqliteStore::Open(std::move(options));
    if (!sqlite.ok()) {
      return absl::Status(sqlite.status().code(),
                          absl::StrCat("store.sqlite_path: ", sqlite.status().message()));
    }
    return std::unique_ptr<store::Store>(*std::move(sqlite));
  }
  auto dsn = LoadSecret(config.postgres.dsn, "store.postgres.dsn");
  if (!dsn.ok()) return dsn.status();
  store::PostgresOptions options;
  options.dsn = *std::move(dsn);
  options.pool_size = config.postgres.pool_size;
  options.connect_timeout = config.postgres.connect_timeout;
  options.statement_timeout = config.postgres.statement_timeout;
  // The database may still be starting (a fresh deployment brings both up at once).
  const absl::Time give_up = absl::Now() + config.postgres.startup_timeout;
  auto postgres = store::PostgresStore::Open(options);
  while (!postgres.ok() && postgres.status().code() == absl::StatusCode::kUnavailable &&
         absl::Now() < give_up) {
    log::Warn("store not reachable yet; retrying", {{"error", std::string(postgres.status().message())}});
    absl::SleepFor(absl::Seconds(1));
    postgres = store::PostgresStore::Open(options);
  }
  if (!postgres.ok()) {
    return absl::Status(postgres.status().code(),
                        absl::StrCat("store.postgres: ", postgres.status().message()));
  }
  log::Info("store", {{"kind", "postgres"}, {"pool_size", absl::StrCat(config.postgres.pool_size)}});
  return std::unique_ptr<store::Store>(*std::move(postgres));
}

}  // namespace

CancelaServer::CancelaServer(const Config& config, const Clock& clock)
    : config_(config), clock_(clock) {}

absl::StatusOr<std::unique_ptr<CancelaServer>> CancelaServer::Create(
    const Config& config, const Clock& clock,
    std::unique_ptr<providers::http::HttpTransport> transport) {
  std::unique_ptr<CancelaServer> server(new CancelaServer(config, clock));
  server->transport_ = transport ? std::move(transport)
                                 : std::make_unique<providers::http::CurlHttpTransport>();

  auto store = OpenStore(config);
  if (!store.ok()) return store.status();
  server->store_ = *std::move(store);

  for (size_t i = 0; i < config.provider_accounts.size(); ++i) {
    const ProviderAccountConfig& account = config.provider_accounts[i];
    auto adapter = providers::MakeProvider(account.provider, account.settings,
                                           *server->transport_, clock);
    if (!adapter.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("config: provider_accounts[", i, "] (",
                                                     account.name, "): ",
                                                     adapter.status().message()));
    }
    core::ProviderAccount entry;
    entry.name = account.name;
    entry.provider = account.provider;
    entry.tenants.insert(account.tenants.begin(), account.tenants.end());
    entry.adapter = *std::move(adapter);
    entry.max_concurrent_calls = account.max_concurrent_calls;
    if (!account.webhook_header.empty()) {
      entry.webhook = core::WebhookAuth{account.webhook_header, account.webhook_token};
    }
    server->accounts_.Add(std::move(entry));
  }

  if (!config.metrics_listen.empty()) {
    auto metrics = Metrics::Start(config.metrics_listen);
    if (!metrics.ok()) return metrics.status();
    server->metrics_ = *std::move(metrics);
  }
  core::EngineOptions options;
  if (Metrics* m = server->metrics_.get()) {
    options.on_give_up = [m](const store::OperationRecord& r) { m->RecordGiveUp(r); };
    options.on_check = [m](const store::OperationRecord& r, std::string_view result) {
      m->RecordCheck(r, result);
    };
  }
  options.provider_timeout = config.provider_timeout;
  options.submit_lease = config.submit_lease;
  options.schedules = config.check_schedules;
  server->engine_ =
      std::make_unique<core::RefundEngine>(*server->store_, server->accounts_, clock, options);
  if (server->metrics_) {
    Metrics* m = server->metrics_.get();
    server->engine_->watchers().Subscribe("", [m](const store::OperationRecord& r) {
      m->RecordChange(r);
    });
  }
  letters::LetterOptions letter_options;
  letter_options.provider_timeout = config.provider_timeout;
  for (const ProviderAccountConfig& account : config.provider_accounts) {
    letter_options.merchants[account.name] = {account.letter_merchant_name,
                                              account.letter_merchant_id};
  }
  server->letters_ = std::make_unique<letters::LetterService>(*server->store_, server->accounts_,
                                                              clock, std::move(letter_options));
  server->authenticator_ = std::make_unique<Authenticator>(config.tenants);
  server->executor_ = std::make_unique<Executor>(config.worker_threads);
  // Rate limits are in real time, whatever business clock the server runs on.
  server->limiter_ = std::make_unique<RateLimiter>(config.tenant_rate_limits, config.rate_limit,
                                                   SystemClock::Get());
  server->service_ = std::make_unique<RefundServiceImpl>(*server->engine_, *server->letters_,
                                                         *server->authenticator_,
                                                         *server->executor_,
                                                         server->metrics_.get(),
                                                         server->limiter_.get());
  return server;
}

CancelaServer::~CancelaServer() {
  Shutdown(absl::ZeroDuration());
}

absl::Status CancelaServer::Start() {
  // The built-in health service is upb-based; linking the generated descriptor lets reflection
  // (and so grpcurl) describe grpc.health.v1.Health.
  (void)grpc::health::v1::HealthCheckResponse::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  builder.AddListeningPort(config_.listen, MakeServerCredentials(config_.tls), &port_);
  builder.RegisterService(service_.get());
  builder.SetMaxReceiveMessageSize(config_.max_message_bytes);
  builder.SetMaxSendMessageSize(config_.max_message_bytes);
  // Bounded metadata: large headers are refused before any handler runs.
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, config_.max_metadata_bytes);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", config_.listen));
  }
  if (!config_.health_listen.empty()) {
    // Only the default health service: Kubernetes' gRPC probes cannot speak TLS.
    grpc::ServerBuilder health_builder;
    health_builder.AddListeningPort(config_.health_listen, grpc::InsecureServerCredentials(),
                                    &health_port_);
    health_server_ = health_builder.BuildAndStart();
    if (health_server_ == nullptr || health_port_ == 0) {
      return absl::UnavailableError(absl::StrCat("cannot listen on ", config_.health_listen));
    }
  }
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    if (server != nullptr) server->GetHealthCheckService()->SetServingStatus(kLivenessService, true);
  }
  SetReady(store_->Ping().ok());

  if (!config_.webhooks_listen.empty()) {
    webhooks::WebhookReceiver::Hooks hooks;
    hooks.poll_now = [this] { PollSoon(); };
    if (Metrics* m = metrics_.get()) {
      hooks.on_delivery = [m](std::string_view provider, std::string_view result) {
        m->RecordWebhook(provider, result);
      };
    }
    webhook_receiver_ =
        std::make_unique<webhooks::WebhookReceiver>(accounts_, *store_, clock_, std::move(hooks));
    auto listener = webhooks::HttpListener::Start(
        config_.webhooks_listen, webhooks::HttpListener::Options{},
        [receiver = webhook_receiver_.get()](const webhooks::HttpCall& call) {
          return receiver->Handle(call);
        });
    if (!listener.ok()) return listener.status();
    webhooks_ = *std::move(listener);
  }

  // Operations left unresolved by a previous process are looked at right away.
  maintenance_ = std::thread([this] { MaintenanceLoop(); });
  log::Info("serving", {{"listen", config_.listen},
                        {"port", absl::StrCat(port_)},
                        {"tls", config_.tls ? "on" : "off"},
                        {"health_port", absl::StrCat(health_port_)},
                        {"metrics_port", absl::StrCat(metrics_port())},
                        {"webhooks_port", absl::StrCat(webhooks_port())}});
  return absl::OkStatus();
}

void CancelaServer::SetReady(bool ready) {
  if (server_ == nullptr) return;
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    if (server == nullptr) continue;
    auto* health = server->GetHealthCheckService();
    health->SetServingStatus(kReadinessService, ready);
    health->SetServingStatus(kApiService, ready);
  }
  if (ready != ready_) log::Info(ready ? "ready" : "not ready");
  ready_ = ready;
}

void CancelaServer::RefreshBacklogMetrics() {
  if (metrics_ == nullptr) return;
  const absl::Time now = clock_.Now();
  auto stats = store_->CountPending(now);
  if (stats.ok()) metrics_->SetPending(*stats, now);
  if (auto* sqlite = dynamic_cast<store::SqliteStore*>(store_.get())) {
    metrics_->SetSqliteBatches(sqlite->BatchStats());
  }
}

void CancelaServer::PollSoon() {
  absl::MutexLock lock(&maintenance_mu_);
  poll_soon_ = true;
}

void CancelaServer::MaintenanceLoop() {
  // Readiness every second; the poller every poll_interval (and once at start, for what a
  // previous process left pending).
  absl::Time next_poll =
      config_.poll_at_start ? absl::Now() : absl::Now() + config_.poll_interval;
  absl::Time next_ping = absl::Now();
  // Short waits, so that a notification's poll starts within a tenth of a second.
  while (!stop_maintenance_.WaitForNotificationWithTimeout(absl::Milliseconds(100))) {
    bool poll_soon = false;
    {
      absl::MutexLock lock(&maintenance_mu_);
      std::swap(poll_soon, poll_soon_);
    }
    if (!poll_soon && absl::Now() < next_ping) continue;
    next_ping = absl::Now() + absl::Seconds(1);
    const absl::Status ping = store_->Ping();
    SetReady(ping.ok());
    if (ping.ok() && (poll_soon || absl::Now() >= next_poll)) {
      engine_->PollDue(absl::Now() + config_.provider_timeout);
      next_poll = absl::Now() + config_.poll_interval;
      RefreshBacklogMetrics();
    }
  }
}

void CancelaServer::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  if (server_ != nullptr) {
    log::Info("shutting down", {{"grace_ms", absl::StrCat(absl::ToInt64Milliseconds(grace))}});
    SetReady(false);
    service_->StartDraining();
  }
  webhooks_.reset();  // no new notifications while stopping
  if (!stop_maintenance_.HasBeenNotified()) stop_maintenance_.Notify();
  if (maintenance_.joinable()) maintenance_.join();
  if (server_ != nullptr) {
    // In-flight calls finish (their results are committed) until the deadline; then cancelled.
    server_->Shutdown(std::chrono::system_clock::now() +
                      std::chrono::milliseconds(absl::ToInt64Milliseconds(grace)));
    server_->Wait();
  }
  // Probes see the process until the API listener is gone.
  if (health_server_ != nullptr) {
    health_server_->Shutdown(std::chrono::system_clock::now());
    health_server_->Wait();
  }
  executor_.reset();  // runs what is queued, then joins
}

void CancelaServer::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace cancela::server
