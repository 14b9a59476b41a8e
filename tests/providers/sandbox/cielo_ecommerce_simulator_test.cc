// The Cielo E-commerce 3.0 wire protocol as the simulator speaks it, driven through libcurl.

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/providers/sandbox/cielo_fixture.h"

namespace cancela::sandbox {
namespace {

namespace seed = cielo_seed;
using testing::CieloSimulatorTest;
using testing::CurlRequest;
using testing::CurlResult;

using SandboxCieloEcommerceTest = CieloSimulatorTest;

// Every card void answer, successful or not, names the sale by these.
void ExpectCardIdentifiers(const nlohmann::json& body) {
  EXPECT_TRUE(body["Tid"].is_string());
  EXPECT_TRUE(body["ProofOfSale"].is_string());
  EXPECT_TRUE(body["AuthorizationCode"].is_string());
}

TEST_F(SandboxCieloEcommerceTest, RefusesUnknownCredentialsWith401AndEmptyBody) {
  const CurlResult wrong_key =
      Void(seed::kCapturedCredit1, std::nullopt,
           Auth(seed::kLojaCentroMerchantId, seed::kLojaSemSaldoMerchantKey));
  ASSERT_TRUE(wrong_key.ok());
  EXPECT_EQ(wrong_key.status, 401);
  EXPECT_EQ(wrong_key.body, "");
  const CurlResult no_headers = Query(seed::kCapturedCredit1, {});
  EXPECT_EQ(no_headers.status, 401);
  EXPECT_EQ(no_headers.body, "");
  // Refused before the business rules: neither executed nor a rejection.
  EXPECT_TRUE(simulator_->Executions().empty());
  EXPECT_TRUE(simulator_->Rejections().empty());
  EXPECT_EQ(simulator_->GetSale(seed::kCapturedCredit1)->status, 2);
}

TEST_F(SandboxCieloEcommerceTest, QueriesASeededCardSale) {
  const CurlResult result = Query(seed::kCapturedCredit1);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.status, 200);
  EXPECT_TRUE(absl::StartsWith(result.headers.at("content-type"), "application/json"));
  const nlohmann::json body = result.Json();
  EXPECT_EQ(body["MerchantOrderId"], "seed-credito-10d-1");
  const nlohmann::json& payment = body["Payment"];
  EXPECT_EQ(payment["PaymentId"], seed::kCapturedCredit1);
  EXPECT_EQ(payment["Type"], "CreditCard");
  EXPECT_EQ(payment["Amount"], 10000);
  EXPECT_EQ(payment["CapturedAmount"], 10000);
  EXPECT_FALSE(payment.contains("VoidedAmount"));  // absent facts are omitted
  EXPECT_FALSE(payment.contains("VoidedDate"));
  EXPECT_FALSE(payment.contains("Refunds"));
  EXPECT_EQ(payment["Currency"], "BRL");
  EXPECT_EQ(payment["Status"], 2);
  // Ten days before 2026-03-10 15:00 Brasília.
  EXPECT_EQ(payment["ReceivedDate"], "2026-02-28 15:00:00");
  EXPECT_EQ(payment["CapturedDate"], "2026-02-28 15:00:00");
  ExpectCardIdentifiers(payment);
  EXPECT_EQ(payment["CreditCard"]["CardNumber"], "455187******0183");
  EXPECT_EQ(payment["CreditCard"]["Brand"], "Visa");
  EXPECT_EQ(payment["Links"][0]["Rel"], "self");
  EXPECT_EQ(payment["Links"][0]["Href"],
            absl::StrCat(simulator_->query_url(), "/1/sales/", seed::kCapturedCredit1));
  EXPECT_EQ(payment["Links"][1]["Rel"], "void");
  EXPECT_EQ(payment["Links"][1]["Href"],
            absl::StrCat(simulator_->transactional_url(), "/1/sales/", seed::kCapturedCredit1,
                         "/void"));
}

TEST_F(SandboxCieloEcommerceTest, QueriesASeededPixAndDebitSale) {
  const nlohmann::json pix = Query(seed::kPixPaid).Json()["Payment"];
  EXPECT_EQ(pix["Type"], "Pix");
  EXPECT_EQ(pix["Status"], 2);
  EXPECT_EQ(pix["EndToEndId"].get<std::string>().size(), 32u);
  EXPECT_EQ(pix["AuthorizationCode"], pix["EndToEndId"]);
  EXPECT_FALSE(pix.contains("Tid"));  // Cielo2 Pix has no Tid or ProofOfSale
  EXPECT_FALSE(pix.contains("CreditCard"));
  const nlohmann::json debit = Query(seed::kCapturedDebit).Json()["Payment"];
  EXPECT_EQ(debit["Type"], "DebitCard");
  EXPECT_EQ(debit["DebitCard"]["CardNumber"], "455187******0183");
}

TEST_F(SandboxCieloEcommerceTest, QueryOfUnknownOrOtherMerchantsSaleIs404WithEmptyBody) {
  const CurlResult unknown = Query("00000000-0000-4000-8000-00000000dead");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, "");
  EXPECT_EQ(Query(seed::kGlobexCapturedCredit).status, 404);
  EXPECT_EQ(Query(seed::kGlobexCapturedCredit,
                  Auth(seed::kGlobexMerchantId, seed::kGlobexMerchantKey))
                .status,
            200);
}

