// Parsing Cielo E-commerce answers, on the verbatim examples of providers.md §2.7.

#include "providers/cielo_ecommerce/cielo_ecommerce_transformers.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace cancela::providers::cielo_ecommerce {
namespace {

http::Response Http(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(CieloEcommerceTransformersTest, TotalVoidIsSucceeded) {
  const ProviderResult r = ParseVoidResponse(Http(200, R"({"Status": 10, "Tid": "0719094510712",
      "ProofOfSale": "4510712", "AuthorizationCode": "693066", "ReturnCode": "9",
      "ReturnMessage": "Operation Successful", "Links": [{"Method": "GET", "Rel": "self",
      "Href": "https://apiquerysandbox.cieloecommerce.cielo.com.br/1/sales/x"}]})"));
  EXPECT_EQ(r.outcome, Outcome::kSucceeded);
  EXPECT_EQ(r.echo.status, "10");
  EXPECT_EQ(r.echo.code, "9");
  EXPECT_EQ(r.echo.message, "Operation Successful");
  EXPECT_EQ(r.echo.reference, "693066");
}

TEST(CieloEcommerceTransformersTest, PartialVoidIsSucceeded) {
  const ProviderResult r = ParseVoidResponse(Http(200, R"({"Status": 2, "Tid": "0719094510712",
      "ProofOfSale": "4510712", "AuthorizationCode": "693066", "ReasonCode": 0,
      "ReasonMessage": "Successful", "ProviderReturnCode": "0",
      "ProviderReturnMessage": "Operation Successful", "ReturnCode": "0",
      "ReturnMessage": "Operation Successful"})"));
  EXPECT_EQ(r.outcome, Outcome::kSucceeded);
  EXPECT_EQ(r.echo.reason_code, "0");
}

TEST(CieloEcommerceTransformersTest, PixRefundOfCielo2IsScheduled) {
  const ProviderResult r = ParseVoidResponse(Http(200, R"({"Status": 2, "ReasonCode": 8,
      "ReasonMessage": "Scheduled", "ProviderReturnCode": "0",
      "ProviderReturnMessage": "Devolução solicitada com sucesso", "ReturnCode": "0",
      "ReturnMessage": "Devolução solicitada com sucesso",
      "AuthorizationCode": "E01027058202412021928yOpJfcc9zLl"})"));
  EXPECT_EQ(r.outcome, Outcome::kScheduled);
  EXPECT_EQ(r.echo.reference, "E01027058202412021928yOpJfcc9zLl");
  EXPECT_EQ(r.echo.message, "Devolução solicitada com sucesso");
}

TEST(CieloEcommerceTransformersTest, LegacyPixRefundIsScheduled) {
  const ProviderResult r = ParseVoidResponse(Http(200, R"({"Status": 12, "ReasonCode": 0,
      "ReasonMessage": "Successful", "ReturnCode": "0",
      "ReturnMessage": "Reembolso solicitado com sucesso"})"));
  EXPECT_EQ(r.outcome, Outcome::kScheduled);
}

TEST(CieloEcommerceTransformersTest, DeclinesMapToNormalizedReasons) {
  struct Case { const char* code; v1::FailureReason reason; };
  for (const Case& c : {Case{"51", v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING},
                        Case{"40", v1::FAILURE_REASON_WINDOW_EXPIRED},
                        Case{"41", v1::FAILURE_REASON_NOT_ELIGIBLE},
                        Case{"56", v1::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE},
                        Case{"476", v1::FAILURE_REASON_DUPLICATE_IN_PROGRESS},
                        Case{"54", v1::FAILURE_REASON_MANUAL_PROCESSING},
                        Case{"57", v1::FAILURE_REASON_PROVIDER_UNAVAILABLE},
                        Case{"105", v1::FAILURE_REASON_PERMISSION},
                        Case{"77", v1::FAILURE_REASON_ORIGINAL_NOT_FOUND}}) {
    SCOPED_TRACE(c.code);
    const ProviderResult r = ParseVoidResponse(Http(
        200, std::string(R"({"Status": 2, "ReturnCode": ")") + c.code + R"(", "ReturnMessage": "x"})"));
    EXPECT_EQ(r.outcome, Outcome::kFailed);
    EXPECT_EQ(r.failure_reason, c.reason);
  }
}

TEST(CieloEcommerceTransformersTest, NumericReturnCodesAreReadToo) {
  const ProviderResult r = ParseVoidResponse(Http(200, R"({"Status": 10, "ReturnCode": 9})"));
  EXPECT_EQ(r.outcome, Outcome::kSucceeded);
}

TEST(CieloEcommerceTransformersTest, AnythingAmbiguousIsUnknownNeverSuccess) {
  for (const http::Response& response :
       {Http(200, "not json"), Http(200, "{}"), Http(200, R"({"Status": 2, "ReturnCode": "98"})"),
        Http(200, R"({"Status": 2, "ReturnCode": "504"})"),
        Http(200, R"({"Status": 2, "ReturnCode": "31337"})"), Http(500, ""), Http(502, "<html>"),
        Http(302, ""), Http(200, R"({"Status": 99, "ReturnCode": "0"})")}) {
    SCOPED_TRACE(response.body);
    EXPECT_EQ(ParseVoidResponse(response).outcome, Outcome::kUnknown);
  }
}

TEST(CieloEcommerceTransformersTest, ValidationErrorsAreFailures) {
  ProviderResult r = ParseVoidResponse(
      Http(400, R"([{"Code": 309, "Message": "Transaction not available to void"}])"));
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_NOT_ELIGIBLE);
  EXPECT_EQ(r.echo.code, "309");
  r = ParseVoidResponse(Http(400, R"([{"Code": 126, "Message": "Credit Card Expiration Date is invalid"}])"));
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_INVALID_REQUEST);
  r = ParseVoidResponse(Http(400, R"([{"Code": 311, "Message": "Refund is not enabled"}])"));
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PERMISSION);
  r = ParseVoidResponse(Http(422, R"([{"Code": 422, "Message": "Merchant with insufficient balance for refund"}])"));
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE);
  r = ParseVoidResponse(Http(422, R"([{"Code": 0, "Message": "Merchant bank for moneyback is not Cielo"}])"));
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE);
  r = ParseVoidResponse(Http(401, ""));
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_AUTHENTICATION);
}

