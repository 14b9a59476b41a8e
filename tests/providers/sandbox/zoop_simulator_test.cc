// The Zoop simulator's protocol, rules, faults and admin API, through real libcurl on loopback.

#include "providers/sandbox/zoop_simulator.h"

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "providers/sandbox/zoop_seed.h"
#include "tests/providers/sandbox/curl_client.h"

namespace cancela::sandbox::testing {
namespace {

namespace seed = zoop_seed;

class ZoopSimulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ZoopSimulator::Options options;
    options.clock = &clock_;
    simulator_ = std::make_unique<ZoopSimulator>(options);
    ASSERT_TRUE(simulator_->Start().ok());
  }

  static std::string Basic(const std::string& user_and_password) {
    return absl::StrCat("Authorization: Basic ", absl::Base64Escape(user_and_password));
  }
  static std::vector<std::string> Auth() {
    return {Basic(absl::StrCat(seed::kApiKey, ":")), "Content-Type: application/json"};
  }

  std::string Url(const std::string& id, const std::string& suffix = "",
                  const std::string& marketplace = seed::kMarketplaceId) {
    return absl::StrCat(simulator_->base_url(), "/v1/marketplaces/", marketplace, "/transactions/",
                        id, suffix);
  }

  CurlResult Get(const std::string& id, const std::string& suffix = "",
                 std::vector<std::string> headers = Auth()) {
    CurlRequest r;
    r.url = Url(id, suffix);
    r.headers = std::move(headers);
    return Perform(r);
  }

  CurlResult Void(const std::string& id, std::optional<std::string> body,
                  std::vector<std::string> headers = Auth()) {
    CurlRequest r;
    r.method = "POST";
    r.url = Url(id, "/void");
    r.headers = std::move(headers);
    r.body = std::move(body);
    return Perform(r);
  }

  CurlResult Void(const std::string& id, int64_t amount, const std::string& seller = seed::kLojaNorteId) {
    return Void(id, nlohmann::json({{"amount", amount}, {"on_behalf_of", seller}}).dump());
  }

  CurlResult Admin(const std::string& method, const std::string& path,
                   std::optional<std::string> body = std::nullopt) {
    CurlRequest r;
    r.method = method;
    r.url = absl::StrCat(simulator_->base_url(), path);
    r.body = std::move(body);
    return Perform(r);
  }

  static std::string Category(const CurlResult& r) {
    const nlohmann::json j = r.Json();
    return j.is_object() && j.contains("error") ? j["error"].value("category", "") : "";
  }

  ManualClock clock_{absl::FromCivil(absl::CivilSecond(2026, 12, 1, 15, 0, 0), absl::UTCTimeZone())};
  std::unique_ptr<ZoopSimulator> simulator_;
};

TEST_F(ZoopSimulatorTest, BasicAuthWithTheKeyAndAnEmptyPassword) {
  EXPECT_EQ(Get(seed::kCredit1).status, 200);
  EXPECT_EQ(Get(seed::kCredit1, "", {}).status, 401);
  EXPECT_EQ(Get(seed::kCredit1, "", {Basic("zpk_test_other:")}).status, 401);
  EXPECT_EQ(Get(seed::kCredit1, "", {Basic(absl::StrCat(seed::kApiKey, ":password"))}).status, 401);
  const CurlResult wrong = Get(seed::kCredit1, "", {"Authorization: Bearer x"});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(Category(wrong), "authentication_error");
  EXPECT_TRUE(simulator_->ExecutionsFor("").empty());
}

