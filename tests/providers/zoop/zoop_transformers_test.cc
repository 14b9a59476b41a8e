// Zoop JSON ↔ types, against the providers.md §5.7 dumps and the sandbox's shapes.

#include "providers/zoop/zoop_transformers.h"

#include "common/errors.h"
#include "common/json_access.h"
#include "gtest/gtest.h"

namespace cancela::providers::zoop {
namespace {

// providers.md §5.7, imobanco/zoop-wrapper examples/data/cancel_transaction.json (excerpt).
constexpr char kCancelDump[] = R"({"id":"e74786548f58452d9a62ee4d53ba0f87","resource":"transaction","status":"canceled","amount":"5.00","original_amount":"5.00",
 "currency":"BRL","payment_type":"credit","transaction_number":"Z133937-000260004","gateway_authorizer":"cielo",
 "on_behalf_of":"25037b2978b14e7fa5b902d9322e8426","customer":"0b05a360f4b749498f74e13004c08024",
 "refunded":false,"voided":true,"captured":true,"fees":"0.00","voided_at":"2020-06-15T21:10:09+00:00",
 "payment_authorization":{"authorizer_id":"000260004","authorization_code":"133937","authorization_nsu":"20180510122911535"},
 "history":[
  {"operation_type":"created","status":"succeeded","amount":"5.00","created_at":"2020-06-15 21:09:44"},
  {"operation_type":"authorization","status":"succeeded","amount":"5.00","response_code":"00","authorizer":"cielo","created_at":"2020-06-15 21:09:46"},
  {"id":"b466a67a7be2455aab2f7d587a3024ae","transaction":"e74786548f58452d9a62ee4d53ba0f87","amount":"5.00","operation_type":"void",
   "status":"succeeded","response_code":"0","response_message":"Operation Successful","authorization_code":"105016",
   "authorizer_id":"0126105452552","authorization_nsu":"20180510122911537","gatewayResponseTime":"2206","authorizer":"cielo",
   "created_at":"2020-06-15 21:10:09"}]})";

