// Pure translations: the Basic header, token answers, URLs, every order status, order amounts,
// void answers and the merchant-order-number list.

#include "providers/cielo_checkout/cielo_checkout_transformers.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "providers/cielo_checkout/cielo_checkout_amount.h"
#include "providers/cielo_checkout/cielo_checkout_codes.h"

namespace cancela::providers::cielo_checkout {
namespace {

http::Response Http(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// The documented example order (providers.md §4.7), trimmed to the fields the adapter reads.
constexpr char kPaidOrder[] = R"({
  "merchantId": "c89fdfbb-dbe2-4e77-806a-6d75cd397dac", "orderNumber": "054f5b509f7149d6aec3b4023a6a2957",
  "cart": {"items": [{"name": "Pedido ABC", "unitPrice": 9000, "quantity": 1, "type": "1"}]},
  "shipping": {"type": "FixedAmount", "services": [{"name": "Entrega Rápida", "price": 2000}]},
  "payment": {"status": "Paid", "tid": "10127355487AK2C3EOTB", "nsu": "149111",
              "authorizationCode": "294551", "numberOfPayments": 1,
              "createdDate": "2018-03-02T14:29:43.767", "finishedDate": "2018-03-02T14:29:46.117",
              "cardMaskedNumber": "123456******2007", "brand": "Visa", "type": "creditCard",
              "errorcode": "00"}})";

TEST(CieloCheckoutTransformersTest, BasicHeaderEncodesIdColonSecretWithoutASpace) {
  const Secret header = BasicAuthorization(Secret("b521b6b2-b9b4-4a30-881d-3b63dece0006"),
                                           Secret("08Qkje79NwWRx5BdgNJsIkBuITt5cIVO"));
  // The newer document's value, which decodes to "id:secret" (the seed's has "id: secret").
  EXPECT_EQ(header.Reveal(),
            "Basic YjUyMWI2YjItYjliNC00YTMwLTg4MWQtM2I2M2RlY2UwMDA2OjA4UWtqZTc5TndXUng1QmRnTkpzSWtCdUlUdDVjSVZP");
  std::string decoded;
  ASSERT_TRUE(absl::Base64Unescape(header.Reveal().substr(6), &decoded));
  EXPECT_EQ(decoded, "b521b6b2-b9b4-4a30-881d-3b63dece0006:08Qkje79NwWRx5BdgNJsIkBuITt5cIVO");
}

TEST(CieloCheckoutTransformersTest, ReadsTheTokenAndItsLifetime) {
  auto token = ParseTokenResponse(
      Http(200, R"({"access_token":"eyJ0eXAi.x.y","token_type":"bearer","expires_in":1199})"),
      absl::Seconds(1200));
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(token->access_token.Reveal(), "eyJ0eXAi.x.y");
  EXPECT_EQ(token->lifetime, absl::Seconds(1199));
}

TEST(CieloCheckoutTransformersTest, TokenWithoutExpiresInGetsTheDefaultLifetime) {
  auto token = ParseTokenResponse(Http(200, R"({"access_token":"t","token_type":"Bearer"})"),
                                  absl::Seconds(1200));
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->lifetime, absl::Seconds(1200));
  auto as_text = ParseTokenResponse(Http(200, R"({"access_token":"t","expires_in":"600"})"),
                                    absl::Seconds(1200));
  ASSERT_TRUE(as_text.ok());
  EXPECT_EQ(as_text->lifetime, absl::Seconds(600));
}

TEST(CieloCheckoutTransformersTest, TokenErrorsCarryReasons) {
  for (int status : {400, 401, 403}) {
    auto t = ParseTokenResponse(Http(status, R"({"error":"invalid_client"})"), absl::Seconds(1));
    EXPECT_EQ(ErrorReasonOf(t.status()), "PROVIDER_AUTH_FAILED") << status;
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInternal);
  }
  for (int status : {429, 500, 503}) {
    auto t = ParseTokenResponse(Http(status, ""), absl::Seconds(1));
    EXPECT_EQ(ErrorReasonOf(t.status()), "PROVIDER_UNAVAILABLE") << status;
  }
  EXPECT_EQ(ErrorReasonOf(ParseTokenResponse(Http(200, "not json"), absl::Seconds(1)).status()),
            "PROVIDER_RESPONSE_INVALID");
  EXPECT_EQ(ErrorReasonOf(ParseTokenResponse(Http(200, R"({"access_token":"t","token_type":"mac"})"),
                                             absl::Seconds(1))
                              .status()),
            "PROVIDER_RESPONSE_INVALID");
}

