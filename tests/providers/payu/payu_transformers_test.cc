// PayU's JSON in and out, from the documents' own examples: requests, states, codes, orders.

#include "providers/payu/payu_transformers.h"

#include "common/errors.h"
#include "gtest/gtest.h"
#include "providers/payu/payu_codes.h"
#include "tests/providers/payu/payu_test_support.h"

namespace cancela::providers::payu {
namespace {

using testing::Approval;
using testing::CapturedSale;
using testing::Command;
using testing::DefaultSettings;

http::Response Ok(std::string body, int status = 200) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(PayuTransformersTest, BuildsAVoidLikeTheDocumentsExample) {
  SaleSnapshot sale = testing::AuthorizedSale("AR");
  CancelCommand c = Command(OperationKind::kVoid, sale);
  c.reason = "customer asked";
  auto body = ToSubmitRequest(DefaultSettings(), c);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["command"], "SUBMIT_TRANSACTION");
  EXPECT_EQ((*body)["language"], "es");
  EXPECT_EQ((*body)["test"], false);
  EXPECT_EQ((*body)["merchant"]["apiLogin"], testing::kApiLogin);
  EXPECT_EQ((*body)["merchant"]["apiKey"], testing::kApiKey);
  EXPECT_EQ((*body)["transaction"]["type"], "VOID");
  EXPECT_EQ((*body)["transaction"]["order"]["id"], "1400462414");
  EXPECT_EQ((*body)["transaction"]["parentTransactionId"], sale.reference);
  EXPECT_EQ((*body)["transaction"]["reason"], "customer asked");
  EXPECT_FALSE((*body)["transaction"].contains("additionalValues"));
}

TEST(PayuTransformersTest, ATotalRefundIsARefundAndAPartialCarriesTxValueInMajorUnits) {
  SaleSnapshot sale = CapturedSale("AR");
  auto total = ToSubmitRequest(DefaultSettings(), Command(OperationKind::kRefund, sale));
  ASSERT_TRUE(total.ok());
  EXPECT_EQ((*total)["transaction"]["type"], "REFUND");
  EXPECT_EQ((*total)["transaction"]["reason"], "n/a");  // always sent
  EXPECT_FALSE((*total)["transaction"].contains("additionalValues"));

  auto partial = ToSubmitRequest(DefaultSettings(), Command(OperationKind::kRefund, sale, 95000));
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ((*partial)["transaction"]["type"], "PARTIAL_REFUND");
  EXPECT_EQ((*partial)["transaction"]["additionalValues"]["TX_VALUE"]["value"], "950");
  EXPECT_EQ((*partial)["transaction"]["additionalValues"]["TX_VALUE"]["currency"], "ARS");

  SaleSnapshot br = CapturedSale("BR");
  auto cents = ToSubmitRequest(DefaultSettings(), Command(OperationKind::kRefund, br, 3999));
  EXPECT_EQ((*cents)["transaction"]["additionalValues"]["TX_VALUE"]["value"], "39.99");
}

TEST(PayuTransformersTest, CardNumbersInTheCallersReasonNeverReachPayu) {
  EXPECT_EQ(ScrubReason("card 4111 1111-1111 1111 was charged twice"),
            "card **** ****-**** **** was charged twice");
  EXPECT_EQ(ScrubReason("order 12345678901, item 7"), "order 12345678901, item 7");  // 11 digits
  EXPECT_EQ(ScrubReason("line\nbreak\t"), "line break ");
  EXPECT_EQ(ScrubReason(std::string(300, 'x')).size(), 255u);
  EXPECT_EQ(ScrubReason(std::string(254, 'x') + "\xc3\xa9").size(), 254u);  // é not split
  SaleSnapshot sale = CapturedSale("AR");
  CancelCommand c = Command(OperationKind::kRefund, sale);
  c.reason = "refund to 5471 3000 0000 0003";
  auto body = ToSubmitRequest(DefaultSettings(), c);
  EXPECT_EQ((*body)["transaction"]["reason"], "refund to **** **** **** ****");
}

TEST(PayuTransformersTest, BuildsOrderDetailWithANumericOrderId) {
  const nlohmann::json q = ToOrderDetailRequest(DefaultSettings(), "857695047");
  EXPECT_EQ(q["command"], "ORDER_DETAIL");
  EXPECT_EQ(q["details"]["orderId"], 857695047);
  EXPECT_EQ(q["merchant"]["apiKey"], testing::kApiKey);
}

TEST(PayuTransformersTest, AnApprovedVoidSucceedsWithPayusCodesKept) {
  const ProviderResult r = ParseSubmitResponse(Ok(R"({"code":"SUCCESS","error":null,"transactionResponse":{"orderId":1400462414,
 "transactionId":"57546e0a-8275-48e3-af11-7d3dc7420bfe","state":"APPROVED","paymentNetworkResponseCode":"0",
 "paymentNetworkResponseErrorMessage":null,"trazabilityCode":"49263990","authorizationCode":"NPS-011111",
 "pendingReason":null,"responseCode":"APPROVED","errorCode":null,"responseMessage":"APROBADA - Autorizada",
 "transactionDate":null,"transactionTime":null,"operationDate":1624880273010,
 "referenceQuestionnaire":null,"extraParameters":null,"additionalInfo":null}})"), OperationKind::kVoid, DefaultSettings());
  EXPECT_EQ(r.outcome, Outcome::kSucceeded);
  EXPECT_EQ(r.echo.status, "APPROVED");
  EXPECT_EQ(r.echo.code, "APPROVED");
  EXPECT_EQ(r.echo.message, "APROBADA - Autorizada");
  EXPECT_EQ(r.echo.reference, "57546e0a-8275-48e3-af11-7d3dc7420bfe");
}

