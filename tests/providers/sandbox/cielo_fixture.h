#pragma once
// A Cielo E-commerce simulator on ephemeral loopback ports, on a ManualClock, plus helpers that
// speak its protocol through libcurl.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "gtest/gtest.h"
#include "providers/sandbox/brasilia_time.h"
#include "providers/sandbox/cielo_ecommerce_seed.h"
#include "providers/sandbox/cielo_ecommerce_simulator.h"
#include "tests/providers/sandbox/curl_client.h"

namespace cancela::sandbox::testing {

// 15:00 in Brasília: a sale captured "today" stays today for nine more hours of sandbox clock.
inline absl::Time FixtureStart() {
  return absl::FromCivil(absl::CivilSecond(2026, 3, 10, 15, 0, 0), BrasiliaTimeZone());
}

// Polls `condition` until it holds or `timeout` passes (waiting on a condition, not on time).
inline bool WaitUntil(const std::function<bool()>& condition,
                      absl::Duration timeout = absl::Seconds(5)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!condition()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(2));
  }
  return true;
}

class CieloSimulatorTest : public ::testing::Test {
 protected:
  CieloSimulatorTest() : clock_(FixtureStart()) {}

  void SetUp() override {
    CieloEcommerceSimulator::Options options;
    options.clock = &clock_;
    Customize(options);
    simulator_ = std::make_unique<CieloEcommerceSimulator>(options);
    ASSERT_TRUE(simulator_->Start().ok());
  }

  void TearDown() override { simulator_->Stop(); }

  virtual void Customize(CieloEcommerceSimulator::Options& /*options*/) {}

  static std::vector<std::string> Auth(
      const char* merchant_id = cielo_seed::kLojaCentroMerchantId,
      const char* merchant_key = cielo_seed::kLojaCentroMerchantKey) {
    return {absl::StrCat("MerchantId: ", merchant_id), absl::StrCat("MerchantKey: ", merchant_key),
            "Accept: application/json"};
  }

  // PUT /1/sales/{id}/void[?amount=], empty body with Content-Length: 0 like Cielo's SDK.
  CurlResult Void(const std::string& payment_id, std::optional<int64_t> amount = std::nullopt,
                  std::vector<std::string> headers = Auth()) {
    std::string url =
        absl::StrCat(simulator_->transactional_url(), "/1/sales/", payment_id, "/void");
    if (amount.has_value()) absl::StrAppend(&url, "?amount=", *amount);
    return VoidUrl(url, std::move(headers));
  }

  CurlResult VoidUrl(const std::string& url, std::vector<std::string> headers = Auth()) {
    CurlRequest request;
    request.method = "PUT";
    request.url = url;
    request.headers = std::move(headers);
    request.body = "";
    return Perform(request);
  }

  CurlResult Query(const std::string& payment_id, std::vector<std::string> headers = Auth()) {
    CurlRequest request;
    request.url = absl::StrCat(simulator_->query_url(), "/1/sales/", payment_id);
    request.headers = std::move(headers);
    return Perform(request);
  }

  // The admin API.
  CurlResult Admin(const std::string& method, const std::string& path,
                   std::optional<std::string> body = std::nullopt) {
    CurlRequest request;
    request.method = method;
    request.url = absl::StrCat(simulator_->transactional_url(), path);
    request.body = std::move(body);
    if (request.body.has_value()) request.headers = {"Content-Type: application/json"};
    return Perform(request);
  }

  ManualClock clock_;
  std::unique_ptr<CieloEcommerceSimulator> simulator_;
};

}  // namespace cancela::sandbox::testing
