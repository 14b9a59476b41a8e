// The /__sandbox/ admin API on the transactional listener.

#include <string>

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

using SandboxCieloAdminTest = CieloSimulatorTest;

TEST_F(SandboxCieloAdminTest, CreatesASaleTheProtocolThenServes) {
  const CurlResult created = Admin("POST", "/__sandbox/sales", R"({
      "type": "CreditCard", "status": "captured", "amount": 4200, "brand": "Master",
      "merchant": "loja-centro", "received_days_ago": 3, "captured_days_ago": 2})");
  ASSERT_EQ(created.status, 201) << created.body;
  const nlohmann::json sale = created.Json();
  const std::string id = sale["payment_id"];
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(sale["status"], 2);
  EXPECT_EQ(sale["amount"], 4200);
  EXPECT_EQ(sale["captured_amount"], 4200);
  EXPECT_EQ(sale["remaining_amount"], 4200);
  EXPECT_EQ(sale["card_number"], "544828******0007");
  EXPECT_EQ(sale["received_date"], "2026-03-07 15:00:00");
  EXPECT_EQ(sale["captured_date"], "2026-03-08 15:00:00");

  const nlohmann::json payment = Query(id).Json()["Payment"];
  EXPECT_EQ(payment["Amount"], 4200);
  EXPECT_EQ(payment["CreditCard"]["Brand"], "Master");
  EXPECT_EQ(Void(id, 200).Json()["ReturnCode"], "0");
  EXPECT_EQ(Admin("GET", absl::StrCat("/__sandbox/sales/", id)).Json()["voided_amount"], 200);
}

TEST_F(SandboxCieloAdminTest, CreatesPixAndAuthorisedSalesWithFixedIds) {
  const CurlResult pix = Admin("POST", "/__sandbox/sales", R"({
      "type": "Pix", "status": "paid", "amount": 999, "captured_days_ago": 0,
      "payment_id": "abcdef00-0000-4000-8000-000000000001"})");
  ASSERT_EQ(pix.status, 201) << pix.body;
  EXPECT_EQ(pix.Json()["end_to_end_id"].get<std::string>().size(), 32u);
  const CurlResult authorised =
      Admin("POST", "/__sandbox/sales", R"({"type": "DebitCard", "status": "authorized",
                                            "amount": 5})");
  ASSERT_EQ(authorised.status, 201);
  EXPECT_EQ(authorised.Json()["status"], 1);
  EXPECT_FALSE(authorised.Json().contains("captured_date"));
}

TEST_F(SandboxCieloAdminTest, PixRefundsTheNetworkDenies) {
  const CurlResult created = Admin("POST", "/__sandbox/sales", R"({
      "type": "Pix", "amount": 5000, "received_days_ago": 1, "deny_pix_refunds": true})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.Json()["payment_id"];
  EXPECT_EQ(Void(id, 1000).Json()["ReasonCode"], 8);
  clock_.Advance(absl::Minutes(1));
  const nlohmann::json payment = Query(id).Json()["Payment"];
  EXPECT_EQ(payment["Status"], 2);
  EXPECT_FALSE(payment.contains("VoidedAmount"));
  EXPECT_EQ(payment["Refunds"][0]["Status"], 4);
  // Nothing was refunded, so the whole amount may be asked for again.
  EXPECT_EQ(Void(id).Json()["ReasonCode"], 8);
  EXPECT_EQ(simulator_->ExecutionsFor(id).back().amount, 5000);
  EXPECT_EQ(Admin("POST", "/__sandbox/sales",
                  R"({"type": "CreditCard", "amount": 1, "deny_pix_refunds": true})").status,
            400);
}

TEST_F(SandboxCieloAdminTest, RefusesImpossibleSales) {
  EXPECT_EQ(Admin("POST", "/__sandbox/sales", R"({"amount": 0})").status, 400);
  EXPECT_EQ(Admin("POST", "/__sandbox/sales", "not json").status, 400);
  EXPECT_EQ(Admin("POST", "/__sandbox/sales", R"({"type": "Boleto", "amount": 1})").status, 400);
  EXPECT_EQ(Admin("POST", "/__sandbox/sales",
                  R"({"type": "Pix", "status": "authorized", "amount": 1})").status,
            400);
  EXPECT_EQ(Admin("POST", "/__sandbox/sales",
                  R"({"amount": 1, "received_days_ago": 1, "captured_days_ago": 2})").status,
            400);
  EXPECT_EQ(Admin("POST", "/__sandbox/sales", R"({"amount": 1, "merchant": "nobody"})").status,
            404);
  EXPECT_EQ(Admin("POST", "/__sandbox/sales",
                  absl::StrCat(R"({"amount": 1, "payment_id": ")", seed::kPixPaid, R"("})"))
                .status,
            409);
}

TEST_F(SandboxCieloAdminTest, ListsAndGetsSales) {
  const nlohmann::json list = Admin("GET", "/__sandbox/sales").Json();
  EXPECT_EQ(list["sales"].size(), 12u);
  const CurlResult one = Admin("GET", absl::StrCat("/__sandbox/sales/", seed::kPixNoBalance));
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.Json()["merchant"], "loja-sem-saldo");
  EXPECT_EQ(Admin("GET", "/__sandbox/sales/00000000-0000-4000-8000-00000000dead").status, 404);
}