http::Response Answer(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

CancelCommand Command(int64_t amount, bool total) {
  CancelCommand c;
  c.operation_id = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";
  c.sale = ZoopSaleRef{"e74786548f58452d9a62ee4d53ba0f87", "25037b2978b14e7fa5b902d9322e8426"};
  c.total = total;
  c.amount_minor_units = amount;
  c.currency = "BRL";
  return c;
}

TEST(ZoopTransformersTest, BasicAuthIsTheKeyWithAnEmptyPassword) {
  // base64("zpk_test_EzCkzFFKibGQU6HFq7EYVuxI:"), providers.md §5.1.
  EXPECT_EQ(BasicAuthorization(Secret("zpk_test_EzCkzFFKibGQU6HFq7EYVuxI")),
            "Basic enBrX3Rlc3RfRXpDa3pGRktpYkdRVTZIRnE3RVlWdXhJOg==");
}

TEST(ZoopTransformersTest, UrlsAndBody) {
  Settings s;
  s.base_url = "https://api.zoop.ws";
  s.marketplace_id = "mkp1";
  EXPECT_EQ(VoidUrl(s, "tx1"), "https://api.zoop.ws/v1/marketplaces/mkp1/transactions/tx1/void");
  EXPECT_EQ(ReceivablesUrl(s, "tx1"),
            "https://api.zoop.ws/v1/marketplaces/mkp1/transactions/tx1/receivables");
  s.api_version = "v2";
  EXPECT_EQ(TransactionUrl(s, "tx1"), "https://api.zoop.ws/v2/marketplaces/mkp1/transactions/tx1");
  auto body = json::Parse(VoidBody(1000, "3cacf5fb446e4c3abf969157143942c2"));
  ASSERT_TRUE(body);
  EXPECT_EQ((*body)["amount"], 1000);  // an integer number of centavos, not "10.00"
  EXPECT_EQ((*body)["on_behalf_of"], "3cacf5fb446e4c3abf969157143942c2");
}

TEST(ZoopTransformersTest, DecimalStringsConvertExactly) {
  EXPECT_EQ(ParseDecimalCents("5.00"), 500);
  EXPECT_EQ(ParseDecimalCents("1484.34"), 148434);
  EXPECT_EQ(ParseDecimalCents("10.05"), 1005);
  EXPECT_EQ(ParseDecimalCents("0.1"), 10);
  EXPECT_EQ(ParseDecimalCents("7"), 700);
  EXPECT_EQ(ParseDecimalCents(nlohmann::json(12)), 1200);
  EXPECT_EQ(ParseDecimalCents(nlohmann::json(0.29)), 29);  // never 28 through binary rounding
  for (const char* bad : {"", "-1.00", "1.005", "1.", ".5", "1,00", "abc", "1e3", "99999999999999.00"}) {
    EXPECT_FALSE(ParseDecimalCents(bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParseDecimalCents(nlohmann::json(nullptr)).has_value());
}

TEST(ZoopTransformersTest, TimesWithAndWithoutZone) {
  const absl::Time utc = absl::FromCivil(absl::CivilSecond(2020, 6, 15, 21, 10, 9), absl::UTCTimeZone());
  EXPECT_EQ(ParseZoopTime("2020-06-15T21:10:09+00:00"), utc);
  EXPECT_EQ(ParseZoopTime("2020-06-15 21:10:09"), utc);
  EXPECT_EQ(ParseZoopTime("2020-06-15T18:10:09-0300"), utc);
  EXPECT_FALSE(ParseZoopTime("yesterday").has_value());
}

TEST(ZoopTransformersTest, ReadsTheCancelDump) {
  auto parsed = ParseTransactionResponse(Answer(200, kCancelDump));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->status, "canceled");
  EXPECT_TRUE(parsed->voided);
  EXPECT_EQ(parsed->on_behalf_of, "25037b2978b14e7fa5b902d9322e8426");
  EXPECT_EQ(parsed->sale.state, SaleState::kVoided);
  EXPECT_EQ(parsed->sale.method, PaymentMethod::kCreditCard);
  EXPECT_EQ(parsed->sale.authorized_minor_units, 500);
  EXPECT_EQ(parsed->sale.cancelled_minor_units, 500);  // canceled although amount stayed "5.00"
  EXPECT_EQ(parsed->sale.reference, "Z133937-000260004");
  ASSERT_EQ(parsed->history.size(), 3u);
  EXPECT_EQ(parsed->history[2].id, "b466a67a7be2455aab2f7d587a3024ae");
  EXPECT_EQ(parsed->history[2].operation_type, "void");
  EXPECT_EQ(parsed->history[2].amount_minor_units, 500);
}

TEST(ZoopTransformersTest, PartialKeepsOriginalAmountAndStaysCaptured) {
  auto parsed = ParseTransactionObject(*json::Parse(
      R"({"id":"t","resource":"transaction","status":"succeeded","amount":"60.00","original_amount":"100.00",
          "payment_type":"credit","captured":true,"payment_method":{"card_brand":"Visa","first4_digits":"4551","last4_digits":"0183"}})"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->sale.state, SaleState::kCaptured);
  EXPECT_EQ(parsed->sale.captured_minor_units, 10000);
  EXPECT_EQ(parsed->sale.cancelled_minor_units, 4000);
  EXPECT_EQ(parsed->sale.brand, "Visa");
  EXPECT_EQ(parsed->sale.card_last_four, "0183");
}

TEST(ZoopTransformersTest, QueryErrors) {
  EXPECT_EQ(ErrorReasonOf(ParseTransactionResponse(Answer(404, "")).status()), "SALE_NOT_FOUND");
  EXPECT_EQ(ErrorReasonOf(ParseTransactionResponse(Answer(401, "")).status()), "PROVIDER_AUTH_FAILED");
  EXPECT_EQ(ErrorReasonOf(ParseTransactionResponse(Answer(502, "")).status()), "PROVIDER_UNAVAILABLE");
  EXPECT_EQ(ErrorReasonOf(ParseTransactionResponse(Answer(200, "{\"id\": ")).status()),
            "PROVIDER_RESPONSE_INVALID");
  EXPECT_EQ(ErrorReasonOf(ParseTransactionResponse(Answer(200, R"({"id":"t","status":"succeeded"})")).status()),
            "PROVIDER_RESPONSE_INVALID");
  EXPECT_EQ(ErrorReasonOf(ParseTransactionResponse(
                Answer(200, R"({"error":{"status_code":404,"category":"resource_not_found"}})")).status()),
            "SALE_NOT_FOUND");
  EXPECT_EQ(ErrorReasonOf(ParseTransactionResponse(
                Answer(200, R"({"id":"t","status":"succeeded","amount":"9.00","original_amount":"5.00"})")).status()),
            "PROVIDER_RESPONSE_INVALID");
}

TEST(ZoopTransformersTest, Receivables) {
  EXPECT_EQ(*ParseReceivablesSettled(Answer(200, R"({"items":[{"status":"pending"},{"status":"paid"}]})")), true);
  EXPECT_EQ(*ParseReceivablesSettled(Answer(200, R"({"items":[{"status":"pending"}]})")), false);
  EXPECT_EQ(*ParseReceivablesSettled(Answer(200, R"([{"status":"PAID"}])")), true);
  EXPECT_EQ(*ParseReceivablesSettled(Answer(404, "")), false);
  EXPECT_EQ(ErrorReasonOf(ParseReceivablesSettled(Answer(503, "")).status()), "PROVIDER_UNAVAILABLE");
  EXPECT_EQ(ErrorReasonOf(ParseReceivablesSettled(Answer(200, "[")).status()), "PROVIDER_RESPONSE_INVALID");
}

TEST(ZoopTransformersTest, TotalVoidDumpIsSuccess) {
  const ProviderResult r = ParseVoidResponse(Answer(200, kCancelDump), Command(500, true));
  EXPECT_EQ(r.outcome, Outcome::kSucceeded);
  EXPECT_EQ(r.echo.status, "canceled");
  EXPECT_EQ(r.echo.reference, "b466a67a7be2455aab2f7d587a3024ae");
  EXPECT_EQ(r.echo.code, "0");
  EXPECT_EQ(r.echo.message, "Operation Successful");
}

TEST(ZoopTransformersTest, PartialNeedsAMatchingVoidEntry) {
  constexpr char kPartial[] = R"({"id":"t","resource":"transaction","status":"succeeded","amount":"70.00","original_amount":"100.00",
      "payment_type":"credit","captured":true,"history":[{"id":"h1","operation_type":"void","status":"succeeded","amount":"30.00"}]})";
  EXPECT_EQ(ParseVoidResponse(Answer(200, kPartial), Command(3000, false)).outcome, Outcome::kSucceeded);
  // The answer shows another amount: not proof that ours ran.
  EXPECT_EQ(ParseVoidResponse(Answer(200, kPartial), Command(2000, false)).outcome, Outcome::kUnknown);
  // void_partial [U] counts as a cancellation entry too.
  std::string partial_type = kPartial;
  partial_type.replace(partial_type.find("\"void\""), 6, "\"void_partial\"");
  EXPECT_EQ(ParseVoidResponse(Answer(200, partial_type), Command(3000, false)).outcome, Outcome::kSucceeded);
}