TEST(CieloCheckoutTransformersTest, BuildsTheDocumentedUrls) {
  const std::string base = "https://cieloecommerce.cielo.com.br";
  EXPECT_EQ(OrderUrl(base, "054f5b509f7149d6aec3b4023a6a2957"),
            "https://cieloecommerce.cielo.com.br/api/public/v2/orders/054f5b509f7149d6aec3b4023a6a2957");
  EXPECT_EQ(VoidUrl(base, "abc", std::nullopt),
            "https://cieloecommerce.cielo.com.br/api/public/v2/orders/abc/void");
  EXPECT_EQ(VoidUrl(base, "abc", "1234"),
            "https://cieloecommerce.cielo.com.br/api/public/v2/orders/abc/void?amount=1234");
  EXPECT_EQ(MerchantOrderNumberUrl(base, "PEDIDO1"),
            "https://cieloecommerce.cielo.com.br/api/public/v2/merchantOrderNumber/PEDIDO1");
}

TEST(CieloCheckoutTransformersTest, OrderNumbersAreLettersAndDigitsOnly) {
  EXPECT_TRUE(IsValidOrderNumber("054f5b509f7149d6aec3b4023a6a2957"));
  EXPECT_TRUE(IsValidOrderNumber(std::string(64, 'a')));
  EXPECT_FALSE(IsValidOrderNumber(std::string(65, 'a')));
  EXPECT_FALSE(IsValidOrderNumber(""));
  EXPECT_FALSE(IsValidOrderNumber("../token"));
  EXPECT_FALSE(IsValidOrderNumber("a b"));
  EXPECT_FALSE(IsValidOrderNumber("a?amount=1"));
}

TEST(CieloCheckoutTransformersTest, ReadsTheDocumentedOrder) {
  auto sale = ParseOrderResponse(Http(200, kPaidOrder));
  ASSERT_TRUE(sale.ok()) << sale.status();
  EXPECT_EQ(sale->state, SaleState::kCaptured);
  EXPECT_EQ(sale->provider_status, "Paid");
  EXPECT_EQ(sale->method, PaymentMethod::kCreditCard);
  EXPECT_EQ(sale->brand, "Visa");
  EXPECT_EQ(sale->currency, "BRL");
  EXPECT_EQ(sale->authorized_minor_units, 11000);  // 9000 cart + 2000 shipping
  EXPECT_EQ(sale->captured_minor_units, 11000);
  EXPECT_EQ(sale->cancelled_minor_units, 0);
  EXPECT_EQ(sale->card_last_four, "2007");
  EXPECT_EQ(sale->reference, "10127355487AK2C3EOTB");
  const absl::Time created =
      absl::FromCivil(absl::CivilSecond(2018, 3, 2, 17, 29, 43), absl::UTCTimeZone()) +
      absl::Milliseconds(767);
  EXPECT_EQ(sale->sale_time, created);
  ASSERT_TRUE(sale->capture_time.has_value());
}

