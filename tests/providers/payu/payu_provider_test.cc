// The adapter's requests and its handling of transport failures, over a scripted transport.

#include "providers/payu/payu_provider.h"

#include <deque>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "tests/providers/payu/payu_test_support.h"

namespace cancela::providers::payu {
namespace {

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

http::Result Answer(std::string body, int status = 200) {
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

class PayuProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = MakePayuProvider(testing::SettingsJson(), transport_, clock_);
    ASSERT_TRUE(made.ok()) << made.status();
    provider_ = *std::move(made);
  }
  CancelCommand Partial() {
    return testing::Command(OperationKind::kRefund, testing::CapturedSale("BR"), 2500);
  }
  static void ExpectNoSecrets(const ProviderResult& r) {
    for (const std::string& text : {r.note, r.failure_message, r.echo.message, r.echo.reason_message,
                                    r.echo.code, r.echo.status, r.echo.reference}) {
      EXPECT_EQ(text.find(testing::kApiKey), std::string::npos) << text;
      EXPECT_EQ(text.find(testing::kApiLogin), std::string::npos) << text;
    }
  }

  ManualClock clock_{testing::Approval()};
  ScriptedTransport transport_;
  std::unique_ptr<Provider> provider_;
};

TEST_F(PayuProviderTest, PostsOneNonIdempotentSubmitToThePaymentsApi) {
  transport_.script.push_back(Answer(
      R"({"code":"SUCCESS","transactionResponse":{"orderId":1400462414,"transactionId":null,"state":"PENDING","pendingReason":"PENDING_REVIEW","responseMessage":"1400462414"}})"));
  const ProviderResult r = provider_->Cancel(Partial(), absl::Now() + absl::Minutes(5));
  EXPECT_EQ(r.outcome, Outcome::kReview);
  ASSERT_EQ(transport_.sent.size(), 1u);
  const http::Request& sent = transport_.sent[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://payu.example/payments-api/4.0/service.cgi");
  EXPECT_FALSE(sent.idempotent);
  // PayU's maximum answer time bounds the call even under a longer RPC deadline.
  EXPECT_LE(sent.deadline, absl::Now() + absl::Seconds(60));
  EXPECT_GT(sent.deadline, absl::Now() + absl::Seconds(30));
  const nlohmann::json body = nlohmann::json::parse(sent.body);
  EXPECT_EQ(body["transaction"]["additionalValues"]["TX_VALUE"]["value"], "25");
  ExpectNoSecrets(r);
}

TEST_F(PayuProviderTest, NotSentFailsAndMaybeSentIsUnknownAndNeverResent) {
  transport_.script.push_back(Failure(http::Failure::kNotSent));
  ProviderResult r = provider_->Cancel(Partial(), absl::Now() + absl::Minutes(1));
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_UNAVAILABLE);
  transport_.script.push_back(Failure(http::Failure::kMaybeSent));
  r = provider_->Cancel(Partial(), absl::Now() + absl::Minutes(1));
  EXPECT_EQ(r.outcome, Outcome::kUnknown);
  EXPECT_EQ(transport_.sent.size(), 2u);  // one attempt each
}

TEST_F(PayuProviderTest, QueriesOrderDetailIdempotentlyOnTheQueriesApi) {
  transport_.script.push_back(Answer(R"({"code":"SUCCESS","result":{"payload":null}})"));
  auto sale = provider_->GetSale(PayuSaleRef{"1400462414", "c8ec8737"}, absl::Now() + absl::Minutes(1));
  EXPECT_EQ(ErrorReasonOf(sale.status()), "SALE_NOT_FOUND");
  ASSERT_EQ(transport_.sent.size(), 1u);
  EXPECT_EQ(transport_.sent[0].url, "https://payu.example/reports-api/4.0/service.cgi");
  EXPECT_TRUE(transport_.sent[0].idempotent);
  EXPECT_EQ(nlohmann::json::parse(transport_.sent[0].body)["details"]["orderId"], 1400462414);

  EXPECT_EQ(ErrorReasonOf(provider_->GetSale(CieloEcommerceSaleRef{"x"}, absl::InfiniteFuture()).status()),
            "SALE_REFERENCE_INVALID");
  transport_.script.push_back(Failure(http::Failure::kMaybeSent));
  EXPECT_EQ(ErrorReasonOf(provider_->GetSale(PayuSaleRef{"1", "t"}, absl::InfiniteFuture()).status()),
            "PROVIDER_UNAVAILABLE");
}

TEST_F(PayuProviderTest, AFailedQueryLeavesAReviewUnderReview) {
  transport_.script.push_back(Failure(http::Failure::kMaybeSent));
  ReconcileBasis basis;
  basis.recorded.status = "PENDING";
  const ProviderResult r = provider_->Reconcile(Partial(), basis, absl::Now() + absl::Minutes(1));
  EXPECT_EQ(r.outcome, Outcome::kReview);
  EXPECT_EQ(r.echo.status, "PENDING");
}

TEST(PayuSettingsTest, RejectsBadSettingsNamingTheFieldNeverTheSecret) {
  struct Row {
    std::string key;
    nlohmann::json value;
  };
  for (const Row& row : std::vector<Row>{{"payments_url", "ftp://x"},
                                         {"language", "fr"},
                                         {"country", "UY"},
                                         {"test", "yes"},
                                         {"surprise", 1},
                                         {"request_timeout_ms", 5},
                                         {"country_rules", {{"UY", nlohmann::json::object()}}},
                                         {"country_rules", {{"CO", {{"void_window", 1}}}}},
                                         {"error_texts", {{"x", "NOT_A_REASON"}}}}) {
    nlohmann::json json = testing::SettingsJson();
    json[row.key] = row.value;
    auto parsed = ParseSettings(json);
    ASSERT_FALSE(parsed.ok()) << row.key;
    EXPECT_NE(parsed.status().message().find("settings." + row.key), std::string::npos)
        << parsed.status();
    EXPECT_EQ(parsed.status().message().find(testing::kApiKey), std::string::npos);
  }
  nlohmann::json missing = testing::SettingsJson();
  missing.erase("api_key");
  EXPECT_FALSE(ParseSettings(missing).ok());
}

}  // namespace
}  // namespace cancela::providers::payu