TEST_F(ZoopSimulatorTest, TransactionShapeLikeTheRealDumps) {
  const CurlResult r = Get(seed::kPartlyCancelled);
  ASSERT_EQ(r.status, 200);
  const nlohmann::json t = r.Json();
  EXPECT_EQ(t["resource"], "transaction");
  EXPECT_EQ(t["status"], "succeeded");
  EXPECT_EQ(t["amount"], "60.00");  // decimal strings in answers
  EXPECT_EQ(t["original_amount"], "100.00");
  EXPECT_EQ(t["payment_type"], "credit");
  EXPECT_EQ(t["on_behalf_of"], seed::kLojaNorteId);
  EXPECT_EQ(t["voided"], false);
  EXPECT_EQ(t["payment_method"]["card_brand"], "Mastercard");
  EXPECT_EQ(t["installment_plan"]["number_installments"], 3);
  ASSERT_EQ(t["history"].size(), 3u);
  EXPECT_EQ(t["history"][2]["operation_type"], "void");
  EXPECT_EQ(t["history"][2]["amount"], "40.00");
  EXPECT_EQ(t["history"][2]["created_at"].get<std::string>().size(), 19u);  // no zone, like Zoop
  // Some SDKs call /v2: answered the same.
  CurlRequest v2;
  v2.url = absl::StrCat(simulator_->base_url(), "/v2/marketplaces/", seed::kMarketplaceId,
                        "/transactions/", seed::kCredit1);
  v2.headers = Auth();
  EXPECT_EQ(Perform(v2).status, 200);
}

TEST_F(ZoopSimulatorTest, PathsMethodsAndMarketplaces) {
  CurlRequest other;
  other.url = Url(seed::kCredit1, "", "someoneelsesmarketplace");
  other.headers = Auth();
  const CurlResult r = Perform(other);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Category(r), "resource_not_found");
  EXPECT_EQ(Get("5eed20000000000000000000000000ff").status, 404);
  EXPECT_EQ(Get(seed::kCredit1, "/void").status, 405);
  CurlRequest bogus;
  bogus.url = absl::StrCat(simulator_->base_url(), "/v1/marketplaces/x/sellers");
  bogus.headers = Auth();
  EXPECT_EQ(Perform(bogus).status, 404);
}

TEST_F(ZoopSimulatorTest, VoidRequestValidation) {
  EXPECT_EQ(Category(Void(seed::kCredit1, std::string("not json"))), "invalid_parameter");
  EXPECT_EQ(Category(Void(seed::kCredit1, std::string(R"({"on_behalf_of":"x"})"))), "invalid_parameter");
  EXPECT_EQ(Category(Void(seed::kCredit1, std::string(R"({"amount":"10.00","on_behalf_of":"x"})"))),
            "invalid_parameter");  // cents as an integer, not a decimal string
  EXPECT_EQ(Category(Void(seed::kCredit1, std::string(R"({"amount":100})"))), "invalid_parameter");
  EXPECT_EQ(Category(Void(seed::kCredit1, 100, seed::kLojaSulId)), "invalid_parameter");
  EXPECT_EQ(Void(seed::kCredit1, 0).status, 400);
  EXPECT_EQ(Void("5eed20000000000000000000000000ff", 100).status, 404);
  EXPECT_TRUE(simulator_->ExecutionsFor("").empty());
  EXPECT_EQ(simulator_->RejectionsFor(seed::kCredit1).size(), 6u);
}

TEST_F(ZoopSimulatorTest, PartialsDownToZeroThenCanceled) {
  for (const int64_t part : {3000, 3000, 4000}) {
    const CurlResult r = Void(seed::kCredit2, part);
    ASSERT_EQ(r.status, 200) << r.body;
    const nlohmann::json t = r.Json();
    EXPECT_EQ(t["original_amount"], "100.00");
    EXPECT_EQ(t["history"].back()["operation_type"], "void");
    EXPECT_EQ(t["history"].back()["status"], "succeeded");
  }
  const nlohmann::json t = Get(seed::kCredit2).Json();
  EXPECT_EQ(t["status"], "canceled");
  EXPECT_EQ(t["amount"], "0.00");
  EXPECT_EQ(t["voided"], true);
  EXPECT_TRUE(t["voided_at"].is_string());
  EXPECT_EQ(Category(Void(seed::kCredit2, 1)), "transaction_not_voidable");
  ASSERT_EQ(simulator_->ExecutionsFor(seed::kCredit2).size(), 3u);
  EXPECT_EQ(simulator_->ExecutionsFor(seed::kCredit2)[2].status_after, "canceled");
  EXPECT_TRUE(simulator_->ExecutionsFor(seed::kCredit2)[2].total);
}