TEST(CieloCheckoutTransformersTest, OrderAmountIsCartTimesQuantityMinusDiscountPlusShipping) {
  auto amount_of = [](const std::string& cart_and_shipping) -> int64_t {
    auto s = ParseOrderResponse(Http(
        200, "{" + cart_and_shipping + R"(, "payment": {"status": "Paid", "type": "creditCard"}})"));
    return s.ok() ? s->authorized_minor_units : -1;
  };
  EXPECT_EQ(amount_of(R"("cart": {"items": [{"unitPrice": 1000, "quantity": 3}, {"unitPrice": "250", "quantity": "2"}]})"), 3500);
  EXPECT_EQ(amount_of(R"("cart": {"items": [{"unitPrice": 1000, "quantity": 1}], "discount": {"type": "Amount", "value": 100}})"), 900);
  EXPECT_EQ(amount_of(R"("cart": {"items": [{"unitPrice": 1000, "quantity": 1}], "discount": {"type": "Percent", "value": 10}})"), 900);
  EXPECT_EQ(amount_of(R"("cart": {"items": [{"unitPrice": 1000, "quantity": 1}]}, "shipping": {"price": 500})"), 1500);
  // Several shipping options: none is known to be the chosen one, so none is added.
  EXPECT_EQ(amount_of(R"("cart": {"items": [{"unitPrice": 1000, "quantity": 1}]}, "shipping": {"services": [{"price": 1}, {"price": 2}]})"), 1000);
  // Unreadable or absurd amounts make the order unreadable, never a guess.
  EXPECT_EQ(amount_of(R"("cart": {"items": []})"), -1);
  EXPECT_EQ(amount_of(R"("cart": {"items": [{"unitPrice": 10.5, "quantity": 1}]})"), -1);
  EXPECT_EQ(amount_of(R"("cart": {"items": [{"unitPrice": 9000000000000000000, "quantity": 2}]})"), -1);
  EXPECT_EQ(amount_of(R"("cart": {"items": [{"unitPrice": 1000, "quantity": 1}], "discount": {"type": "Percent", "value": 100}})"), -1);
}

TEST(CieloCheckoutTransformersTest, EveryOrderStatusRowMaps) {
  struct Row {
    const char* english;
    const char* portuguese;
    int value;
    SaleState state;
  };
  const Row rows[] = {{"Pending", "Pendente", 1, SaleState::kPending},
                      {"Paid", "Pago", 2, SaleState::kCaptured},
                      {"Denied", "Negado", 3, SaleState::kDenied},
                      {"Expired", "Expirado", 4, SaleState::kAborted},
                      {"Voided", "Cancelado", 5, SaleState::kVoided},
                      {"NotFinalized", "Não Finalizado", 6, SaleState::kPending},
                      {"Authorized", "Autorizado", 7, SaleState::kAuthorized},
                      {"Chargeback", "Chargeback", 8, SaleState::kAborted}};
  for (const Row& row : rows) {
    for (const std::string& text : {std::string(row.english), std::string(row.portuguese),
                                    std::to_string(row.value), absl::AsciiStrToLower(row.english),
                                    absl::AsciiStrToUpper(row.english)}) {
      auto status = OrderStatusOf(text);
      ASSERT_TRUE(status.has_value()) << text;
      EXPECT_EQ(status->value, row.value) << text;
      EXPECT_EQ(status->state, row.state) << text;
    }
  }
  EXPECT_FALSE(OrderStatusOf("Refunded").has_value());
  EXPECT_FALSE(OrderStatusOf("9").has_value());
  EXPECT_FALSE(OrderStatusOf("").has_value());
}

TEST(CieloCheckoutTransformersTest, StatusDecidesCapturedAndCancelledAmounts) {
  auto order = [](const char* status) {
    return ParseOrderResponse(Http(200, absl::StrCat(R"({"cart": {"items": [{"unitPrice": 5000, "quantity": 1}]},
        "payment": {"status": ")", status, R"(", "type": "creditCard"}})")));
  };
  auto authorized = order("Authorized");
  ASSERT_TRUE(authorized.ok());
  EXPECT_EQ(authorized->state, SaleState::kAuthorized);
  EXPECT_EQ(authorized->captured_minor_units, 0);
  auto voided = order("Voided");
  ASSERT_TRUE(voided.ok());
  EXPECT_EQ(voided->cancelled_minor_units, 5000);
  auto numeric = order("2");
  ASSERT_TRUE(numeric.ok());
  EXPECT_EQ(numeric->state, SaleState::kCaptured);
  auto unknown = order("Refunded");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->state, SaleState::kUnknown);
  EXPECT_EQ(unknown->provider_status, "Refunded");
}

TEST(CieloCheckoutTransformersTest, PaymentTypesMapToMethods) {
  EXPECT_EQ(MethodOfPaymentType("creditCard"), PaymentMethod::kCreditCard);
  EXPECT_EQ(MethodOfPaymentType("CreditCard"), PaymentMethod::kCreditCard);
  EXPECT_EQ(MethodOfPaymentType("debitCard"), PaymentMethod::kDebitCard);
  EXPECT_EQ(MethodOfPaymentType("Pix"), PaymentMethod::kPix);
  EXPECT_EQ(MethodOfPaymentType("boleto"), PaymentMethod::kOther);
  EXPECT_EQ(MethodOfPaymentType(""), PaymentMethod::kUnknown);
}