TEST(CieloEcommerceTransformersTest, ParsesTheQueryAfterAPartialVoid) {
  auto parsed = ParseSaleResponse(Http(200, R"({"Payment": {"PaymentId":
      "24bc8366-fc31-4d6c-8555-17049a836a07", "Type": "CreditCard", "Amount": 10000,
      "CapturedAmount": 9000, "CapturedDate": "2022-07-29 17:16:22", "VoidedAmount": 1000,
      "VoidedDate": "2022-05-15 16:25:38", "Currency": "BRL", "Status": 1, "Tid": "0223103744208",
      "ProofOfSale": "674532", "AuthorizationCode": "123456",
      "CreditCard": {"CardNumber": "455187******0183", "Brand": "Visa"}}})"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const SaleSnapshot& s = parsed->sale;
  EXPECT_EQ(s.state, SaleState::kAuthorized);
  EXPECT_EQ(s.method, PaymentMethod::kCreditCard);
  EXPECT_EQ(s.authorized_minor_units, 10000);
  EXPECT_EQ(s.captured_minor_units, 9000);
  EXPECT_EQ(s.cancelled_minor_units, 1000);
  EXPECT_EQ(s.card_last_four, "0183");
  EXPECT_EQ(s.brand, "Visa");
  ASSERT_TRUE(s.capture_time.has_value());
  EXPECT_EQ(*s.capture_time, absl::FromCivil(absl::CivilSecond(2022, 7, 29, 20, 16, 22),
                                             absl::UTCTimeZone()));  // 17:16 in Brasília
}

TEST(CieloEcommerceTransformersTest, QueryErrorsCarryReasons) {
  EXPECT_EQ(ErrorReasonOf(ParseSaleResponse(Http(404, "")).status()), "SALE_NOT_FOUND");
  EXPECT_EQ(ErrorReasonOf(ParseSaleResponse(Http(401, "")).status()), "PROVIDER_AUTH_FAILED");
  EXPECT_EQ(ErrorReasonOf(ParseSaleResponse(Http(503, "")).status()), "PROVIDER_UNAVAILABLE");
  EXPECT_EQ(ErrorReasonOf(ParseSaleResponse(Http(200, "{]")).status()), "PROVIDER_RESPONSE_INVALID");
  EXPECT_EQ(ErrorReasonOf(ParseSaleResponse(Http(200, R"({"Payment": {"Type": "Pix"}})")).status()),
            "PROVIDER_RESPONSE_INVALID");
}

TEST(CieloEcommerceTransformersTest, BuildsUrls) {
  EXPECT_EQ(VoidUrl("https://api.x", "abc", std::nullopt), "https://api.x/1/sales/abc/void");
  EXPECT_EQ(VoidUrl("https://api.x", "abc", 1234), "https://api.x/1/sales/abc/void?amount=1234");
  EXPECT_EQ(SaleUrl("https://q.x", "abc"), "https://q.x/1/sales/abc");
}

}  // namespace
}  // namespace cancela::providers::cielo_ecommerce