TEST_F(SandboxCieloEcommerceTest, EachHostServesOnlyItsOperation) {
  // A query sent to the transactional host, a void to the query host.
  CurlRequest get_on_transactional;
  get_on_transactional.url =
      absl::StrCat(simulator_->transactional_url(), "/1/sales/", seed::kCapturedCredit1);
  get_on_transactional.headers = Auth();
  EXPECT_EQ(testing::Perform(get_on_transactional).status, 404);
  EXPECT_EQ(VoidUrl(absl::StrCat(simulator_->query_url(), "/1/sales/", seed::kCapturedCredit1,
                                 "/void"))
                .status,
            404);
  CurlRequest post_void;
  post_void.method = "POST";
  post_void.url = absl::StrCat(simulator_->transactional_url(), "/1/sales/",
                               seed::kCapturedCredit1, "/void");
  post_void.headers = Auth();
  post_void.body = "";
  EXPECT_EQ(testing::Perform(post_void).status, 405);
  EXPECT_TRUE(simulator_->Executions().empty());
}

TEST_F(SandboxCieloEcommerceTest, TotalVoidOfAnAuthorisedSaleIsStatus10) {
  const CurlResult result = Void(seed::kAuthorizedCredit);
  ASSERT_EQ(result.status, 200);
  const nlohmann::json body = result.Json();
  EXPECT_EQ(body["Status"], 10);
  EXPECT_EQ(body["ReturnCode"], "9");  // a string, not a number
  EXPECT_EQ(body["ReturnMessage"], "Operation Successful");
  ExpectCardIdentifiers(body);
  ASSERT_EQ(body["Links"].size(), 1u);
  EXPECT_EQ(body["Links"][0]["Rel"], "self");
  const nlohmann::json payment = Query(seed::kAuthorizedCredit).Json()["Payment"];
  EXPECT_EQ(payment["Status"], 10);
  EXPECT_EQ(payment["VoidedAmount"], 7500);
  EXPECT_EQ(payment["VoidedDate"], "2026-03-10 15:00:00");
  ASSERT_EQ(simulator_->ExecutionsFor(seed::kAuthorizedCredit).size(), 1u);
  EXPECT_EQ(simulator_->ExecutionsFor(seed::kAuthorizedCredit)[0].amount, 7500);
}

TEST_F(SandboxCieloEcommerceTest, PartialVoidOfAnAuthorisedSaleIs41) {
  const CurlResult result = Void(seed::kAuthorizedCredit, 1000);
  ASSERT_EQ(result.status, 200);
  const nlohmann::json body = result.Json();
  EXPECT_EQ(body["Status"], 1);
  EXPECT_EQ(body["ReturnCode"], "41");
  EXPECT_EQ(body["ReasonCode"], 7);
  EXPECT_TRUE(simulator_->Executions().empty());
  ASSERT_EQ(simulator_->Rejections().size(), 1u);
  EXPECT_EQ(simulator_->Rejections()[0].code, "41");
}

