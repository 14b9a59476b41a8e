// The conformance suite for Cielo API Única, against its simulator over mutual TLS with
// certificates generated for the run. API Única queues every cancellation for a nightly batch
// (answers from 08:00 Brasília the next day) that decides it on the suite's clock.

#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "providers/cielo_unica/cielo_unica_provider.h"
#include "providers/sandbox/cielo_unica_seed.h"
#include "providers/sandbox/cielo_unica_simulator.h"
#include "tests/providers/cielo_unica/tls_files.h"
#include "tests/providers/conformance/adapter_conformance.h"

namespace cancela::conformance {
namespace {

namespace seed = sandbox::cielo_unica_seed;

constexpr char kMerchant[] = "2005157770";  // an EC under the client's CNPJ root 12345678
constexpr char kCnpjRoot[] = "12345678";

// One CA and certificate set per test program (RSA keys take seconds), removed at exit.
const std::string& TlsDir() {
  static const std::string* dir = [] {
    auto* d = new std::string((std::filesystem::temp_directory_path() /
                               absl::StrCat("cancela-conformance-unica-", getpid(), "-",
                                            absl::ToUnixNanos(absl::Now())))
                                  .string());
    testing::MakeTlsFiles(*d);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(*dir, ignored);
    });
    return d;
  }();
  return *dir;
}

class CieloUnicaFixture final : public AdapterFixture {
 public:
  absl::Status Start(ManualClock& clock) override {
    clock_ = &clock;
    const std::string& dir = TlsDir();
    sandbox::CieloUnicaSimulator::Options options;
    options.clock = &clock;
    options.log_requests = true;
    options.tls = sandbox::TlsServerFiles{dir + "/server.pem", dir + "/server.key", dir + "/ca.pem"};
    simulator_ = std::make_unique<sandbox::CieloUnicaSimulator>(options);
    return simulator_->Start();
  }

  absl::StatusOr<std::unique_ptr<providers::Provider>> MakeAdapter(
      providers::http::HttpTransport& transport, const Clock& clock) override {
    const std::string& dir = TlsDir();
    return providers::cielo_unica::MakeCieloUnicaProvider(
        {{"base_url", simulator_->base_url()},
         {"token_url", simulator_->token_url()},
         {"client_id", {{"value", seed::kClientId}}},
         {"client_secret", {{"value", seed::kClientSecret}}},
         {"cnpj_roots", {{kCnpjRoot, {kMerchant}}}},
         {"tls",
          {{"client_certificate_file", dir + "/client.pem"},
           {"client_key_file", dir + "/client.key"},
           {"ca_file", dir + "/ca.pem"}}},
         {"request_timeout_ms", 5000}},
        transport, clock);
  }

  // A Visa credit sale of three days ago.
  TestSale NewRefundableSale(int64_t amount) override { return Create(amount, std::nullopt); }

  providers::SaleRef UnknownSale() override {
    providers::CieloUnicaSaleRef ref = RefOf(NextAuthorization(), 1000);
    ref.authorization_code = "999999";
    return ref;
  }

  // The nightly batch refuses it (code 72: no balance on the merchant's agenda).
  TestSale DecliningSale() override { return Create(4000, 72); }

  // Cancellations are POSTs to /refunds, matched by the authorization code.
  void InjectFault(const TestSale& sale, sandbox::FaultKind kind, absl::Duration delay) override {
    sandbox::FaultRule rule;
    rule.kind = kind;
    rule.payment_id = Of(sale).authorization_code;
    rule.method = "POST";
    rule.delay = delay;
    simulator_->InjectFault(rule);
  }

  // Done by the batch; Accepted also counts those still pending.
  int Executions(const TestSale& sale) const override { return Count(sale, {"done"}); }
  int Accepted(const TestSale& sale) const override { return Count(sale, {"done", "pending"}); }
  int CancelRequests(const TestSale& sale) const override {
    return static_cast<int>(simulator_->ledger().RequestCount("POST", Of(sale).authorization_code));
  }

  // The client secret travels in the token request's form body.
  std::vector<std::string> Secrets() const override { return {seed::kClientSecret}; }
  // Asked before the 18:30 cut-off, answered from 08:00 the next day.
  absl::Duration DecisionDelay() const override { return absl::Hours(24); }
  // API Única has no sale query; the snapshot is the reference's own data.
  bool HasSaleQuery() const override { return false; }

 private:
  std::string NextAuthorization() { return absl::StrFormat("%06d", 700000 + ++created_); }

  providers::CieloUnicaSaleRef RefOf(const std::string& authorization, int64_t amount) const {
    providers::CieloUnicaSaleRef ref;
    ref.merchant_id = kMerchant;
    ref.authorization_code = authorization;
    ref.nsu = absl::StrCat("6", authorization);
    ref.sale_date = absl::FormatCivilTime(SaleDay());
    ref.sale_amount_minor_units = amount;
    ref.sale_currency = "BRL";
    ref.product = "credit";
    ref.brand = "Visa";
    return ref;
  }
  absl::CivilDay SaleDay() const {
    return absl::CivilDay(absl::ToCivilDay(clock_->Now(), absl::FixedTimeZone(-3 * 3600))) - 3;
  }

  TestSale Create(int64_t amount, std::optional<int> forced_code) {
    const std::string authorization = NextAuthorization();
    sandbox::UnicaSale sale;
    sale.merchant_id = kMerchant;
    sale.cnpj_root = kCnpjRoot;
    sale.authorization_code = authorization;
    sale.nsu = absl::StrCat("6", authorization);
    sale.tid = absl::StrCat("1006993069", authorization);
    sale.card_last_four = "0005";
    sale.sale_day = SaleDay();
    sale.amount = amount;
    sale.product = "credit";
    sale.brand = "Visa";
    sale.forced_code = forced_code;
    simulator_->book().AddSale(sale);
    TestSale t;
    t.ref = RefOf(authorization, amount);
    t.amount = amount;
    return t;
  }

  static const providers::CieloUnicaSaleRef& Of(const TestSale& sale) {
    return std::get<providers::CieloUnicaSaleRef>(sale.ref);
  }
  int Count(const TestSale& sale, std::initializer_list<const char*> statuses) const {
    int n = 0;
    for (const sandbox::UnicaCancellation& c : simulator_->book().Cancellations()) {
      if (c.merchant_id != Of(sale).merchant_id || c.authorization_code != Of(sale).authorization_code) {
        continue;
      }
      for (const char* status : statuses) n += c.status == status ? 1 : 0;
    }
    return n;
  }

  ManualClock* clock_ = nullptr;
  std::unique_ptr<sandbox::CieloUnicaSimulator> simulator_;
  int created_ = 0;
};

INSTANTIATE_TEST_SUITE_P(CieloUnica, AdapterConformanceTest,
                         ::testing::Values(AdapterCase{"cielo_unica", [] {
                           return std::unique_ptr<AdapterFixture>(new CieloUnicaFixture);
                         }}),
                         [](const auto&) { return std::string("cielo_unica"); });

}  // namespace
}  // namespace cancela::conformance