TEST(PayuTransformersTest, APendingReviewRefundIsUnderReview) {
  const ProviderResult r = ParseSubmitResponse(Ok(R"({"code":"SUCCESS","error":null,"transactionResponse":{"orderId":1400462690,"transactionId":null,"state":"PENDING",
 "paymentNetworkResponseCode":null,"paymentNetworkResponseErrorMessage":null,"trazabilityCode":null,"authorizationCode":null,
 "pendingReason":"PENDING_REVIEW","responseCode":null,"errorCode":null,"responseMessage":"1400462690",
 "transactionDate":null,"transactionTime":null,"operationDate":null,"referenceQuestionnaire":null,"extraParameters":null,"additionalInfo":null}})"),
                                               OperationKind::kRefund, DefaultSettings());
  EXPECT_EQ(r.outcome, Outcome::kReview);
  EXPECT_EQ(r.echo.status, "PENDING");
  EXPECT_EQ(r.echo.reason_code, "PENDING_REVIEW");
  EXPECT_EQ(r.echo.reference, "");
}

TEST(PayuTransformersTest, APendingVoidIsUnderReviewToo) {
  const ProviderResult r = ParseSubmitResponse(Ok(R"({"code":"SUCCESS","error":null,"transactionResponse":{"orderId":840434914,
 "transactionId":"e66fd9aa-f485-4f10-b1d6-be8e9e354b63","state":"PENDING","paymentNetworkResponseCode":"0",
 "trazabilityCode":"49263990","authorizationCode":"NPS-011111","pendingReason":"PENDING_REVIEW",
 "responseCode":null,"operationDate":1486655230074}})"), OperationKind::kVoid, DefaultSettings());
  EXPECT_EQ(r.outcome, Outcome::kReview);
  EXPECT_EQ(r.echo.reference, "e66fd9aa-f485-4f10-b1d6-be8e9e354b63");
}

struct StateRow {
  std::string state;
  std::string response_code;
  Outcome outcome;
  v1::FailureReason reason;
};

class PayuStateTest : public ::testing::TestWithParam<StateRow> {};

