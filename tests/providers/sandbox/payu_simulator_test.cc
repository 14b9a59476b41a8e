// The PayU simulator over real libcurl: its wire protocol as PayU documents it, and its admin API.

#include "providers/sandbox/payu_simulator.h"

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "providers/sandbox/payu_seed.h"
#include "tests/providers/sandbox/curl_client.h"

namespace cancela::sandbox {
namespace {

using testing::CurlRequest;
using testing::CurlResult;
using testing::Perform;

class PayuSimulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PayuSimulator::Options options;
    options.clock = &clock_;
    simulator_ = std::make_unique<PayuSimulator>(options);
    ASSERT_TRUE(simulator_->Start().ok());
  }
  CurlResult Post(const std::string& url, const nlohmann::json& body) {
    CurlRequest r;
    r.method = "POST";
    r.url = url;
    r.headers = {"Content-Type: application/json; charset=utf-8"};
    r.body = body.dump();
    return Perform(r);
  }
  CurlResult Admin(const std::string& method, const std::string& path, const std::string& body = "") {
    CurlRequest r;
    r.method = method;
    r.url = simulator_->base_url() + path;
    if (method != "GET") r.body = body;
    return Perform(r);
  }
  static nlohmann::json Merchant() {
    return {{"apiLogin", payu_seed::kApiLogin}, {"apiKey", payu_seed::kApiKey}};
  }
  static nlohmann::json Submit(const std::string& type, int n, std::optional<std::string> value) {
    nlohmann::json t = {{"order", {{"id", std::to_string(9000000000LL + n)}}},
                        {"type", type},
                        {"reason", "n/a"},
                        {"parentTransactionId", absl::StrFormat("5eed9a70-0000-4000-8000-%012d", n)}};
    if (value) t["additionalValues"] = {{"TX_VALUE", {{"value", *value}, {"currency", "ARS"}}}};
    return {{"language", "es"}, {"command", "SUBMIT_TRANSACTION"}, {"merchant", Merchant()},
            {"transaction", t}, {"test", true}};
  }
  static nlohmann::json Detail(int n) {
    return {{"language", "es"}, {"command", "ORDER_DETAIL"}, {"merchant", Merchant()},
            {"details", {{"orderId", 9000000000LL + n}}}, {"test", true}};
  }

  ManualClock clock_{absl::FromUnixSeconds(1795176000)};
  std::unique_ptr<PayuSimulator> simulator_;
};

