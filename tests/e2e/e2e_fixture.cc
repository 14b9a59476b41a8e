#include "tests/e2e/e2e_fixture.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "providers/http/curl_http_transport.h"
#include "service/core/fingerprint.h"

namespace cancela::testing {

absl::Time TestStartTime() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 20, 15, 0, 0), absl::FixedTimeZone(-3 * 3600));
}

server::Config MakeTestConfig(const SandboxControl& sandbox, const std::string& sqlite_path) {
  server::Config config;
  config.listen = "127.0.0.1:0";
  config.sqlite_path = sqlite_path;
  config.tenants = {{"acme", {core::Sha256Hex(kAcmeToken)}, {}},
                    {"globex", {core::Sha256Hex(kGlobexToken)}, {}}};
  auto account = [&](const char* name, const char* tenant, bool no_balance, int spacing_ms) {
    server::ProviderAccountConfig a;
    a.name = name;
    a.provider = "cielo_ecommerce";
    a.tenants = {tenant};
    a.settings = {{"transactional_url", sandbox.transactional_url()},
                  {"query_url", sandbox.query_url()},
                  {"merchant_id", {{"value", sandbox.merchant_id(no_balance)}}},
                  {"merchant_key", {{"value", sandbox.merchant_key(no_balance)}}},
                  {"min_cancel_interval_ms", spacing_ms},
                  {"request_timeout_ms", 5000}};
    return a;
  };
  config.provider_accounts = {account(kCentro, "acme", false, 5000),
                              account(kCentroNoSpacing, "acme", false, 0),
                              account(kSemSaldo, "acme", true, 5000),
                              account(kGlobex, "globex", false, 5000)};
  config.worker_threads = 128;
  config.provider_timeout = absl::Seconds(10);
  config.submit_lease = absl::Seconds(30);
  config.poll_interval = absl::Hours(24);  // the tests drive the poller themselves
  config.poll_at_start = false;
  config.shutdown_grace = absl::Seconds(2);
  config.metrics_listen = "";  // one test enables it (stopping the exporter costs ~2 s)
  return config;
}

std::string NewKey() {
  static std::atomic<int> counter{0};
  // The nanoseconds glued to a letter: a bare 19-digit run passes Luhn one time in ten, and a
  // key holding what looks like a card number is refused (CARD_NUMBER_IN_FIELD, ADR 11).
  return absl::StrCat("test-key-t", absl::ToUnixNanos(absl::Now()), "-", counter.fetch_add(1));
}

std::string ScrapeMetrics(int port) {
  providers::http::CurlHttpTransport http;
  providers::http::Request scrape;
  scrape.method = "GET";
  scrape.url = absl::StrCat("http://127.0.0.1:", port, "/metrics");
  scrape.deadline = absl::Now() + absl::Seconds(5);
  scrape.idempotent = true;
  const providers::http::Result result = http.Send(scrape);
  EXPECT_EQ(result.failure, providers::http::Failure::kNone) << result.detail;
  return result.response.body;
}

void E2eTest::SetUp() {
  temp_dir_ = (std::filesystem::temp_directory_path() /
               absl::StrCat("cancela-e2e-", getpid(), "-", NewKey()))
                  .string();
  std::filesystem::create_directories(temp_dir_);
  sandbox_ = SandboxControl::Start(clock_, SandboxRules());
  ASSERT_NE(sandbox_, nullptr);
  server::Config config = MakeTestConfig(*sandbox_, temp_dir_ + "/cancela.db");
  Configure(config);
  auto server = server::CancelaServer::Create(config, clock_);
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  ASSERT_TRUE(server_->Start().ok());
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  stub_ = v1::RefundService::NewStub(grpc::CreateCustomChannel(
      absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials(), args));
}

void E2eTest::TearDown() {
  stub_.reset();
  if (server_) server_->Shutdown(absl::Seconds(1));
  server_.reset();
  sandbox_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(temp_dir_, ignored);
}

v1::RefundRequest E2eTest::RefundOf(const std::string& payment_id, std::optional<int64_t> amount,
                                    const std::string& key, const std::string& account) {
  v1::RefundRequest r;
  r.set_provider_account(account);
  r.mutable_sale()->mutable_cielo_ecommerce()->set_payment_id(payment_id);
  if (amount) {
    r.mutable_amount()->set_amount_minor_units(*amount);
    r.mutable_amount()->set_currency_code("BRL");
  }
  r.set_reason("test refund");
  r.set_idempotency_key(key);
  return r;
}

v1::VoidRequest E2eTest::VoidOf(const std::string& payment_id, std::optional<int64_t> amount,
                                const std::string& key, const std::string& account) {
  v1::VoidRequest r;
  r.set_provider_account(account);
  r.mutable_sale()->mutable_cielo_ecommerce()->set_payment_id(payment_id);
  if (amount) {
    r.mutable_amount()->set_amount_minor_units(*amount);
    r.mutable_amount()->set_currency_code("BRL");
  }
  r.set_idempotency_key(key);
  return r;
}

namespace {
void Authorize(grpc::ClientContext& context, const char* token) {
  if (token != nullptr) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
}
}  // namespace

grpc::Status E2eTest::Refund(const v1::RefundRequest& request, v1::RefundResponse* response,
                             const char* token) {
  grpc::ClientContext context;
  Authorize(context, token);
  return stub_->Refund(&context, request, response);
}

grpc::Status E2eTest::Void(const v1::VoidRequest& request, v1::VoidResponse* response,
                           const char* token) {
  grpc::ClientContext context;
  Authorize(context, token);
  return stub_->Void(&context, request, response);
}

grpc::Status E2eTest::GetStatus(const std::string& operation_id, bool refresh,
                                v1::GetStatusResponse* response, const char* token) {
  grpc::ClientContext context;
  Authorize(context, token);
  v1::GetStatusRequest request;
  request.set_operation_id(operation_id);
  request.set_refresh(refresh);
  return stub_->GetStatus(&context, request, response);
}

}  // namespace cancela::testing
