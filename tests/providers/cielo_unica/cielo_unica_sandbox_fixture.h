#pragma once
// The real adapter (real libcurl) against the simulated API Única over mutual TLS, with a CA and
// certificates generated for the test run, and one manual clock for both sides.

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "providers/cielo_unica/cielo_unica_provider.h"
#include "providers/cielo_unica/cielo_unica_rules.h"
#include "providers/http/curl_global.h"
#include "providers/http/curl_http_transport.h"
#include "providers/sandbox/cielo_unica_simulator.h"
#include "tests/providers/cielo_unica/cielo_unica_test_support.h"
#include "tests/providers/cielo_unica/tls_files.h"

namespace cancela::providers::cielo_unica::testing {

class UnicaSandboxTest : public ::testing::Test {
 protected:
  // One set of certificates per test program: generating RSA keys takes seconds.
  static void SetUpTestSuite() {
    tls_dir_ = new std::string((std::filesystem::temp_directory_path() /
                                absl::StrCat("cancela-unica-", getpid(), "-",
                                             absl::ToUnixNanos(absl::Now())))
                                   .string());
    cancela::testing::MakeTlsFiles(*tls_dir_);
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(*tls_dir_, ignored);
    delete tls_dir_;
    tls_dir_ = nullptr;
  }
  void SetUp() override {
    dir_ = *tls_dir_;
    sandbox::CieloUnicaSimulator::Options options;
    options.clock = &clock_;
    options.tls = sandbox::TlsServerFiles{dir_ + "/server.pem", dir_ + "/server.key",
                                          dir_ + "/ca.pem"};
    sandbox_ = std::make_unique<sandbox::CieloUnicaSimulator>(options);
    ASSERT_TRUE(sandbox_->Start().ok());
    provider_ = MakeAdapter("client");
  }
  void TearDown() override {
    provider_.reset();
    sandbox_.reset();
  }

  nlohmann::json Settings(const std::string& client = "client") const {
    nlohmann::json j = SettingsJson(sandbox_->base_url(), sandbox_->token_url());
    j["tls"] = {{"client_certificate_file", dir_ + "/" + client + ".pem"},
                {"client_key_file", dir_ + "/" + client + ".key"},
                {"ca_file", dir_ + "/ca.pem"}};
    return j;
  }
  std::unique_ptr<CieloUnicaProvider> MakeAdapter(const std::string& client) {
    return MakeAdapterFrom(Settings(client));
  }
  std::unique_ptr<CieloUnicaProvider> MakeAdapterFrom(const nlohmann::json& j) {
    auto settings = ParseSettings(j);
    EXPECT_TRUE(settings.ok()) << settings.status();
    return std::make_unique<CieloUnicaProvider>(*settings, transport_, clock_);
  }

  // Brasília wall time on the shared clock.
  void SetBrasilia(int y, int m, int d, int hh, int mm) {
    clock_.Set(absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), BrasiliaTime()));
  }
  int64_t Executions(const std::string& sale_key) const {
    return static_cast<int64_t>(sandbox_->ledger().Executions(sale_key).size());
  }
  int64_t PostsTo(const std::string& route) const {
    return sandbox_->RequestsTo(std::string(sandbox::CieloUnicaSimulator::kBasePath) + route);
  }
  ReconcileBasis BasisOf(const ProviderResult& result, absl::Time sent_at) const {
    ReconcileBasis basis;
    basis.sent_at = sent_at;
    basis.recorded = result.echo;
    return basis;
  }

  static inline std::string* tls_dir_ = nullptr;
  http::CurlGlobal curl_;
  // 2026-11-20 15:00 Brasília: the seeded sales are from 2026-11-17, one from today.
  ManualClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 20, 15, 0, 0),
                                     absl::FixedTimeZone(-3 * 3600))};
  std::string dir_;
  std::unique_ptr<sandbox::CieloUnicaSimulator> sandbox_;
  http::CurlHttpTransport transport_;
  std::unique_ptr<CieloUnicaProvider> provider_;
};

}  // namespace cancela::providers::cielo_unica::testing