TEST(CieloCheckoutTransformersTest, OrderQueryErrorsCarryReasons) {
  EXPECT_EQ(ErrorReasonOf(ParseOrderResponse(Http(404, "")).status()), "SALE_NOT_FOUND");
  EXPECT_EQ(ParseOrderResponse(Http(404, "")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReasonOf(ParseOrderResponse(Http(401, "")).status()), "PROVIDER_AUTH_FAILED");
  EXPECT_EQ(ErrorReasonOf(ParseOrderResponse(Http(502, "")).status()), "PROVIDER_UNAVAILABLE");
  EXPECT_EQ(ErrorReasonOf(ParseOrderResponse(Http(200, "[]")).status()), "PROVIDER_RESPONSE_INVALID");
  EXPECT_EQ(ErrorReasonOf(ParseOrderResponse(Http(200, R"({"payment": {"type": "creditCard"}})")).status()),
            "PROVIDER_RESPONSE_INVALID");
}

TEST(CieloCheckoutTransformersTest, ParsesCheckoutTimes) {
  const absl::Time expected =
      absl::FromCivil(absl::CivilSecond(2018, 4, 30, 15, 9, 33), absl::UTCTimeZone());
  EXPECT_EQ(ParseCheckoutTime("2018-04-30T12:09:33"), expected);
  EXPECT_EQ(ParseCheckoutTime("30-04-2018 12:09:33"), expected);
  EXPECT_EQ(ParseCheckoutTime("2018-04-30T12:09:33.57"), expected + absl::Milliseconds(570));
  EXPECT_FALSE(ParseCheckoutTime("yesterday").has_value());
}

TEST(CieloCheckoutTransformersTest, ReadsTheMerchantOrderNumberList) {
  auto list = ParseMerchantOrderList(Http(200, R"([
    {"$id": "1", "checkoutOrderNumber": "a58995ce24fd4f1cb025701e95a51478", "createdDate": "2018-04-30T12:09:33.57"},
    {"$id": "3", "checkoutOrderNumber": "438f3391860a4bedbae9a868180dda6e", "createdDate": "2018-04-30T12:05:41.317"}])"));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].checkout_order_number, "a58995ce24fd4f1cb025701e95a51478");
  EXPECT_TRUE((*list)[1].created.has_value());
  EXPECT_EQ(ErrorReasonOf(ParseMerchantOrderList(Http(200, R"({"x": 1})")).status()),
            "PROVIDER_RESPONSE_INVALID");
  EXPECT_EQ(ErrorReasonOf(ParseMerchantOrderList(Http(200, R"([{"checkoutOrderNumber": "../x"}])")).status()),
            "PROVIDER_RESPONSE_INVALID");
  EXPECT_EQ(ErrorReasonOf(ParseMerchantOrderList(Http(404, "")).status()), "SALE_NOT_FOUND");
}

Settings WithCodes(std::map<std::string, v1::FailureReason> codes = {}) {
  Settings s;
  s.return_code_reasons = std::move(codes);
  return s;
}

TEST(CieloCheckoutTransformersTest, SuccessTrueIsSuccessWhateverTheStatusSays) {
  // The documented answer repeats status 2 after a cancel (providers.md §4.6).
  const ProviderResult r = ParseVoidResponse(
      Http(200, R"({"success": true, "status": 2, "returnCode": "6", "returnMessage": "Operation Successful"})"),
      WithCodes());
  EXPECT_EQ(r.outcome, Outcome::kSucceeded);
  EXPECT_EQ(r.echo.status, "2");
  EXPECT_EQ(r.echo.code, "6");
  EXPECT_EQ(r.echo.message, "Operation Successful");
}

TEST(CieloCheckoutTransformersTest, SuccessFalseIsADeclineWithTheAccountsCodeTable) {
  const std::string body = R"({"success": false, "status": 2, "returnCode": "51", "returnMessage": "Saldo"})";
  const ProviderResult unmapped = ParseVoidResponse(Http(200, body), WithCodes());
  EXPECT_EQ(unmapped.outcome, Outcome::kFailed);
  EXPECT_EQ(unmapped.failure_reason, v1::FAILURE_REASON_PROVIDER_DECLINED);
  EXPECT_EQ(unmapped.echo.code, "51");
  const ProviderResult mapped = ParseVoidResponse(
      Http(200, body), WithCodes({{"51", v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING}}));
  EXPECT_EQ(mapped.failure_reason, v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING);
  const ProviderResult numeric = ParseVoidResponse(
      Http(200, R"({"success": false, "returnCode": 51})"),
      WithCodes({{"51", v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING}}));
  EXPECT_EQ(numeric.failure_reason, v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING);
}

TEST(CieloCheckoutTransformersTest, EveryHttpAnswerOfAVoidHasAnOutcome) {
  struct Row {
    int http;
    std::string body;
    Outcome outcome;
    v1::FailureReason reason;
  };
  const Row rows[] = {
      {200, "not json", Outcome::kUnknown, v1::FAILURE_REASON_UNSPECIFIED},
      {200, R"({"status": 5})", Outcome::kUnknown, v1::FAILURE_REASON_UNSPECIFIED},
      {204, "", Outcome::kUnknown, v1::FAILURE_REASON_UNSPECIFIED},
      {400, R"({"message": "O parâmetro amount é inválido"})", Outcome::kFailed, v1::FAILURE_REASON_INVALID_REQUEST},
      {400, R"([{"Code": 1, "Message": "Saldo insuficiente"}])", Outcome::kFailed, v1::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE},
      {401, "", Outcome::kFailed, v1::FAILURE_REASON_PROVIDER_AUTHENTICATION},
      {403, "", Outcome::kFailed, v1::FAILURE_REASON_PERMISSION},
      {404, "", Outcome::kFailed, v1::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {409, "", Outcome::kFailed, v1::FAILURE_REASON_NOT_ELIGIBLE},
      {422, "", Outcome::kFailed, v1::FAILURE_REASON_NOT_ELIGIBLE},
      {429, "", Outcome::kFailed, v1::FAILURE_REASON_PROVIDER_UNAVAILABLE},
      {500, "", Outcome::kUnknown, v1::FAILURE_REASON_UNSPECIFIED},
      {503, "", Outcome::kUnknown, v1::FAILURE_REASON_UNSPECIFIED},
      {302, "", Outcome::kUnknown, v1::FAILURE_REASON_UNSPECIFIED},
  };
  for (const Row& row : rows) {
    const ProviderResult r = ParseVoidResponse(Http(row.http, row.body), WithCodes());
    EXPECT_EQ(r.outcome, row.outcome) << row.http << " " << row.body;
    EXPECT_EQ(r.failure_reason, row.reason) << row.http << " " << row.body;
  }
  const ProviderResult text = ParseVoidResponse(Http(400, "  amount inválido \n"), WithCodes());
  EXPECT_EQ(text.echo.message, "amount inválido");
}

TEST(CieloCheckoutAmountTest, FormatsExactlyInEitherUnit) {
  EXPECT_EQ(*FormatAmount(1234, AmountUnit::kCents), "1234");
  EXPECT_EQ(*FormatAmount(1, AmountUnit::kReais), "0.01");
  EXPECT_EQ(*FormatAmount(10, AmountUnit::kReais), "0.10");
  EXPECT_EQ(*FormatAmount(100, AmountUnit::kReais), "1.00");
  EXPECT_EQ(*FormatAmount(123456789012345678, AmountUnit::kReais), "1234567890123456.78");
  EXPECT_EQ(*FormatAmount(INT64_MAX, AmountUnit::kReais), "92233720368547758.07");
  EXPECT_FALSE(FormatAmount(0, AmountUnit::kCents).ok());
  EXPECT_FALSE(FormatAmount(-5, AmountUnit::kReais).ok());
  EXPECT_EQ(ParseCents("134"), 134);
  EXPECT_FALSE(ParseCents("1.34").has_value());
  EXPECT_FALSE(ParseCents("-1").has_value());
  EXPECT_FALSE(ParseCents("").has_value());
  EXPECT_EQ(AmountUnitFromName("reais"), AmountUnit::kReais);
  EXPECT_FALSE(AmountUnitFromName("Reais").has_value());
}

}  // namespace
}  // namespace cancela::providers::cielo_checkout