TEST_F(PayuSimulatorTest, APartialRefundWaitsForReviewAndIsListedOnceDecided) {
  CurlResult r = Post(simulator_->payments_url(), Submit("PARTIAL_REFUND", 1, "950"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.status, 200);
  nlohmann::json body = r.Json();
  EXPECT_EQ(body["code"], "SUCCESS");
  EXPECT_EQ(body["transactionResponse"]["state"], "PENDING");
  EXPECT_EQ(body["transactionResponse"]["pendingReason"], "PENDING_REVIEW");
  EXPECT_TRUE(body["transactionResponse"]["transactionId"].is_null());
  EXPECT_EQ(body["transactionResponse"]["responseMessage"], "9000000001");

  body = Post(simulator_->queries_url(), Detail(1)).Json();
  EXPECT_EQ(body["result"]["payload"]["status"], "CAPTURED");
  EXPECT_EQ(body["result"]["payload"]["transactions"].size(), 1u);  // undecided: not listed

  // A second one while the first is under review is already registered.
  body = Post(simulator_->payments_url(), Submit("PARTIAL_REFUND", 1, "100")).Json();
  EXPECT_EQ(body["code"], "ERROR");
  EXPECT_NE(body["error"].get<std::string>().find("already registered"), std::string::npos);

  r = Admin("POST", "/__sandbox/clock", R"({"advance_seconds": 86400})");
  EXPECT_EQ(r.Json()["offset_seconds"], 86400);
  body = Post(simulator_->queries_url(), Detail(1)).Json();
  const nlohmann::json& newest = body["result"]["payload"]["transactions"][0];
  EXPECT_EQ(newest["type"], "PARTIAL_REFUND");
  EXPECT_EQ(newest["transactionResponse"]["state"], "APPROVED");
  EXPECT_EQ(newest["additionalValues"]["TX_VALUE"]["value"], "950.00");
  EXPECT_EQ(simulator_->ExecutionsFor("9000000001").size(), 1u);
  EXPECT_EQ(simulator_->RejectionsFor("9000000001").size(), 1u);
}

TEST_F(PayuSimulatorTest, RefusesWhatPayuRefuses) {
  EXPECT_EQ(Post(simulator_->payments_url(), Submit("PARTIAL_REFUND", 1, "9.50")).Json()["code"], "ERROR");
  EXPECT_EQ(Post(simulator_->payments_url(), Submit("VOID", 33, std::nullopt)).Json()["code"], "ERROR");
  EXPECT_EQ(Post(simulator_->payments_url(), Submit("VOID", 1, std::nullopt))
                .Json()["transactionResponse"]["state"],
            "DECLINED");  // captured: refund it
  nlohmann::json wrong = Detail(1);
  wrong["merchant"]["apiKey"] = "nope";
  EXPECT_EQ(Post(simulator_->queries_url(), wrong).Json()["error"], "Invalid credentials");
  EXPECT_TRUE(Post(simulator_->queries_url(), Detail(99)).Json()["result"]["payload"].is_null());
  EXPECT_TRUE(simulator_->ledger().Executions().empty());
}

TEST_F(PayuSimulatorTest, AVoidIsApprovedAtOnce) {
  const nlohmann::json body = Post(simulator_->payments_url(), Submit("VOID", 2, std::nullopt)).Json();
  EXPECT_EQ(body["transactionResponse"]["state"], "APPROVED");
  EXPECT_EQ(Post(simulator_->queries_url(), Detail(2)).Json()["result"]["payload"]["status"], "CANCELLED");
}

TEST_F(PayuSimulatorTest, TheAdminApiCreatesOrdersDecidesReviewsAndArmsFaults) {
  CurlResult r = Admin("POST", "/__sandbox/orders",
                       R"({"order_id": "123", "transaction_id": "t-123", "country": "CO",
                           "currency": "COP", "amount": 500000, "review": "decline"})");
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Admin("POST", "/__sandbox/orders", R"({"country": "UY"})").status, 400);
  EXPECT_EQ(Admin("GET", "/__sandbox/orders/123").Json()["review"], "decline");
  EXPECT_EQ(Admin("POST", "/__sandbox/orders/123/review", R"({"decision": "approve"})").Json()["review"],
            "approve");
  EXPECT_EQ(Admin("POST", "/__sandbox/orders/999/review", R"({"decision": "approve"})").status, 404);

  r = Admin("POST", "/__sandbox/faults", R"({"kind": "http_500", "order_id": "9000000001", "method": "POST"})");
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Post(simulator_->payments_url(), Submit("REFUND", 1, std::nullopt)).status, 500);
  EXPECT_EQ(Post(simulator_->queries_url(), Detail(1)).status, 200);  // GET = queries: not armed
  EXPECT_TRUE(simulator_->ExecutionsFor("9000000001").empty());

  Admin("POST", "/__sandbox/clock", R"({"advance_seconds": 60})");
  Admin("POST", "/__sandbox/reset");
  EXPECT_EQ(Admin("GET", "/__sandbox/clock").Json()["offset_seconds"], 0);
  EXPECT_EQ(Admin("GET", "/__sandbox/orders/123").status, 404);
  EXPECT_EQ(Admin("GET", "/__sandbox/ledger").Json()["executions"].size(), 0u);
}

}  // namespace
}  // namespace cancela::sandbox