TEST_F(SandboxCieloEcommerceTest, TotalVoidOnTheCaptureDayIsStatus10) {
  const nlohmann::json body = Void(seed::kCapturedCreditToday).Json();
  EXPECT_EQ(body["Status"], 10);
  EXPECT_EQ(body["ReturnCode"], "9");
  EXPECT_EQ(Query(seed::kCapturedCreditToday).Json()["Payment"]["VoidedAmount"], 5000);
}

TEST_F(SandboxCieloEcommerceTest, TotalVoidAfterTheCaptureDayIsARefundStatus11) {
  const nlohmann::json body = Void(seed::kCapturedCredit1).Json();
  EXPECT_EQ(body["Status"], 11);
  EXPECT_EQ(body["ReturnCode"], "9");
  const nlohmann::json payment = Query(seed::kCapturedCredit1).Json()["Payment"];
  EXPECT_EQ(payment["Status"], 11);
  EXPECT_EQ(payment["VoidedAmount"], payment["CapturedAmount"]);
  EXPECT_EQ(payment["Refunds"][0]["Amount"], 10000);
  EXPECT_EQ(payment["Refunds"][0]["Status"], 3);
}

TEST_F(SandboxCieloEcommerceTest, TodaysCaptureBecomesARefundAfterBrasiliaMidnight) {
  clock_.Advance(absl::Hours(9));  // 2026-03-11 00:00 Brasília
  EXPECT_EQ(Void(seed::kCapturedCreditToday).Json()["Status"], 11);
}

TEST_F(SandboxCieloEcommerceTest, PartialVoidsAddUpUntilTheWholeCaptureIsRefunded) {
  const CurlResult first = Void(seed::kCapturedCredit1, 2500);
  ASSERT_EQ(first.status, 200);
  const nlohmann::json body = first.Json();
  EXPECT_EQ(body["Status"], 2);
  EXPECT_EQ(body["ReasonCode"], 0);
  EXPECT_EQ(body["ReasonMessage"], "Successful");
  EXPECT_EQ(body["ProviderReturnCode"], "0");
  EXPECT_EQ(body["ReturnCode"], "0");
  EXPECT_EQ(body["ReturnMessage"], "Operation Successful");
  ASSERT_EQ(body["Links"].size(), 2u);
  EXPECT_EQ(body["Links"][1]["Rel"], "void");
  EXPECT_EQ(Query(seed::kCapturedCredit1).Json()["Payment"]["VoidedAmount"], 2500);

  clock_.Advance(absl::Seconds(5));
  EXPECT_EQ(Void(seed::kCapturedCredit1, 2500).Json()["Status"], 2);
  clock_.Advance(absl::Seconds(5));
  const nlohmann::json last = Void(seed::kCapturedCredit1, 5000).Json();
  EXPECT_EQ(last["Status"], 11);
  EXPECT_EQ(last["ReturnCode"], "0");
  const nlohmann::json payment = Query(seed::kCapturedCredit1).Json()["Payment"];
  EXPECT_EQ(payment["VoidedAmount"], 10000);
  EXPECT_EQ(payment["Status"], 11);
  EXPECT_EQ(payment["Refunds"].size(), 3u);

  const auto executions = simulator_->ExecutionsFor(seed::kCapturedCredit1);
  ASSERT_EQ(executions.size(), 3u);
  EXPECT_EQ(executions[0].amount, 2500);
  EXPECT_FALSE(executions[0].total);
  EXPECT_EQ(executions[0].status_after, "2");
  EXPECT_EQ(executions[2].status_after, "11");
}

TEST_F(SandboxCieloEcommerceTest, TotalAfterAPartialCancelsTheRest) {
  ASSERT_EQ(Void(seed::kCapturedCredit2, 3000).status, 200);
  clock_.Advance(absl::Seconds(5));
  EXPECT_EQ(Void(seed::kCapturedCredit2).Json()["Status"], 11);
  const auto executions = simulator_->ExecutionsFor(seed::kCapturedCredit2);
  ASSERT_EQ(executions.size(), 2u);
  EXPECT_EQ(executions[1].amount, 7000);
  EXPECT_TRUE(executions[1].total);
}

