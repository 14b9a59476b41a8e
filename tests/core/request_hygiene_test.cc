// Card numbers and credentials in requests (docs/adr/0011-secret-hygiene.md): identifiers that
// carry one are refused with a reason naming the field, free text is stored masked, and real
// provider identifiers, long digit strings included, pass untouched.

#include <functional>
#include <string>

#include "common/errors.h"
#include "common/scrub.h"
#include "gtest/gtest.h"
#include "service/core/request_validation.h"

namespace cancela::core {
namespace {

constexpr char kCard[] = "4111111111111111";
constexpr char kGroupedCard[] = "4111-1111-1111-1111";
constexpr char kMasked[] = "411111******1111";

v1::RefundRequest ValidRefund() {
  v1::RefundRequest r;
  r.set_provider_account("zoop/marketplace-demo");
  v1::ZoopSale* zoop = r.mutable_sale()->mutable_zoop();
  zoop->set_transaction_id("5eed2000000000000000000000000001");
  zoop->set_on_behalf_of("5eed5e11e4000000000000000000000a");
  r.set_idempotency_key("3f0c9a7e-2b1d-4c5e-9f8a-7b6c5d4e3f2a");
  return r;
}

v1::CieloUnicaSale UnicaSale() {
  v1::CieloUnicaSale s;
  s.set_merchant_id("2005157771");
  s.set_authorization_code("546442");
  s.set_nsu("515028");
  s.set_tid("20051577703PPIQIJ7FB");
  s.set_sale_date("2026-11-29");
  s.mutable_sale_amount()->set_amount_minor_units(15000);
  s.mutable_sale_amount()->set_currency_code("BRL");
  s.set_product(v1::CIELO_UNICA_PRODUCT_CREDIT);
  s.set_brand("Mastercard");
  return s;
}

void ExpectRefused(const v1::RefundRequest& r, const std::string& reason, const std::string& field) {
  auto result = ValidateRefundRequest(r);
  ASSERT_FALSE(result.ok()) << field;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  const ErrorDetails details = GetErrorDetails(result.status());
  EXPECT_EQ(details.reason, reason) << result.status();
  EXPECT_EQ(details.metadata.at("field"), field);
  EXPECT_EQ(std::string(result.status().message()).find("4111"), std::string::npos)
      << "the refusal must not repeat the value: " << result.status();
}

TEST(RequestHygieneTest, RefusesACardNumberInAnIdentifier) {
  for (const std::string& card : {std::string(kCard), std::string(kGroupedCard),
                                 std::string("refund-") + kCard + "-retry"}) {
    v1::RefundRequest key = ValidRefund();
    key.set_idempotency_key(card.size() >= 16 ? card : card + "-padding");
    ExpectRefused(key, "CARD_NUMBER_IN_FIELD", "idempotency_key");

    v1::RefundRequest account = ValidRefund();
    account.set_provider_account("zoop/" + card);
    ExpectRefused(account, "CARD_NUMBER_IN_FIELD", "provider_account");
  }
  v1::RefundRequest metadata = ValidRefund();
  (*metadata.mutable_metadata())[kCard] = "order";
  ExpectRefused(metadata, "CARD_NUMBER_IN_FIELD", "metadata");
}

TEST(RequestHygieneTest, RefusesACardNumberInEverySaleReferenceField) {
  using Edit = std::function<void(v1::SaleReference&)>;
  const std::pair<std::string, Edit> cases[] = {
      {"sale.zoop.transaction_id",
       [](v1::SaleReference& s) {
         s.mutable_zoop()->set_transaction_id(kCard);
         s.mutable_zoop()->set_on_behalf_of("5eed5e11e4000000000000000000000a");
       }},
      {"sale.zoop.on_behalf_of",
       [](v1::SaleReference& s) {
         s.mutable_zoop()->set_transaction_id("5eed2000000000000000000000000001");
         s.mutable_zoop()->set_on_behalf_of(kGroupedCard);
       }},
      {"sale.payu.order_id",
       [](v1::SaleReference& s) {
         s.mutable_payu()->set_order_id(kCard);
         s.mutable_payu()->set_parent_transaction_id("5eed9a70-0000-4000-8000-000000000001");
       }},
      {"sale.payu.parent_transaction_id",
       [](v1::SaleReference& s) {
         s.mutable_payu()->set_order_id("9000000001");
         s.mutable_payu()->set_parent_transaction_id(kCard);
       }},
      {"sale.cielo_checkout.order_number",
       [](v1::SaleReference& s) { s.mutable_cielo_checkout()->set_order_number(kGroupedCard); }},
      {"sale.cielo_unica.authorization_code",
       [](v1::SaleReference& s) { (*s.mutable_cielo_unica() = UnicaSale()).set_authorization_code(kCard); }},
      {"sale.cielo_unica.nsu",
       [](v1::SaleReference& s) { (*s.mutable_cielo_unica() = UnicaSale()).set_nsu(kCard); }},
      {"sale.cielo_unica.tid",
       [](v1::SaleReference& s) { (*s.mutable_cielo_unica() = UnicaSale()).set_tid(kCard); }},
      {"sale.cielo_unica.brand",
       [](v1::SaleReference& s) { (*s.mutable_cielo_unica() = UnicaSale()).set_brand(kCard); }},
  };
  for (const auto& [field, edit] : cases) {
    v1::RefundRequest r = ValidRefund();
    r.clear_sale();
    edit(*r.mutable_sale());
    ExpectRefused(r, "CARD_NUMBER_IN_FIELD", field);
  }
}

TEST(RequestHygieneTest, RefusesACredentialInAnIdentifier) {
  v1::RefundRequest key = ValidRefund();
  key.set_idempotency_key("retry-api_key=CANARY0001");
  ExpectRefused(key, "SECRET_IN_FIELD", "idempotency_key");

  RememberSecret("CANARY-configured-merchant-key-0001");
  v1::RefundRequest zoop = ValidRefund();
  zoop.mutable_sale()->mutable_zoop()->set_transaction_id("CANARY-configured-merchant-key-0001");
  ExpectRefused(zoop, "SECRET_IN_FIELD", "sale.zoop.transaction_id");
}

TEST(RequestHygieneTest, StoresFreeTextMasked) {
  v1::RefundRequest r = ValidRefund();
  r.set_reason(std::string("customer read the card ") + kGroupedCard + " aloud; Bearer CANARY-tok1");
  (*r.mutable_metadata())["note"] = std::string("{\"card\":\"") + kCard + "\",\"password\":\"pw1\"}";
  (*r.mutable_metadata())["order"] = "1234567890123456";  // not Luhn-valid: an order number stays
  auto result = ValidateRefundRequest(r);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->reason, std::string("customer read the card ") + kMasked + " aloud; Bearer [REDACTED]");
  EXPECT_EQ(result->metadata.at("note"),
            std::string("{\"card\":\"") + kMasked + "\",\"password\":\"[REDACTED]\"}");
  EXPECT_EQ(result->metadata.at("order"), "1234567890123456");
}

TEST(RequestHygieneTest, AcceptsRealProviderIdentifiers) {
  // The sandbox's seeded sales and the identifiers of ../shared/providers.md, long digit strings
  // among them; "0719094510729" is a 13-digit Cielo TID that passes the Luhn check.
  v1::RefundRequest zoop = ValidRefund();
  ASSERT_TRUE(ValidateRefundRequest(zoop).ok());

  v1::RefundRequest payu = ValidRefund();
  payu.mutable_sale()->mutable_payu()->set_order_id("1400462414");
  payu.mutable_sale()->mutable_payu()->set_parent_transaction_id("5fde3c2c-540d-4579-96f7-2a4b8c65a951");
  EXPECT_TRUE(ValidateRefundRequest(payu).ok());

  v1::RefundRequest checkout = ValidRefund();
  checkout.mutable_sale()->mutable_cielo_checkout()->set_order_number("c4ec0000000000000000000000000001");
  EXPECT_TRUE(ValidateRefundRequest(checkout).ok());

  for (const char* tid : {"20051577703PPIQIJ7FB", "0719094510729", "0223103744208"}) {
    v1::RefundRequest unica = ValidRefund();
    *unica.mutable_sale()->mutable_cielo_unica() = UnicaSale();
    unica.mutable_sale()->mutable_cielo_unica()->set_tid(tid);
    auto result = ValidateRefundRequest(unica);
    EXPECT_TRUE(result.ok()) << tid << ": " << result.status();
  }

  v1::RefundRequest ecommerce = ValidRefund();
  // A GUID whose first 16 digits pass the Luhn check is still a GUID.
  ecommerce.mutable_sale()->mutable_cielo_ecommerce()->set_payment_id(
      "12345678-1234-1000-1234-123456789012");
  ecommerce.set_idempotency_key("12345678-1234-1000-1234-123456789012");
  EXPECT_TRUE(ValidateRefundRequest(ecommerce).ok());
}

}  // namespace
}  // namespace cancela::core
