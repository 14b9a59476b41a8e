// The adapter's requests and its handling of transport failures, over a scripted transport.

#include "providers/cielo_ecommerce/cielo_ecommerce_provider.h"

#include <deque>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_rules.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_transformers.h"

namespace cancela::providers::cielo_ecommerce {
namespace {

constexpr char kKey[] = "SECRET-merchant-key-0123456789abcdefghijk";

class ScriptedTransport final : public http::HttpTransport {
 public:
  http::Result Send(const http::Request& request) override {
    sent.push_back(request);
    http::Result r = script.empty() ? http::Result{} : script.front();
    if (!script.empty()) script.pop_front();
    return r;
  }
  std::deque<http::Result> script;
  std::vector<http::Request> sent;
};

http::Result Answer(int status, std::string body) {
  http::Result r;
  r.response.status = status;
  r.response.body = std::move(body);
  return r;
}

http::Result Failure(http::Failure failure) {
  http::Result r;
  r.failure = failure;
  r.detail = "simulated";
  return r;
}

std::unique_ptr<Provider> Make(ScriptedTransport& transport,
                               const Clock& clock = SystemClock::Get()) {
  nlohmann::json settings = {{"transactional_url", "https://tx.example/"},
                             {"query_url", "https://query.example"},
                             {"merchant_id", {{"value", "a1b2c3d4-0000-4000-8000-000000000001"}}},
                             {"merchant_key", {{"value", kKey}}}};
  auto provider = MakeCieloEcommerceProvider(settings, transport, clock);
  EXPECT_TRUE(provider.ok()) << provider.status();
  return *std::move(provider);
}

CancelCommand Partial(int64_t amount) {
  CancelCommand c;
  c.operation_id = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";
  c.sale = CieloEcommerceSaleRef{"24bc8366-fc31-4d6c-8555-17049a836a07"};
  c.total = false;
  c.amount_minor_units = amount;
  c.currency = "BRL";
  return c;
}

std::string HeaderOf(const http::Request& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

TEST(CieloEcommerceProviderTest, SendsAPartialVoidOnceOnAFreshConnection) {
  ScriptedTransport transport;
  transport.script.push_back(Answer(200, R"({"Status": 2, "ReasonCode": 0, "ReturnCode": "0"})"));
  auto provider = Make(transport);
  const ProviderResult r = provider->Cancel(Partial(1234), absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kSucceeded);
  ASSERT_EQ(transport.sent.size(), 1u);
  const http::Request& sent = transport.sent[0];
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.url, "https://tx.example/1/sales/24bc8366-fc31-4d6c-8555-17049a836a07/void?amount=1234");
  EXPECT_FALSE(sent.idempotent);
  EXPECT_TRUE(sent.body.empty());
  EXPECT_EQ(HeaderOf(sent, "MerchantKey"), kKey);
  EXPECT_EQ(HeaderOf(sent, "MerchantId"), "a1b2c3d4-0000-4000-8000-000000000001");
  EXPECT_EQ(HeaderOf(sent, "RequestId").size(), 36u);
}

TEST(CieloEcommerceProviderTest, TotalSendsNoAmountAndQueriesAreIdempotent) {
  ScriptedTransport transport;
  transport.script.push_back(Answer(200, R"({"Payment": {"Type": "CreditCard", "Status": 2, "Amount": 500}})"));
  transport.script.push_back(Answer(200, R"({"Status": 11, "ReturnCode": "9"})"));
  auto provider = Make(transport);
  auto sale = provider->GetSale(CieloEcommerceSaleRef{"24bc8366-fc31-4d6c-8555-17049a836a07"},
                                absl::InfiniteFuture());
  ASSERT_TRUE(sale.ok());
  EXPECT_EQ(sale->captured_minor_units, 500);
  CancelCommand total = Partial(500);
  total.total = true;
  EXPECT_EQ(provider->Cancel(total, absl::InfiniteFuture()).outcome, Outcome::kSucceeded);
  ASSERT_EQ(transport.sent.size(), 2u);
  EXPECT_EQ(transport.sent[0].method, "GET");
  EXPECT_EQ(transport.sent[0].url, "https://query.example/1/sales/24bc8366-fc31-4d6c-8555-17049a836a07");
  EXPECT_TRUE(transport.sent[0].idempotent);
  EXPECT_EQ(transport.sent[1].url, "https://tx.example/1/sales/24bc8366-fc31-4d6c-8555-17049a836a07/void");
}

TEST(CieloEcommerceProviderTest, TransportFailuresNeverBecomeSuccessOrResends) {
  ScriptedTransport transport;
  auto provider = Make(transport);
  transport.script.push_back(Failure(http::Failure::kNotSent));
  ProviderResult r = provider->Cancel(Partial(100), absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_UNAVAILABLE);
  transport.script.push_back(Failure(http::Failure::kMaybeSent));
  EXPECT_EQ(provider->Cancel(Partial(100), absl::InfiniteFuture()).outcome, Outcome::kUnknown);
  transport.script.push_back(Answer(503, ""));
  EXPECT_EQ(provider->Cancel(Partial(100), absl::InfiniteFuture()).outcome, Outcome::kUnknown);
  EXPECT_EQ(transport.sent.size(), 3u);  // one request per call: never a retry
  transport.script.push_back(Failure(http::Failure::kMaybeSent));
  EXPECT_EQ(ErrorReasonOf(provider->GetSale(CieloEcommerceSaleRef{"x"}, absl::InfiniteFuture()).status()),
            "PROVIDER_UNAVAILABLE");
}

TEST(CieloEcommerceProviderTest, ReconcileComparesTheCancelledAmountWithTheBasis) {
  ScriptedTransport transport;
  auto provider = Make(transport);
  ReconcileBasis basis{1000, absl::Now(), {}};
  transport.script.push_back(Answer(200, R"({"Payment": {"Type": "CreditCard", "Status": 2,
      "Amount": 10000, "VoidedAmount": 1000}})"));
  EXPECT_EQ(provider->Reconcile(Partial(500), basis, absl::InfiniteFuture()).outcome, Outcome::kUnknown);
  transport.script.push_back(Answer(200, R"({"Payment": {"Type": "CreditCard", "Status": 2,
      "Amount": 10000, "VoidedAmount": 1500}})"));
  EXPECT_EQ(provider->Reconcile(Partial(500), basis, absl::InfiniteFuture()).outcome, Outcome::kSucceeded);
  transport.script.push_back(Answer(200, R"({"Payment": {"Type": "Pix", "Status": 2,
      "Amount": 10000, "VoidedAmount": 1000, "Refunds": [{"Amount": 500, "Status": 4}]}})"));
  const ProviderResult denied = provider->Reconcile(Partial(500), basis, absl::InfiniteFuture());
  EXPECT_EQ(denied.outcome, Outcome::kFailed);
}