TEST_F(SandboxCieloEcommerceTest, AmountAboveWhatRemainsIs51AndRecordedAsARejection) {
  const CurlResult result = Void(seed::kCapturedCredit1, 10001);
  ASSERT_EQ(result.status, 200);
  const nlohmann::json body = result.Json();
  EXPECT_EQ(body["Status"], 2);
  EXPECT_EQ(body["ReturnCode"], "51");
  EXPECT_FALSE(body["ReturnMessage"].get<std::string>().empty());
  EXPECT_TRUE(simulator_->Executions().empty());
  const auto rejections = simulator_->RejectionsFor(seed::kCapturedCredit1);
  ASSERT_EQ(rejections.size(), 1u);
  EXPECT_EQ(rejections[0].code, "51");
  EXPECT_EQ(rejections[0].http_status, 200);
  EXPECT_EQ(rejections[0].amount, 10001);
  EXPECT_FALSE(Query(seed::kCapturedCredit1).Json()["Payment"].contains("VoidedAmount"));
}

TEST_F(SandboxCieloEcommerceTest, DebitAllowsOnlyOnePartialVoid) {
  ASSERT_EQ(Void(seed::kCapturedDebit, 1000).Json()["ReturnCode"], "0");
  clock_.Advance(absl::Seconds(10));
  const nlohmann::json second = Void(seed::kCapturedDebit, 1000).Json();
  EXPECT_EQ(second["ReturnCode"], "53");
  EXPECT_EQ(second["Status"], 2);
  // The rest can still be cancelled in full.
  const nlohmann::json total = Void(seed::kCapturedDebit).Json();
  EXPECT_EQ(total["ReturnCode"], "9");
  EXPECT_EQ(Query(seed::kCapturedDebit).Json()["Payment"]["VoidedAmount"], 8000);
}

TEST_F(SandboxCieloEcommerceTest, CancellationsOfOneSaleMustBeFiveSecondsApart) {
  ASSERT_EQ(Void(seed::kCapturedCredit1, 1000).Json()["ReturnCode"], "0");
  clock_.Advance(absl::Milliseconds(4999));
  const nlohmann::json early = Void(seed::kCapturedCredit1, 1000).Json();
  EXPECT_EQ(early["ReturnCode"], "476");
  EXPECT_EQ(early["Status"], 2);
  // Another sale is not affected.
  EXPECT_EQ(Void(seed::kCapturedCredit2, 1000).Json()["ReturnCode"], "0");
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_EQ(Void(seed::kCapturedCredit1, 1000).Json()["ReturnCode"], "0");
  EXPECT_EQ(simulator_->ExecutionsFor(seed::kCapturedCredit1).size(), 2u);
  ASSERT_EQ(simulator_->RejectionsFor(seed::kCapturedCredit1).size(), 1u);
  EXPECT_EQ(simulator_->RejectionsFor(seed::kCapturedCredit1)[0].code, "476");
}

TEST_F(SandboxCieloEcommerceTest, CardBeyond360DaysIs40) {
  const nlohmann::json body = Void(seed::kCapturedCreditOld).Json();
  EXPECT_EQ(body["ReturnCode"], "40");
  EXPECT_EQ(body["Status"], 2);
  EXPECT_TRUE(simulator_->Executions().empty());
}

TEST_F(SandboxCieloEcommerceTest, CancelledOrDeniedSaleIs400Code309) {
  ASSERT_EQ(Void(seed::kCapturedCreditToday).status, 200);
  clock_.Advance(absl::Seconds(10));
  for (const char* id : {seed::kCapturedCreditToday, seed::kDeniedCredit}) {
    const CurlResult result = Void(id);
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(result.Json(), nlohmann::json::parse(R"([{"Code": 309,
        "Message": "Transaction not available to void"}])"));
  }
  EXPECT_EQ(simulator_->Rejections().size(), 2u);
}

TEST_F(SandboxCieloEcommerceTest, UnknownSaleIs400Code307) {
  const CurlResult result = Void("00000000-0000-4000-8000-00000000dead");
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(result.Json(),
            nlohmann::json::parse(R"([{"Code": 307, "Message": "Transaction not found"}])"));
  // Another merchant's sale is just as unknown.
  EXPECT_EQ(Void(seed::kGlobexCapturedCredit).Json()[0]["Code"], 307);
}