TEST_P(PayuStateTest, MapsEveryState) {
  const StateRow& row = GetParam();
  const nlohmann::json body = {
      {"code", "SUCCESS"},
      {"transactionResponse",
       {{"transactionId", "t-1"}, {"state", row.state}, {"responseCode", row.response_code}}}};
  const ProviderResult r = ParseSubmitResponse(Ok(body.dump()), OperationKind::kRefund, DefaultSettings());
  EXPECT_EQ(r.outcome, row.outcome);
  EXPECT_EQ(r.failure_reason, row.reason);
  EXPECT_EQ(r.echo.code, row.response_code);
  if (row.outcome == Outcome::kFailed) {
    EXPECT_FALSE(r.failure_message.empty());
    EXPECT_NE(r.failure_message.find(row.response_code), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryState, PayuStateTest,
    ::testing::Values(
        StateRow{"APPROVED", "APPROVED", Outcome::kSucceeded, v1::FAILURE_REASON_UNSPECIFIED},
        StateRow{"approved", "APPROVED", Outcome::kSucceeded, v1::FAILURE_REASON_UNSPECIFIED},
        StateRow{"PENDING", "PENDING_TRANSACTION_REVIEW", Outcome::kReview, v1::FAILURE_REASON_UNSPECIFIED},
        StateRow{"SUBMITTED", "", Outcome::kScheduled, v1::FAILURE_REASON_UNSPECIFIED},
        StateRow{"DECLINED", "ENTITY_DECLINED", Outcome::kFailed, v1::FAILURE_REASON_PROVIDER_DECLINED},
        StateRow{"DECLINED", "EXCEEDED_AMOUNT", Outcome::kFailed,
                 v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING},
        StateRow{"DECLINED", "INVALID_TRANSACTION", Outcome::kFailed, v1::FAILURE_REASON_NOT_ELIGIBLE},
        StateRow{"DECLINED", "INACTIVE_PAYMENT_PROVIDER", Outcome::kFailed, v1::FAILURE_REASON_PERMISSION},
        StateRow{"DECLINED", "REPEAT_TRANSACTION", Outcome::kFailed,
                 v1::FAILURE_REASON_DUPLICATE_IN_PROGRESS},
        StateRow{"DECLINED", "SOMETHING_NEW", Outcome::kFailed, v1::FAILURE_REASON_PROVIDER_DECLINED},
        StateRow{"ERROR", "PAYMENT_NETWORK_NO_RESPONSE", Outcome::kFailed,
                 v1::FAILURE_REASON_PROVIDER_UNAVAILABLE},
        StateRow{"ERROR", "", Outcome::kFailed, v1::FAILURE_REASON_PROVIDER_UNAVAILABLE},
        StateRow{"EXPIRED", "EXPIRED_TRANSACTION", Outcome::kFailed, v1::FAILURE_REASON_WINDOW_EXPIRED},
        StateRow{"EXPIRED", "", Outcome::kFailed, v1::FAILURE_REASON_WINDOW_EXPIRED},
        StateRow{"WHATEVER", "", Outcome::kUnknown, v1::FAILURE_REASON_UNSPECIFIED}));

TEST(PayuTransformersTest, ErrorTextsAreMappedWhereKnownAndKeptVerbatimOtherwise) {
  struct Row {
    std::string text;
    v1::FailureReason reason;
  };
  for (const Row& row : std::vector<Row>{
           {"Invalid credentials", v1::FAILURE_REASON_PROVIDER_AUTHENTICATION},
           {"property: order.id, message: must not be null property: parentTransactionId, message: must not be null",
            v1::FAILURE_REASON_INVALID_REQUEST},
           {"The refund request was already registered", v1::FAILURE_REASON_DUPLICATE_IN_PROGRESS},
           {"La orden no puede ser reembolsada", v1::FAILURE_REASON_PROVIDER_DECLINED}}) {
    const nlohmann::json body = {{"code", "ERROR"}, {"error", row.text}, {"transactionResponse", nullptr}};
    const ProviderResult r = ParseSubmitResponse(Ok(body.dump()), OperationKind::kRefund, DefaultSettings());
    EXPECT_EQ(r.outcome, Outcome::kFailed) << row.text;
    EXPECT_EQ(r.failure_reason, row.reason) << row.text;
    EXPECT_EQ(r.echo.message, row.text);
    EXPECT_EQ(r.failure_message, "PayU: " + row.text);
  }
  // An account can teach cancela a text PayU's documents never showed.
  auto json = testing::SettingsJson();
  json["error_texts"] = {{"no puede ser reembolsada", "NOT_ELIGIBLE"}};
  const ProviderResult taught = ParseSubmitResponse(
      Ok(R"({"code":"ERROR","error":"La orden no puede ser reembolsada"})"), OperationKind::kRefund,
      *ParseSettings(json));
  EXPECT_EQ(taught.failure_reason, v1::FAILURE_REASON_NOT_ELIGIBLE);
}

TEST(PayuTransformersTest, NothingUnreadableIsEverSuccess) {
  for (const http::Response& response :
       {Ok(""), Ok("{"), Ok("[]"), Ok(R"({"code":"SUCCESS"})"), Ok(R"({"code":"SUCCESS","transactionResponse":{}})"),
        Ok(R"({"code":"SUCCESS","transactionResponse":{"state":"APPROVED"}})", 502), Ok("<html>", 503),
        Ok(R"({"code":"MAYBE","transactionResponse":{"state":"APPROVED"}})")}) {
    const ProviderResult r = ParseSubmitResponse(response, OperationKind::kRefund, DefaultSettings());
    EXPECT_EQ(r.outcome, Outcome::kUnknown) << response.status << " " << response.body;
  }
  EXPECT_EQ(ParseSubmitResponse(Ok("", 401), OperationKind::kRefund, DefaultSettings()).failure_reason,
            v1::FAILURE_REASON_PROVIDER_AUTHENTICATION);
  EXPECT_EQ(ParseSubmitResponse(Ok("", 400), OperationKind::kRefund, DefaultSettings()).outcome, Outcome::kFailed);
}

// ORDER_DETAIL of a Colombian sale, in the shape of the Queries API example, with the fields
// cancela reads for the rules.
std::string Order(const std::string& status, const std::string& extra_transactions = "") {
  return R"({"code":"SUCCESS","error":null,"result":{"payload":{"id":857695047,"accountId":512321,"status":")" +
         status + R"(","referenceCode":"PRODUCT_TEST","additionalValues":{"TX_VALUE":{"value":65000.5,"currency":"COP"}},
 "transactions":[)" + extra_transactions + R"({"id":"5fde3c2c-540d-4579-96f7-2a4b8c65a951","type":"AUTHORIZATION_AND_CAPTURE",
 "parentTransactionId":null,"paymentMethod":"VISA","paymentCountry":"CO",
 "creditCard":{"maskedNumber":"411111******1111","issuerCountry":"US"},
 "extraParameters":{"INSTALLMENTS_NUMBER":3},
 "transactionResponse":{"state":"APPROVED","responseCode":"APPROVED","pendingReason":null,"operationDate":1620064792953,
  "additionalInfo":{"paymentNetwork":"CREDIBANCO","cardType":"CREDIT"}}}],
 "processedTransactionId":"5fde3c2c-540d-4579-96f7-2a4b8c65a951"}}})";
}