TEST_F(ZoopSimulatorTest, SeededRules) {
  EXPECT_EQ(Category(Void(seed::kCredit1, 10001)), "amount_exceeds_remaining");
  EXPECT_EQ(Category(Void(seed::kPartlyCancelled, 6001)), "amount_exceeds_remaining");
  EXPECT_EQ(Void(seed::kPartlyCancelled, 6000).Json()["status"], "canceled");
  EXPECT_EQ(Category(Void(seed::kDebit, 4999)), "partial_void_not_allowed");
  EXPECT_EQ(Void(seed::kDebit, 5000).Json()["status"], "canceled");
  EXPECT_EQ(Category(Void(seed::kPreAuthorized, 1000)), "partial_void_not_allowed");
  EXPECT_EQ(Void(seed::kPreAuthorized, 7000).Json()["status"], "canceled");
  EXPECT_EQ(Category(Void(seed::kBoleto, 3000)), "transaction_not_voidable");
  EXPECT_EQ(Category(Void(seed::kFailed, 2000)), "transaction_not_voidable");
  EXPECT_EQ(Category(Void(seed::kSettledNoRelease, 100)), "settled_sale_release_required");
  EXPECT_EQ(Void(seed::kSettledReleased, 100).status, 200);
  EXPECT_EQ(Category(Void(seed::kSplit, 7001)), "split_rule_exceeds_amount");
  EXPECT_EQ(Void(seed::kSplit, 7000).status, 200);
  EXPECT_EQ(Void(seed::kSulCredit, 15000, seed::kLojaSulId).status, 200);
  const CurlResult declined = Void(seed::kIssuerDeclines, 4000);
  EXPECT_EQ(declined.status, 200);
  EXPECT_EQ(declined.Json()["status"], "succeeded");
  EXPECT_EQ(declined.Json()["history"].back()["status"], "failed");
  EXPECT_EQ(declined.Json()["history"].back()["response_code"], "57");
  EXPECT_TRUE(simulator_->ExecutionsFor(seed::kIssuerDeclines).empty());
  EXPECT_EQ(simulator_->RejectionsFor(seed::kIssuerDeclines).size(), 1u);
}

TEST_F(ZoopSimulatorTest, ReceivablesShowSettlement) {
  const nlohmann::json settled = Get(seed::kSettledNoRelease, "/receivables").Json();
  ASSERT_TRUE(settled["items"].is_array());
  EXPECT_EQ(settled["items"][0]["status"], "paid");
  const nlohmann::json open = Get(seed::kPartlyCancelled, "/receivables").Json();
  ASSERT_EQ(open["items"].size(), 3u);
  for (const auto& item : open["items"]) EXPECT_EQ(item["status"], "pending");
}

TEST_F(ZoopSimulatorTest, FaultsThroughTheAdminApi) {
  const CurlResult armed = Admin("POST", "/__sandbox/faults",
                                 R"({"kind": "execute_then_drop", "transaction_id": ")" +
                                     std::string(seed::kCredit3) + R"(", "method": "POST"})");
  ASSERT_EQ(armed.status, 201) << armed.body;
  EXPECT_EQ(armed.Json()["transaction_id"], seed::kCredit3);
  EXPECT_FALSE(Void(seed::kCredit3, 1000).ok());  // reset after executing
  EXPECT_EQ(simulator_->ExecutionsFor(seed::kCredit3).size(), 1u);
  EXPECT_EQ(Get(seed::kCredit3).Json()["amount"], "90.00");

  ASSERT_EQ(Admin("POST", "/__sandbox/faults", R"({"kind": "http_500", "method": "POST"})").status, 201);
  const CurlResult failed = Void(seed::kCredit3, 1000);
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.Json()["error"]["type"], "api_error");
  EXPECT_EQ(simulator_->ExecutionsFor(seed::kCredit3).size(), 1u);
  EXPECT_EQ(Admin("GET", "/__sandbox/faults").Json()["faults"].size(), 0u);
  EXPECT_EQ(Admin("POST", "/__sandbox/faults", R"({"kind": "explode"})").status, 400);
}