TEST_F(SandboxCieloEcommerceTest, AmountNotAPositiveIntegerIs400Code108) {
  const std::string base =
      absl::StrCat(simulator_->transactional_url(), "/1/sales/", seed::kCapturedCredit1, "/void");
  for (const char* amount : {"0", "-5", "abc", "1.5", "", "99999999999999999999"}) {
    const CurlResult result = VoidUrl(absl::StrCat(base, "?amount=", amount));
    EXPECT_EQ(result.status, 400) << amount;
    EXPECT_EQ(result.Json(), nlohmann::json::parse(R"([{"Code": 108,
        "Message": "Amount must be greater or equal to zero"}])"))
        << amount;
  }
  EXPECT_TRUE(simulator_->Executions().empty());
  EXPECT_EQ(simulator_->Rejections().size(), 6u);
}

TEST_F(SandboxCieloEcommerceTest, RecordsTheRequestIdAndTheClock) {
  std::vector<std::string> headers = Auth();
  headers.push_back("RequestId: 8f6b1c1e-1111-4222-8333-444455556666");
  ASSERT_EQ(Void(seed::kCapturedCredit3, 100, headers).status, 200);
  const auto executions = simulator_->ExecutionsFor(seed::kCapturedCredit3);
  ASSERT_EQ(executions.size(), 1u);
  EXPECT_EQ(executions[0].request_id, "8f6b1c1e-1111-4222-8333-444455556666");
  EXPECT_EQ(executions[0].at, testing::FixtureStart());
  EXPECT_EQ(executions[0].provider, "cielo_ecommerce");
}

TEST_F(SandboxCieloEcommerceTest, PutWithoutAnyBodyWorksToo) {
  CurlRequest request;
  request.method = "PUT";
  request.url = absl::StrCat(simulator_->transactional_url(), "/1/sales/",
                             seed::kCapturedCredit1, "/void?amount=100");
  request.headers = Auth();
  EXPECT_EQ(testing::Perform(request).Json()["ReturnCode"], "0");
}