TEST(PayuTransformersTest, ReadsTheSaleFromOrderDetail) {
  auto order = ParseOrderDetailResponse(Ok(Order("CAPTURED")), DefaultSettings());
  ASSERT_TRUE(order.ok()) << order.status();
  auto sale = SnapshotOf(*order, "5FDE3C2C-540d-4579-96f7-2a4b8c65a951");
  ASSERT_TRUE(sale.ok()) << sale.status();
  EXPECT_EQ(sale->state, SaleState::kCaptured);
  EXPECT_EQ(sale->currency, "COP");
  EXPECT_EQ(sale->authorized_minor_units, 6500050);
  EXPECT_EQ(sale->captured_minor_units, 6500050);
  EXPECT_EQ(sale->cancelled_minor_units, 0);
  EXPECT_EQ(sale->method, PaymentMethod::kCreditCard);
  EXPECT_EQ(sale->brand, "VISA");
  EXPECT_EQ(sale->country, "CO");
  EXPECT_EQ(sale->network, "CREDIBANCO");
  EXPECT_EQ(sale->installments, 3);
  EXPECT_TRUE(sale->international_card);
  EXPECT_EQ(sale->card_last_four, "1111");
  EXPECT_EQ(sale->sale_time, absl::FromUnixMillis(1620064792953));
  EXPECT_EQ(sale->capture_time, absl::FromUnixMillis(1620064792953));
  EXPECT_EQ(SnapshotOf(*order, "another").status().code(), absl::StatusCode::kNotFound);
}