TEST_F(ZoopSimulatorTest, AdminTransactionsLedgerClockReset) {
  const CurlResult created = Admin("POST", "/__sandbox/transactions",
                                   R"({"amount": 4200, "seller": "loja-sul", "installments": 2, "settled": true})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.Json()["id"];
  EXPECT_EQ(created.Json()["on_behalf_of"], seed::kLojaSulId);
  EXPECT_EQ(created.Json()["settled"], true);
  EXPECT_EQ(Admin("POST", "/__sandbox/transactions", R"({"amount": -1})").status, 400);
  EXPECT_EQ(Admin("POST", "/__sandbox/transactions", R"({"seller": "nobody"})").status, 404);
  EXPECT_EQ(Admin("POST", "/__sandbox/transactions", R"({"id": ")" + std::string(seed::kCredit1) + "\"}").status, 409);
  EXPECT_EQ(Admin("POST", "/__sandbox/transactions", R"({"colour": "red"})").status, 400);
  EXPECT_EQ(Admin("GET", "/__sandbox/transactions/" + id).Json()["amount"], 4200);
  EXPECT_GE(Admin("GET", "/__sandbox/transactions").Json()["transactions"].size(), 14u);

  ASSERT_EQ(Void(seed::kCredit1, 500).status, 200);
  const nlohmann::json ledger = Admin("GET", absl::StrCat("/__sandbox/ledger?transaction_id=", seed::kCredit1)).Json();
  ASSERT_EQ(ledger["executions"].size(), 1u);
  EXPECT_EQ(ledger["executions"][0]["transaction_id"], seed::kCredit1);
  EXPECT_EQ(ledger["executions"][0]["amount"], 500);
  EXPECT_EQ(ledger["requests"]["POST"], 1);

  const nlohmann::json clock = Admin("POST", "/__sandbox/clock", R"({"advance_seconds": 60})").Json();
  EXPECT_EQ(clock["offset_seconds"], 60.0);
  EXPECT_EQ(simulator_->Now(), clock_.Now() + absl::Seconds(60));
  EXPECT_EQ(Admin("POST", "/__sandbox/clock", R"({"advance_seconds": -1})").status, 400);

  const nlohmann::json events = Admin("GET", "/__sandbox/events").Json();
  ASSERT_EQ(events["events"].size(), 2u);
  EXPECT_EQ(events["events"][0]["type"], "transaction.void.succeeded");
  EXPECT_EQ(events["events"][1]["type"], "transaction.canceled");
  EXPECT_EQ(events["events"][1]["resource"], "event");
  EXPECT_EQ(events["events"][1]["payload"]["object"]["id"], seed::kCredit1);
  EXPECT_EQ(events["events"][1]["payload"]["object"]["status"], "succeeded");

  ASSERT_EQ(Admin("POST", "/__sandbox/reset").status, 200);
  EXPECT_EQ(Admin("GET", "/__sandbox/events").Json()["events"].size(), 0u);
  EXPECT_EQ(Get(seed::kCredit1).Json()["amount"], "100.00");
  EXPECT_EQ(Admin("GET", "/__sandbox/transactions/" + id).status, 404);
  EXPECT_TRUE(simulator_->ExecutionsFor("").empty());
  EXPECT_EQ(simulator_->Now(), clock_.Now());
}

}  // namespace
}  // namespace cancela::sandbox::testing