TEST(CieloEcommerceProviderTest, NothingMovedLongAfterTheAttemptProvesItNeverExecuted) {
  ScriptedTransport transport;
  ManualClock clock(absl::FromUnixSeconds(1'800'000'000));
  auto provider = Make(transport, clock);
  const ReconcileBasis basis{1000, clock.Now(), {}};
  const char* unchanged = R"({"Payment": {"Type": "CreditCard", "Status": 2,
      "Amount": 10000, "VoidedAmount": 1000}})";
  clock.Advance(absl::Minutes(10) - absl::Seconds(1));  // not_executed_after_s defaults to 600
  transport.script.push_back(Answer(200, unchanged));
  EXPECT_EQ(provider->Reconcile(Partial(500), basis, absl::InfiniteFuture()).outcome,
            Outcome::kUnknown);
  clock.Advance(absl::Seconds(1));
  transport.script.push_back(Answer(200, unchanged));
  EXPECT_EQ(provider->Reconcile(Partial(500), basis, absl::InfiniteFuture()).outcome,
            Outcome::kNotExecuted);
  // Something moved, but not all of it (another channel?): that proves nothing either way.
  transport.script.push_back(Answer(200, R"({"Payment": {"Type": "CreditCard", "Status": 2,
      "Amount": 10000, "VoidedAmount": 1200}})"));
  EXPECT_EQ(provider->Reconcile(Partial(500), basis, absl::InfiniteFuture()).outcome,
            Outcome::kUnknown);
  // A scheduled Pix refund is not a missing one.
  transport.script.push_back(Answer(200, R"({"Payment": {"Type": "Pix", "Status": 2,
      "Amount": 10000, "VoidedAmount": 1000, "Refunds": [{"Amount": 500, "Status": 1}]}})"));
  EXPECT_EQ(provider->Reconcile(Partial(500), basis, absl::InfiniteFuture()).outcome,
            Outcome::kScheduled);
  // A query that fails proves nothing.
  transport.script.push_back(Failure(http::Failure::kMaybeSent));
  EXPECT_EQ(provider->Reconcile(Partial(500), basis, absl::InfiniteFuture()).outcome,
            Outcome::kUnknown);
}

TEST(CieloEcommerceProviderTest, SettingsErrorsNameTheFieldNeverTheSecret) {
  ScriptedTransport transport;
  nlohmann::json settings = {{"transactional_url", "ftp://x"}, {"query_url", "https://q"},
                             {"merchant_id", {{"value", "id"}}}, {"merchant_key", {{"value", kKey}}}};
  auto bad = MakeCieloEcommerceProvider(settings, transport, SystemClock::Get());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("settings.transactional_url"), std::string::npos);
  settings["transactional_url"] = "https://t";
  settings["merchant_key"] = {{"env", "CANCELA_TEST_UNSET_VARIABLE"}};
  bad = MakeCieloEcommerceProvider(settings, transport, SystemClock::Get());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("settings.merchant_key"), std::string::npos);
  settings["merchant_key"] = {{"value", kKey}};
  settings["min_cancel_interval_ms"] = -1;
  bad = MakeCieloEcommerceProvider(settings, transport, SystemClock::Get());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().find(kKey), std::string::npos);
  // Proof of non-execution must wait longer than a call can take.
  settings["min_cancel_interval_ms"] = 5000;
  settings["request_timeout_ms"] = 30000;
  settings["not_executed_after_s"] = 30;
  bad = MakeCieloEcommerceProvider(settings, transport, SystemClock::Get());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("settings.not_executed_after_s"), std::string::npos);
  settings["not_executed_after_s"] = 31;
  EXPECT_TRUE(MakeCieloEcommerceProvider(settings, transport, SystemClock::Get()).ok());
}

}  // namespace
}  // namespace cancela::providers::cielo_ecommerce