TEST(PayuTransformersTest, CountsApprovedRefundsAndIgnoresDeclinedOnes) {
  const std::string refunds =
      R"({"id":"r2","type":"REFUND","parentTransactionId":"5fde3c2c-540d-4579-96f7-2a4b8c65a951",
          "additionalValues":{"TX_VALUE":{"value":"100.00","currency":"COP"}},
          "transactionResponse":{"state":"DECLINED","operationDate":1620070000000}},
         {"id":"r1","type":"PARTIAL_REFUND","parentTransactionId":"5fde3c2c-540d-4579-96f7-2a4b8c65a951",
          "additionalValues":{"TX_VALUE":{"value":"200.25","currency":"COP"}},
          "transactionResponse":{"state":"APPROVED","operationDate":1620069000000}},)";
  auto order = ParseOrderDetailResponse(Ok(Order("CAPTURED", refunds)), DefaultSettings());
  ASSERT_TRUE(order.ok()) << order.status();
  auto sale = SnapshotOf(*order, "5fde3c2c-540d-4579-96f7-2a4b8c65a951");
  EXPECT_EQ(sale->cancelled_minor_units, 20025);
  auto refunded = ParseOrderDetailResponse(Ok(Order("REFUNDED")), DefaultSettings());
  EXPECT_EQ(SnapshotOf(*refunded, "5fde3c2c-540d-4579-96f7-2a4b8c65a951")->state, SaleState::kRefunded);
}

TEST(PayuTransformersTest, OrderDetailErrorsCarryReasons) {
  EXPECT_EQ(ErrorReasonOf(ParseOrderDetailResponse(Ok(R"({"code":"SUCCESS","result":{"payload":null}})"),
                                                   DefaultSettings()).status()),
            "SALE_NOT_FOUND");
  EXPECT_EQ(ErrorReasonOf(ParseOrderDetailResponse(Ok(R"({"code":"ERROR","error":"Invalid credentials"})"),
                                                   DefaultSettings()).status()),
            "PROVIDER_AUTH_FAILED");
  EXPECT_EQ(ErrorReasonOf(ParseOrderDetailResponse(Ok("", 503), DefaultSettings()).status()),
            "PROVIDER_UNAVAILABLE");
  EXPECT_EQ(ErrorReasonOf(ParseOrderDetailResponse(Ok("{]"), DefaultSettings()).status()),
            "PROVIDER_RESPONSE_INVALID");
  EXPECT_EQ(ErrorReasonOf(ParseOrderDetailResponse(
                              Ok(R"({"code":"SUCCESS","result":{"payload":{"id":1,"status":"CAPTURED",
                                 "additionalValues":{"TX_VALUE":{"value":1,"currency":"XYZ"}},"transactions":[]}}})"),
                              DefaultSettings()).status()),
            "PROVIDER_RESPONSE_INVALID");
}

class PayuReconcileTest : public ::testing::Test {
 protected:
  CancelCommand RefundOf(std::optional<int64_t> amount) {
    SaleSnapshot sale = CapturedSale("CO");
    sale.reference = "5fde3c2c-540d-4579-96f7-2a4b8c65a951";
    return Command(OperationKind::kRefund, sale, amount);
  }
  ReconcileBasis Basis(const std::string& state) {
    ReconcileBasis b;
    b.sent_at = absl::FromUnixMillis(1620068000000);
    b.recorded.status = state;
    return b;
  }
  PayuOrder OrderWith(const std::string& status, const std::string& refunds = "") {
    return *ParseOrderDetailResponse(Ok(Order(status, refunds)), DefaultSettings());
  }
};

TEST_F(PayuReconcileTest, AnUndecidedRefundIsNotListedAndStaysUnderReview) {
  const ProviderResult r = ReconcileWithOrder(OrderWith("CAPTURED"), RefundOf(10000), Basis("PENDING"));
  EXPECT_EQ(r.outcome, Outcome::kReview);
  EXPECT_EQ(r.echo.status, "PENDING");
}