TEST_F(SandboxCieloAdminTest, LedgerShowsExecutionsRejectionsAndRequestCounts) {
  std::vector<std::string> headers = Auth();
  headers.push_back("RequestId: req-1");
  Void(seed::kCapturedCredit1, 2500, headers);
  Void(seed::kCapturedCredit2, 20000);
  Query(seed::kCapturedCredit1);

  const nlohmann::json all = Admin("GET", "/__sandbox/ledger").Json();
  ASSERT_EQ(all["executions"].size(), 1u);
  const nlohmann::json& execution = all["executions"][0];
  EXPECT_EQ(execution["payment_id"], seed::kCapturedCredit1);
  EXPECT_EQ(execution["amount"], 2500);
  EXPECT_EQ(execution["total"], false);
  EXPECT_EQ(execution["request_id"], "req-1");
  EXPECT_EQ(execution["status_after"], "2");
  EXPECT_EQ(execution["at"], "2026-03-10T18:00:00.000Z");
  ASSERT_EQ(all["rejections"].size(), 1u);
  EXPECT_EQ(all["rejections"][0]["code"], "51");
  EXPECT_EQ(all["rejections"][0]["http_status"], 200);
  EXPECT_EQ(all["requests"]["PUT"], 2);
  EXPECT_EQ(all["requests"]["GET"], 1);

  const nlohmann::json one =
      Admin("GET", absl::StrCat("/__sandbox/ledger?payment_id=", seed::kCapturedCredit2)).Json();
  EXPECT_TRUE(one["executions"].empty());
  EXPECT_EQ(one["rejections"].size(), 1u);
  EXPECT_EQ(one["requests"]["PUT"], 1);
  EXPECT_EQ(one["requests"]["GET"], 0);
}

TEST_F(SandboxCieloAdminTest, ArmsListsAndClearsFaults) {
  const CurlResult armed =
      Admin("POST", "/__sandbox/faults",
            absl::StrCat(R"({"kind": "http_500", "method": "put", "payment_id": ")",
                         seed::kCapturedCredit1, R"(", "count": 2})"));
  ASSERT_EQ(armed.status, 201) << armed.body;
  EXPECT_EQ(armed.Json()["kind"], "http_500");
  EXPECT_EQ(armed.Json()["method"], "PUT");
  EXPECT_EQ(armed.Json()["count"], 2);
  EXPECT_EQ(Admin("GET", "/__sandbox/faults").Json()["faults"].size(), 1u);
  EXPECT_EQ(Void(seed::kCapturedCredit1, 100).status, 500);
  EXPECT_EQ(Admin("GET", "/__sandbox/faults").Json()["faults"][0]["count"], 1);
  EXPECT_TRUE(Admin("DELETE", "/__sandbox/faults").Json()["faults"].empty());
  EXPECT_EQ(Void(seed::kCapturedCredit1, 100).status, 200);

  EXPECT_EQ(Admin("POST", "/__sandbox/faults", R"({"kind": "meteor"})").status, 400);
  EXPECT_EQ(Admin("POST", "/__sandbox/faults", R"({"kind": "reset", "count": 0})").status, 400);
}

TEST_F(SandboxCieloAdminTest, ExecuteThenDropThroughTheAdminApi) {
  ASSERT_EQ(Admin("POST", "/__sandbox/faults", R"({"kind": "execute_then_drop", "method": "PUT"})")
                .status,
            201);
  EXPECT_FALSE(Void(seed::kCapturedCredit3).ok());
  EXPECT_EQ(Admin("GET", "/__sandbox/ledger").Json()["executions"].size(), 1u);
}

TEST_F(SandboxCieloAdminTest, AdvancesTheClock) {
  const nlohmann::json before = Admin("GET", "/__sandbox/clock").Json();
  EXPECT_EQ(before["now_brasilia"], "2026-03-10 15:00:00");
  const CurlResult advanced = Admin("POST", "/__sandbox/clock", R"({"advance_seconds": 90})");
  ASSERT_EQ(advanced.status, 200);
  EXPECT_EQ(advanced.Json()["now_brasilia"], "2026-03-10 15:01:30");
  EXPECT_EQ(advanced.Json()["offset_seconds"], 90.0);
  EXPECT_EQ(simulator_->Now(), testing::FixtureStart() + absl::Seconds(90));
  EXPECT_EQ(Admin("POST", "/__sandbox/clock", R"({"advance_seconds": -1})").status, 400);
  EXPECT_EQ(Admin("POST", "/__sandbox/clock", R"({})").status, 400);
}

TEST_F(SandboxCieloAdminTest, ResetRestoresTheSeed) {
  ASSERT_EQ(Void(seed::kCapturedCredit1).status, 200);
  Admin("POST", "/__sandbox/sales", R"({"amount": 100})");
  Admin("POST", "/__sandbox/faults", R"({"kind": "reset", "count": 10})");
  Admin("POST", "/__sandbox/clock", R"({"advance_seconds": 1000})");

  const CurlResult reset = Admin("POST", "/__sandbox/reset");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.Json()["offset_seconds"], 0.0);
  const nlohmann::json ledger = Admin("GET", "/__sandbox/ledger").Json();
  EXPECT_TRUE(ledger["executions"].empty());
  EXPECT_TRUE(ledger["requests"].empty());
  EXPECT_EQ(Admin("GET", "/__sandbox/sales").Json()["sales"].size(), 12u);
  EXPECT_EQ(Query(seed::kCapturedCredit1).Json()["Payment"]["Status"], 2);  // no fault either
}

TEST_F(SandboxCieloAdminTest, AdminIsOnlyOnTheTransactionalListener) {
  CurlRequest request;
  request.url = absl::StrCat(simulator_->query_url(), "/__sandbox/ledger");
  EXPECT_EQ(testing::Perform(request).status, 404);
  EXPECT_EQ(Admin("GET", "/__sandbox/nothing").status, 404);
  EXPECT_EQ(Admin("PUT", "/__sandbox/ledger").status, 405);
}

}  // namespace
}  // namespace cancela::sandbox