TEST_F(SandboxCieloEcommerceTest, PixRefundIsScheduledThenSettles) {
  const CurlResult result = Void(seed::kPixPaid);
  ASSERT_EQ(result.status, 200);
  const nlohmann::json body = result.Json();
  const std::string end_to_end =
      simulator_->GetSale(seed::kPixPaid)->end_to_end_id;
  EXPECT_EQ(body, nlohmann::json::parse(absl::StrCat(
                      R"({"Status": 2, "ReasonCode": 8, "ReasonMessage": "Scheduled",
                          "ProviderReturnCode": "0",
                          "ProviderReturnMessage": "Devolução solicitada com sucesso",
                          "ReturnCode": "0", "ReturnMessage": "Devolução solicitada com sucesso",
                          "AuthorizationCode": ")", end_to_end, R"(",
                          "Links": [{"Method": "GET", "Rel": "self", "Href": ")",
                      simulator_->query_url(), "/1/sales/", seed::kPixPaid, R"("},
                                    {"Method": "PUT", "Rel": "void", "Href": ")",
                      simulator_->transactional_url(), "/1/sales/", seed::kPixPaid,
                      R"(/void"}]})")));
  ASSERT_EQ(simulator_->ExecutionsFor(seed::kPixPaid).size(), 1u);

  nlohmann::json payment = Query(seed::kPixPaid).Json()["Payment"];
  EXPECT_EQ(payment["Status"], 2);
  EXPECT_FALSE(payment.contains("VoidedAmount"));
  ASSERT_EQ(payment["Refunds"].size(), 1u);
  EXPECT_EQ(payment["Refunds"][0]["Amount"], 12000);
  EXPECT_EQ(payment["Refunds"][0]["Status"], 1);
  EXPECT_EQ(payment["Refunds"][0]["ReceivedDate"], "2026-03-10 15:00:00");

  clock_.Advance(absl::Seconds(59));
  EXPECT_EQ(Query(seed::kPixPaid).Json()["Payment"]["Refunds"][0]["Status"], 1);
  clock_.Advance(absl::Seconds(1));
  payment = Query(seed::kPixPaid).Json()["Payment"];
  EXPECT_EQ(payment["Status"], 11);
  EXPECT_EQ(payment["VoidedAmount"], 12000);
  EXPECT_EQ(payment["VoidedDate"], "2026-03-10 15:01:00");
  EXPECT_EQ(payment["Refunds"][0]["Status"], 3);
  // Settling is not a second execution.
  EXPECT_EQ(simulator_->ExecutionsFor(seed::kPixPaid).size(), 1u);
}

TEST_F(SandboxCieloEcommerceTest, PixPartialRefundsCountScheduledOnesAgainstTheBalance) {
  ASSERT_EQ(Void(seed::kPixPaid, 2000).Json()["ReasonCode"], 8);
  clock_.Advance(absl::Seconds(5));
  // 12000 - 2000 scheduled = 10000 left.
  EXPECT_EQ(Void(seed::kPixPaid, 10001).Json()["ReturnCode"], "51");
  clock_.Advance(absl::Seconds(5));
  ASSERT_EQ(Void(seed::kPixPaid).Json()["ReasonCode"], 8);
  EXPECT_EQ(simulator_->ExecutionsFor(seed::kPixPaid)[1].amount, 10000);
  clock_.Advance(absl::Seconds(2));
  nlohmann::json payment = Query(seed::kPixPaid).Json()["Payment"];
  EXPECT_EQ(payment["Status"], 2);
  clock_.Advance(absl::Minutes(1));
  payment = Query(seed::kPixPaid).Json()["Payment"];
  EXPECT_EQ(payment["Status"], 11);
  EXPECT_EQ(payment["VoidedAmount"], 12000);
}

TEST_F(SandboxCieloEcommerceTest, PixBeyond90DaysIs40) {
  const CurlResult result = Void(seed::kPixPaidOld);
  ASSERT_EQ(result.status, 200);
  const nlohmann::json body = result.Json();
  EXPECT_EQ(body["ReturnCode"], "40");
  EXPECT_EQ(body["Status"], 2);
  EXPECT_EQ(body["ReasonCode"], 7);
  EXPECT_TRUE(simulator_->Executions().empty());
  EXPECT_EQ(simulator_->Rejections()[0].code, "40");
}

TEST_F(SandboxCieloEcommerceTest, PixOfAMerchantWithoutBalanceIs422) {
  const CurlResult result =
      Void(seed::kPixNoBalance, std::nullopt,
           Auth(seed::kLojaSemSaldoMerchantId, seed::kLojaSemSaldoMerchantKey));
  EXPECT_EQ(result.status, 422);
  EXPECT_EQ(result.Json(), nlohmann::json::parse(R"([{"Code": 422,
      "Message": "Merchant with insufficient balance for refund"}])"));
  ASSERT_EQ(simulator_->Rejections().size(), 1u);
  EXPECT_EQ(simulator_->Rejections()[0].http_status, 422);
  EXPECT_TRUE(simulator_->Executions().empty());
}

TEST_F(SandboxCieloEcommerceTest, CountsRequestsPerMethod) {
  Query(seed::kCapturedCredit1);
  Query(seed::kCapturedCredit1);
  Void(seed::kCapturedCredit1, 100);
  Query(seed::kPixPaid);
  EXPECT_EQ(simulator_->ledger().RequestCount("GET"), 3);
  EXPECT_EQ(simulator_->ledger().RequestCount("GET", seed::kCapturedCredit1), 2);
  EXPECT_EQ(simulator_->ledger().RequestCount("PUT", seed::kCapturedCredit1), 1);
}

class SandboxCieloEcommerceOptionsTest : public CieloSimulatorTest {
 protected:
  void Customize(CieloEcommerceSimulator::Options& options) override {
    options.rules.pix_settle_delay = absl::ZeroDuration();
    options.rules.query_window_days = 90;
  }
};

TEST_F(SandboxCieloEcommerceOptionsTest, ZeroSettleDelayAndQueryWindow) {
  EXPECT_EQ(Void(seed::kPixPaid).Json()["ReasonCode"], 8);  // still answered as scheduled
  EXPECT_EQ(Query(seed::kPixPaid).Json()["Payment"]["Status"], 11);
  EXPECT_EQ(Query(seed::kCapturedCreditOld).status, 404);  // older than the query window
}

}  // namespace
}  // namespace cancela::sandbox
