#include "service/core/request_validation.h"

#include <climits>

#include "common/errors.h"
#include "gtest/gtest.h"

namespace cancela::core {
namespace {

v1::RefundRequest ValidRefund() {
  v1::RefundRequest r;
  r.set_provider_account("cielo-ecommerce/loja-centro");
  r.mutable_sale()->mutable_cielo_ecommerce()->set_payment_id(
      "24bc8366-fc31-4d6c-8555-17049a836a07");
  r.mutable_amount()->set_amount_minor_units(2500);
  r.mutable_amount()->set_currency_code("BRL");
  r.set_reason("customer returned an item");
  r.set_idempotency_key("3f0c9a7e-2b1d-4c5e-9f8a-7b6c5d4e3f2a");
  (*r.mutable_metadata())["order"] = "A-1001";
  return r;
}

void ExpectRejected(const v1::RefundRequest& r, const std::string& reason) {
  auto result = ValidateRefundRequest(r);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReasonOf(result.status()), reason) << result.status();
}

TEST(RequestValidationTest, AcceptsAWellFormedPartialRefund) {
  auto result = ValidateRefundRequest(ValidRefund());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->amount_minor_units, 2500);
  EXPECT_EQ(result->currency, "BRL");
  EXPECT_EQ(result->metadata.at("order"), "A-1001");
  EXPECT_EQ(std::get<providers::CieloEcommerceSaleRef>(result->sale).payment_id,
            "24bc8366-fc31-4d6c-8555-17049a836a07");
}

TEST(RequestValidationTest, NoAmountMeansTotal) {
  v1::RefundRequest r = ValidRefund();
  r.clear_amount();
  auto result = ValidateRefundRequest(r);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->amount_minor_units.has_value());
}

TEST(RequestValidationTest, RejectsBadAmounts) {
  for (int64_t amount : {int64_t{0}, int64_t{-1}, int64_t{LLONG_MIN}, int64_t{LLONG_MAX},
                         kMaxAmountMinorUnits + 1}) {
    v1::RefundRequest r = ValidRefund();
    r.mutable_amount()->set_amount_minor_units(amount);
    ExpectRejected(r, "AMOUNT_INVALID");
  }
}

TEST(RequestValidationTest, RejectsBadCurrencies) {
  for (const char* code : {"", "brl", "XXX", "BR", "BRLL", "R$"}) {
    v1::RefundRequest r = ValidRefund();
    r.mutable_amount()->set_currency_code(code);
    ExpectRejected(r, "CURRENCY_INVALID");
  }
}

TEST(RequestValidationTest, RejectsBadIdempotencyKeys) {
  for (const std::string& key : {std::string(), std::string(15, 'k'), std::string(256, 'k'),
                                 std::string("chave-com-acentuação-é"), std::string("has space in it!!"),
                                 std::string("nul\0inside-key-xx", 17)}) {
    v1::RefundRequest r = ValidRefund();
    r.set_idempotency_key(key);
    ExpectRejected(r, "IDEMPOTENCY_KEY_INVALID");
  }
  v1::RefundRequest r = ValidRefund();
  r.set_idempotency_key(std::string(255, 'k'));
  EXPECT_TRUE(ValidateRefundRequest(r).ok());
}

TEST(RequestValidationTest, RejectsOversizedOrControlText) {
  v1::RefundRequest r = ValidRefund();
  r.set_reason(std::string(501, 'x'));
  ExpectRejected(r, "FIELD_INVALID");
  r = ValidRefund();
  r.set_reason("line\nbreak");
  ExpectRejected(r, "FIELD_INVALID");
  r = ValidRefund();
  for (int i = 0; i < 21; ++i) (*r.mutable_metadata())["k" + std::to_string(i)] = "v";
  ExpectRejected(r, "FIELD_INVALID");
  r = ValidRefund();
  (*r.mutable_metadata())["bad key"] = "v";
  ExpectRejected(r, "FIELD_INVALID");
  r = ValidRefund();
  (*r.mutable_metadata())["k"] = std::string(501, 'v');
  ExpectRejected(r, "FIELD_INVALID");
}

TEST(RequestValidationTest, RejectsMalformedSaleReferences) {
  v1::RefundRequest r = ValidRefund();
  r.clear_sale();
  ExpectRejected(r, "SALE_REFERENCE_INVALID");
  for (const char* id : {"", "not-a-guid", "24bc8366-fc31-4d6c-8555-17049a836a0",
                         "24bc8366-fc31-4d6c-8555-17049a836a07x", "24bc8366xfc31-4d6c-8555-17049a836a07",
                         "../../1/sales/24bc8366-fc31-4d6c-8555", "24bc8366-fc31-4d6c-8555-17049a836a0g"}) {
    r = ValidRefund();
    r.mutable_sale()->mutable_cielo_ecommerce()->set_payment_id(id);
    ExpectRejected(r, "SALE_REFERENCE_INVALID");
  }
  r = ValidRefund();
  r.mutable_sale()->mutable_cielo_unica()->set_merchant_id("2005157770");
  ExpectRejected(r, "SALE_REFERENCE_INVALID");  // missing authorization code, date, amount
}

TEST(RequestValidationTest, RequiresAProviderAccount) {
  v1::RefundRequest r = ValidRefund();
  r.clear_provider_account();
  ExpectRejected(r, "FIELD_INVALID");
}

TEST(RequestValidationTest, ValidatesOperationIds) {
  EXPECT_TRUE(IsWellFormedOperationId("op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B"));
  EXPECT_FALSE(IsWellFormedOperationId("op_01JD0Z5W8K3N6Q2R4T7V9X1Y3"));
  EXPECT_FALSE(IsWellFormedOperationId("xx_01JD0Z5W8K3N6Q2R4T7V9X1Y3B"));
  EXPECT_FALSE(IsWellFormedOperationId("op_01jd0z5w8k3n6q2r4t7v9x1y3b"));
  EXPECT_FALSE(IsWellFormedOperationId("' OR 1=1 --"));
}

}  // namespace
}  // namespace cancela::core