TEST_F(PayuReconcileTest, ALostAnswerStaysUnknownUntilPayuListsTheRefund) {
  EXPECT_EQ(ReconcileWithOrder(OrderWith("CAPTURED"), RefundOf(10000), Basis("")).outcome, Outcome::kUnknown);
}

TEST_F(PayuReconcileTest, ApprovedAndDeclinedRefundsAreFound) {
  const std::string approved =
      R"({"id":"r1","type":"REFUND","parentTransactionId":"5fde3c2c-540d-4579-96f7-2a4b8c65a951",
          "additionalValues":{"TX_VALUE":{"value":"100","currency":"COP"}},
          "transactionResponse":{"state":"APPROVED","responseCode":"APPROVED","operationDate":1620069000000}},)";
  ProviderResult r = ReconcileWithOrder(OrderWith("CAPTURED", approved), RefundOf(10000), Basis("PENDING"));
  EXPECT_EQ(r.outcome, Outcome::kSucceeded);
  EXPECT_EQ(r.echo.reference, "r1");
  // Another amount is another refund.
  EXPECT_EQ(ReconcileWithOrder(OrderWith("CAPTURED", approved), RefundOf(20000), Basis("PENDING")).outcome,
            Outcome::kReview);
  const std::string declined =
      R"({"id":"r2","type":"REFUND","parentTransactionId":"5fde3c2c-540d-4579-96f7-2a4b8c65a951",
          "transactionResponse":{"state":"DECLINED","responseCode":"ENTITY_DECLINED","operationDate":1620069000000}},)";
  r = ReconcileWithOrder(OrderWith("CAPTURED", declined), RefundOf(std::nullopt), Basis("PENDING"));
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_DECLINED);
}

TEST_F(PayuReconcileTest, RefundsFromBeforeTheRequestAreNotOurs) {
  const std::string old =
      R"({"id":"r0","type":"REFUND","parentTransactionId":"5fde3c2c-540d-4579-96f7-2a4b8c65a951",
          "transactionResponse":{"state":"DECLINED","operationDate":1620060000000}},)";
  EXPECT_EQ(ReconcileWithOrder(OrderWith("CAPTURED", old), RefundOf(std::nullopt), Basis("")).outcome,
            Outcome::kUnknown);
}

TEST_F(PayuReconcileTest, ATotalRefundShowsAsARefundedOrder) {
  EXPECT_EQ(ReconcileWithOrder(OrderWith("REFUNDED"), RefundOf(std::nullopt), Basis("")).outcome,
            Outcome::kSucceeded);
}

TEST(PayuCodesTest, OrderStatusesAndKnownOutcomes) {
  EXPECT_EQ(SaleStateOfOrderStatus("NEW"), SaleState::kPending);
  EXPECT_EQ(SaleStateOfOrderStatus("IN_PROGRESS"), SaleState::kPending);
  EXPECT_EQ(SaleStateOfOrderStatus("AUTHORIZED"), SaleState::kAuthorized);
  EXPECT_EQ(SaleStateOfOrderStatus("captured"), SaleState::kCaptured);
  EXPECT_EQ(SaleStateOfOrderStatus("CANCELLED"), SaleState::kVoided);
  EXPECT_EQ(SaleStateOfOrderStatus("DECLINED"), SaleState::kDenied);
  EXPECT_EQ(SaleStateOfOrderStatus("REFUNDED"), SaleState::kRefunded);
  EXPECT_EQ(SaleStateOfOrderStatus("CHARGEBACK"), SaleState::kAborted);
  EXPECT_EQ(SaleStateOfOrderStatus("??"), SaleState::kUnknown);
  ProviderEcho echo;
  echo.status = "PENDING";
  EXPECT_EQ(OutcomeSoFar(echo), Outcome::kReview);
  echo.status = "APPROVED";
  EXPECT_EQ(OutcomeSoFar(echo), Outcome::kUnknown);
}

}  // namespace
}  // namespace cancela::providers::payu