TEST(ZoopTransformersTest, FailedHistoryEntryIsADecline) {
  const ProviderResult r = ParseVoidResponse(
      Answer(200, R"({"id":"t","resource":"transaction","status":"succeeded","amount":"40.00","original_amount":"40.00",
                      "history":[{"id":"h9","operation_type":"void","status":"failed","amount":"40.00","response_code":"57","response_message":"Transaction not permitted"}]})"),
      Command(4000, true));
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_DECLINED);
  EXPECT_EQ(r.echo.code, "57");
  EXPECT_EQ(r.echo.reference, "h9");
}

struct ErrorRow {
  int http;
  const char* type;
  const char* category;
  v1::FailureReason reason;
};

TEST(ZoopTransformersTest, EveryErrorCodeRowMaps) {
  const ErrorRow rows[] = {
      {400, "invalid_request_error", "invalid_payment_information", v1::FAILURE_REASON_INVALID_REQUEST},
      {400, "invalid_request_error", "invalid_parameter", v1::FAILURE_REASON_INVALID_REQUEST},
      {404, "invalid_request_error", "resource_not_found", v1::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {400, "invalid_request_error", "amount_exceeds_remaining", v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING},
      {400, "invalid_request_error", "split_rule_exceeds_amount", v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING},
      {400, "invalid_request_error", "transaction_not_voidable", v1::FAILURE_REASON_NOT_ELIGIBLE},
      {400, "invalid_request_error", "partial_void_not_allowed", v1::FAILURE_REASON_NOT_ELIGIBLE},
      {400, "invalid_request_error", "settled_sale_release_required", v1::FAILURE_REASON_MANUAL_PROCESSING},
      {402, "invalid_request_error", "void_declined", v1::FAILURE_REASON_PROVIDER_DECLINED},
      {401, "invalid_request_error", "something_new", v1::FAILURE_REASON_PROVIDER_AUTHENTICATION},
      {400, "authentication_error", "", v1::FAILURE_REASON_PROVIDER_AUTHENTICATION},
      {403, "invalid_request_error", "", v1::FAILURE_REASON_PERMISSION},
      {404, "invalid_request_error", "", v1::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {402, "card_error", "", v1::FAILURE_REASON_PROVIDER_DECLINED},
      {409, "invalid_request_error", "", v1::FAILURE_REASON_DUPLICATE_IN_PROGRESS},
      {422, "invalid_request_error", "never_seen", v1::FAILURE_REASON_INVALID_REQUEST},
  };
  for (const ErrorRow& row : rows) {
    nlohmann::json body = {{"error", {{"status", "x"}, {"status_code", row.http}, {"type", row.type},
                                      {"category", row.category}, {"message", "Some text"}}}};
    const ProviderResult r = ParseVoidResponse(Answer(row.http, body.dump()), Command(100, false));
    EXPECT_EQ(r.outcome, Outcome::kFailed) << row.category;
    EXPECT_EQ(r.failure_reason, row.reason) << row.http << " " << row.category;
    EXPECT_EQ(r.echo.code, std::to_string(row.http));
    EXPECT_EQ(r.echo.message, "Some text");
  }
}

TEST(ZoopTransformersTest, AnErrorInA200BodyIsStillARefusal) {
  const ProviderResult r = ParseVoidResponse(
      Answer(200, R"({"error":{"status_code":400,"type":"invalid_request_error","category":"amount_exceeds_remaining"}})"),
      Command(100, false));
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING);
}

TEST(ZoopTransformersTest, NothingUnreadableIsEverSuccess) {
  for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{
           {200, ""}, {200, "{\"id\":\"t\",\"status\":\"canc"}, {200, "[]"}, {200, "null"},
           {200, R"({"id":"t","resource":"transaction","status":"canceled"})"},  // no amount
           {200, R"({"resource":"event","id":"t","status":"canceled","amount":"1.00"})"},
           {201, R"({"id":"t","resource":"transaction","status":"succeeded","amount":"1.00"})"},
           {500, R"({"id":"t","resource":"transaction","status":"canceled","amount":"1.00"})"},
           {503, ""}, {302, ""},
           {400, R"({"error":{"status_code":500,"type":"api_error"}})"}}) {
    const ProviderResult r = ParseVoidResponse(Answer(status, body), Command(100, true));
    EXPECT_EQ(r.outcome, Outcome::kUnknown) << status << " " << body;
  }
  // A 4xx without a readable envelope is a refusal: nothing was executed.
  EXPECT_EQ(ParseVoidResponse(Answer(400, "<html>"), Command(100, true)).outcome, Outcome::kFailed);
}

}  // namespace
}  // namespace cancela::providers::zoop
