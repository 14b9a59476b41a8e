// The adapter's requests, its token handling and its reading of transport failures, over a
// scripted transport (the sandbox test drives the same code over real libcurl).

#include "providers/cielo_checkout/cielo_checkout_provider.h"

#include <deque>
#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "gtest/gtest.h"

namespace cancela::providers::cielo_checkout {
namespace {

constexpr char kSecret[] = "TOPSECRET-client-secret-42";
constexpr char kOrder[] = "c4ec0000000000000000000000000001";
const std::string kBase = "https://checkout.example";

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

std::string HeaderOf(const http::Request& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

std::string OrderBody(const char* status) {
  return absl::StrCat(R"({"cart": {"items": [{"unitPrice": 10000, "quantity": 1}]},
      "payment": {"status": ")", status, R"(", "type": "creditCard", "tid": "T1",
                  "createdDate": "2026-11-10T10:00:00"}})");
}

// Answers token requests with fresh tokens, and everything else from per-kind scripts.
class ScriptedTransport final : public http::HttpTransport {
 public:
  http::Result Send(const http::Request& request) override {
    sent.push_back(request);
    std::deque<http::Result>* script = absl::EndsWith(request.url, "/token") ? &tokens
                                       : request.method == "PUT"             ? &voids
                                                                             : &queries;
    if (script == &tokens && tokens.empty()) {
      return Answer(200, absl::StrCat(R"({"access_token": "tok-)", ++issued,
                                      R"(", "token_type": "bearer", "expires_in": 1199})"));
    }
    if (script->empty()) return Answer(200, OrderBody("Paid"));
    http::Result r = script->front();
    script->pop_front();
    return r;
  }
  int Count(const std::string& method, const std::string& url_part) const {
    int n = 0;
    for (const http::Request& r : sent) n += r.method == method && absl::StrContains(r.url, url_part);
    return n;
  }
  std::deque<http::Result> tokens, voids, queries;
  std::vector<http::Request> sent;
  int issued = 0;
};

class CieloCheckoutProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nlohmann::json settings = {{"base_url", kBase},
                               {"client_id", {{"value", "b521b6b2-b9b4-4a30-881d-3b63dece0006"}}},
                               {"client_secret", {{"value", kSecret}}}};
    auto made = MakeCieloCheckoutProvider(settings, transport_, clock_);
    ASSERT_TRUE(made.ok()) << made.status();
    provider_ = *std::move(made);
  }
  CieloCheckoutProvider& checkout() { return static_cast<CieloCheckoutProvider&>(*provider_); }

  ScriptedTransport transport_;
  ManualClock clock_{absl::FromUnixSeconds(1'800'000'000)};
  std::unique_ptr<Provider> provider_;
};

CancelCommand Cancel(std::optional<int64_t> partial) {
  CancelCommand c;
  c.operation_id = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";
  c.sale = CieloCheckoutSaleRef{kOrder};
  c.total = !partial.has_value();
  c.amount_minor_units = partial.value_or(10000);
  c.currency = "BRL";
  return c;
}

TEST_F(CieloCheckoutProviderTest, FetchesATokenWithBasicCredentialsAndUsesItAsBearer) {
  auto sale = provider_->GetSale(CieloCheckoutSaleRef{kOrder}, absl::InfiniteFuture());
  ASSERT_TRUE(sale.ok()) << sale.status();
  ASSERT_EQ(transport_.sent.size(), 2u);
  const http::Request& token = transport_.sent[0];
  EXPECT_EQ(token.method, "POST");
  EXPECT_EQ(token.url, kBase + "/api/public/v2/token");
  EXPECT_EQ(HeaderOf(token, "Authorization"),
            "Basic YjUyMWI2YjItYjliNC00YTMwLTg4MWQtM2I2M2RlY2UwMDA2OlRPUFNFQ1JFVC1jbGllbnQtc2VjcmV0LTQy");
  EXPECT_EQ(HeaderOf(token, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(token.body, "grant_type=client_credentials");
  const http::Request& query = transport_.sent[1];
  EXPECT_EQ(query.method, "GET");
  EXPECT_EQ(query.url, kBase + "/api/public/v2/orders/" + kOrder);
  EXPECT_EQ(HeaderOf(query, "Authorization"), "Bearer tok-1");
  EXPECT_TRUE(query.idempotent);
}

TEST_F(CieloCheckoutProviderTest, ReusesTheTokenUntilItNearsExpiry) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(provider_->GetSale(CieloCheckoutSaleRef{kOrder}, absl::InfiniteFuture()).ok());
  }
  EXPECT_EQ(checkout().token_fetches(), 1);
  clock_.Advance(absl::Seconds(1199 - 60));  // inside the refresh margin
  ASSERT_TRUE(provider_->GetSale(CieloCheckoutSaleRef{kOrder}, absl::InfiniteFuture()).ok());
  EXPECT_EQ(checkout().token_fetches(), 2);
  EXPECT_EQ(HeaderOf(transport_.sent.back(), "Authorization"), "Bearer tok-2");
}

TEST_F(CieloCheckoutProviderTest, A401RefreshesOnceAndRetries) {
  transport_.queries.push_back(Answer(401, ""));
  auto sale = provider_->GetSale(CieloCheckoutSaleRef{kOrder}, absl::InfiniteFuture());
  ASSERT_TRUE(sale.ok()) << sale.status();
  EXPECT_EQ(checkout().token_fetches(), 2);
  EXPECT_EQ(transport_.Count("GET", "/orders/"), 2);
  EXPECT_EQ(HeaderOf(transport_.sent.back(), "Authorization"), "Bearer tok-2");
}

TEST_F(CieloCheckoutProviderTest, A401AfterARefreshFailsClearly) {
  transport_.queries = {Answer(401, ""), Answer(401, "")};
  auto sale = provider_->GetSale(CieloCheckoutSaleRef{kOrder}, absl::InfiniteFuture());
  EXPECT_EQ(sale.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(ErrorReasonOf(sale.status()), "PROVIDER_AUTH_FAILED");
  EXPECT_EQ(checkout().token_fetches(), 2);
  EXPECT_EQ(transport_.Count("GET", "/orders/"), 2);  // no third try
  EXPECT_FALSE(absl::StrContains(sale.status().ToString(), kSecret));
  EXPECT_FALSE(absl::StrContains(sale.status().ToString(), "tok-"));
}

TEST_F(CieloCheckoutProviderTest, AVoidRefusedTwiceAtTheDoorFailsAsAuthentication) {
  transport_.voids = {Answer(401, ""), Answer(401, "")};
  const ProviderResult r = provider_->Cancel(Cancel(std::nullopt), absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_AUTHENTICATION);
  EXPECT_EQ(transport_.Count("PUT", "/void"), 2);
}

TEST_F(CieloCheckoutProviderTest, RejectedClientCredentialsFailWithoutSendingTheVoid) {
  transport_.tokens.push_back(Answer(401, R"({"error": "invalid_client"})"));
  const ProviderResult r = provider_->Cancel(Cancel(std::nullopt), absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_AUTHENTICATION);
  EXPECT_EQ(transport_.Count("PUT", "/void"), 0);
  EXPECT_FALSE(absl::StrContains(r.note + r.failure_message, kSecret));
}

TEST_F(CieloCheckoutProviderTest, AnUnreachableTokenEndpointSendsNothing) {
  transport_.tokens.push_back(Failure(http::Failure::kMaybeSent));
  const ProviderResult r = provider_->Cancel(Cancel(500), absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kFailed);  // only the token request may have gone out
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_UNAVAILABLE);
  EXPECT_EQ(transport_.Count("PUT", "/void"), 0);
}

TEST_F(CieloCheckoutProviderTest, SendsAPartialVoidOnceThenConfirmsByQuerying) {
  transport_.voids.push_back(
      Answer(200, R"({"success": true, "status": 2, "returnCode": "6", "returnMessage": "Operation Successful"})"));
  const ProviderResult r = provider_->Cancel(Cancel(1234), absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kSucceeded);
  ASSERT_EQ(transport_.Count("PUT", "/void"), 1);
  const http::Request* put = nullptr;
  for (const http::Request& s : transport_.sent) put = s.method == "PUT" ? &s : put;
  EXPECT_EQ(put->url, kBase + "/api/public/v2/orders/" + kOrder + "/void?amount=1234");
  EXPECT_FALSE(put->idempotent);
  EXPECT_TRUE(put->body.empty());
  EXPECT_EQ(HeaderOf(*put, "Authorization"), "Bearer tok-1");
  EXPECT_EQ(transport_.Count("GET", "/orders/"), 1);  // the confirmation
  EXPECT_EQ(r.echo.status, "Paid");
  EXPECT_EQ(r.echo.code, "6");
}

TEST_F(CieloCheckoutProviderTest, AnAmountInReaisIsWrittenExactly) {
  nlohmann::json settings = {{"base_url", kBase},
                             {"client_id", {{"value", "id"}}},
                             {"client_secret", {{"value", kSecret}}},
                             {"void_amount_unit", "reais"}};
  auto made = MakeCieloCheckoutProvider(settings, transport_, clock_);
  ASSERT_TRUE(made.ok());
  (*made)->Cancel(Cancel(1005), absl::InfiniteFuture());
  EXPECT_EQ(transport_.Count("PUT", "/void?amount=10.05"), 1);
}

TEST_F(CieloCheckoutProviderTest, ALostAnswerIsUnknownAndNeverResent) {
  transport_.voids.push_back(Failure(http::Failure::kMaybeSent));
  const ProviderResult r = provider_->Cancel(Cancel(std::nullopt), absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kUnknown);
  EXPECT_EQ(transport_.Count("PUT", "/void"), 1);
  EXPECT_EQ(transport_.Count("GET", "/orders/"), 0);
}

TEST_F(CieloCheckoutProviderTest, NotSentIsAFailureThatMovedNothing) {
  transport_.voids.push_back(Failure(http::Failure::kNotSent));
  const ProviderResult r = provider_->Cancel(Cancel(std::nullopt), absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_UNAVAILABLE);
}

TEST_F(CieloCheckoutProviderTest, ReconcileFindsATotalVoidInTheOrder) {
  transport_.queries.push_back(Answer(200, OrderBody("Voided")));
  const ProviderResult done = provider_->Reconcile(Cancel(std::nullopt), {}, absl::InfiniteFuture());
  EXPECT_EQ(done.outcome, Outcome::kSucceeded);
  EXPECT_EQ(done.echo.status, "Voided");
  transport_.queries.push_back(Answer(200, OrderBody("Paid")));
  EXPECT_EQ(provider_->Reconcile(Cancel(std::nullopt), {}, absl::InfiniteFuture()).outcome,
            Outcome::kUnknown);
  transport_.queries.push_back(Failure(http::Failure::kMaybeSent));
  EXPECT_EQ(provider_->Reconcile(Cancel(std::nullopt), {}, absl::InfiniteFuture()).outcome,
            Outcome::kUnknown);
  EXPECT_EQ(transport_.Count("PUT", "/void"), 0);  // reconciling never resends
}

TEST_F(CieloCheckoutProviderTest, ReconcileOfAPartialDecidesOnlyWhenItCoveredEverything) {
  transport_.queries.push_back(Answer(200, OrderBody("Voided")));
  EXPECT_EQ(provider_->Reconcile(Cancel(10000), {}, absl::InfiniteFuture()).outcome,
            Outcome::kSucceeded);
  transport_.queries.push_back(Answer(200, OrderBody("Voided")));
  EXPECT_EQ(provider_->Reconcile(Cancel(4000), {}, absl::InfiniteFuture()).outcome,
            Outcome::kUnknown);
  // 6000 already confirmed by cancela: a lost 4000 that leaves the order Voided was the rest.
  ReconcileBasis after_others;
  after_others.others_succeeded_minor_units = 6000;
  transport_.queries.push_back(Answer(200, OrderBody("Voided")));
  EXPECT_EQ(provider_->Reconcile(Cancel(4000), after_others, absl::InfiniteFuture()).outcome,
            Outcome::kSucceeded);
  after_others.others_succeeded_minor_units = 5999;
  transport_.queries.push_back(Answer(200, OrderBody("Voided")));
  EXPECT_EQ(provider_->Reconcile(Cancel(4000), after_others, absl::InfiniteFuture()).outcome,
            Outcome::kUnknown);
  transport_.queries.push_back(Answer(200, OrderBody("Paid")));
  const ProviderResult paid = provider_->Reconcile(Cancel(4000), {}, absl::InfiniteFuture());
  EXPECT_EQ(paid.outcome, Outcome::kUnknown);
  EXPECT_TRUE(absl::StrContains(paid.note, "partial")) << paid.note;
}

TEST_F(CieloCheckoutProviderTest, RefusesOrderNumbersThatCouldBendTheUrl) {
  for (const char* bad : {"../token", "a/void", "a?amount=1", ""}) {
    auto sale = provider_->GetSale(CieloCheckoutSaleRef{bad}, absl::InfiniteFuture());
    EXPECT_EQ(ErrorReasonOf(sale.status()), "SALE_REFERENCE_INVALID") << bad;
  }
  EXPECT_TRUE(transport_.sent.empty());
}

TEST_F(CieloCheckoutProviderTest, FindsOrdersByMerchantOrderNumber) {
  transport_.queries.push_back(Answer(200, R"([{"checkoutOrderNumber": "aa01"}, {"checkoutOrderNumber": "bb02"}])"));
  auto list = checkout().FindByMerchantOrderNumber("PEDIDO1001", absl::InfiniteFuture());
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].checkout_order_number, "bb02");
  EXPECT_EQ(transport_.Count("GET", "/api/public/v2/merchantOrderNumber/PEDIDO1001"), 1);
  EXPECT_EQ(ErrorReasonOf(checkout().FindByMerchantOrderNumber("a/b", absl::InfiniteFuture()).status()),
            "FIELD_INVALID");
}

}  // namespace
}  // namespace cancela::providers::cielo_checkout
