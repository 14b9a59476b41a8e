#include "service/letters/letter_facts.h"

#include "absl/strings/match.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "tests/letters/letter_fixtures.h"

namespace cancela::letters {
namespace {

using cancela::testing::SucceededRefund;
using cancela::testing::VisaSale;

TEST(LetterFactsTest, GathersTheOperationTheSaleAndTheProvidersReferences) {
  auto facts = GatherFacts(SucceededRefund(), VisaSale(), {"Loja Centro Comércio Ltda", "1234567890"});
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->merchant_name, "Loja Centro Comércio Ltda");
  EXPECT_EQ(facts->merchant_id, "1234567890");
  EXPECT_EQ(facts->card_last_four, "0183");
  EXPECT_EQ(facts->card_brand, "Visa");
  EXPECT_EQ(facts->cancelled_minor_units, 123456);
  EXPECT_EQ(facts->sale_amount_minor_units, 250000);
  ASSERT_TRUE(facts->sale_time.has_value());
  EXPECT_EQ(*facts->sale_time, cancela::testing::LetterTestTime() - absl::Hours(240));
  EXPECT_EQ(facts->completed_time, cancela::testing::LetterTestTime() + absl::Seconds(1));
  ASSERT_EQ(facts->identifiers.size(), 2u);
  EXPECT_EQ(facts->identifiers[0].key, "payment_id");
  EXPECT_EQ(facts->identifiers[1].key, "proof_of_sale");
  EXPECT_EQ(facts->identifiers[1].value, "NSU123456");
  EXPECT_EQ(facts->provider_reference, "AUTH-778899");
}

TEST(LetterFactsTest, PixSalesAreIdentifiedByTheirEndToEndId) {
  providers::SaleSnapshot pix = VisaSale();
  pix.method = providers::PaymentMethod::kPix;
  pix.brand.clear();
  pix.card_last_four.clear();
  pix.reference = "E0123456720261110150000ABCDEFGHIJK";
  auto facts = GatherFacts(SucceededRefund(), pix, {});
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(facts->identifiers.back().key, "end_to_end_id");
  EXPECT_EQ(facts->card_last_four, "");
  EXPECT_EQ(facts->merchant_name, "cielo-ecommerce/loja-centro");  // no configured name
}

TEST(LetterFactsTest, CieloUnicaSalesCarryTheirOwnFacts) {
  store::OperationRecord record = SucceededRefund();
  record.provider = "cielo_unica";
  v1::SaleReference sale;
  v1::CieloUnicaSale* unica = sale.mutable_cielo_unica();
  unica->set_merchant_id("2005157770");
  unica->set_authorization_code("546441");
  unica->set_nsu("1122");
  unica->set_sale_date("2026-11-10");
  unica->set_card_last_four("1234");
  record.sale_reference = sale.SerializeAsString();
  auto facts = GatherFacts(record, std::nullopt, {});
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(facts->merchant_id, "2005157770");
  EXPECT_EQ(facts->sale_date, "2026-11-10");
  EXPECT_EQ(facts->card_last_four, "1234");
  ASSERT_EQ(facts->identifiers.size(), 2u);
  EXPECT_EQ(facts->identifiers[0].value, "546441");
  EXPECT_EQ(facts->identifiers[1].value, "1122");
}

TEST(LetterFactsTest, OnlySucceededOperationsHaveFacts) {
  for (v1::OperationStatus status : {v1::OPERATION_STATUS_PENDING, v1::OPERATION_STATUS_FAILED}) {
    store::OperationRecord record = SucceededRefund();
    record.status = status;
    auto facts = GatherFacts(record, VisaSale(), {});
    EXPECT_EQ(facts.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ErrorReasonOf(facts.status()), "LETTER_NOT_AVAILABLE");
  }
}

TEST(LetterFactsTest, NeverKeepsMoreThanTheLastFourDigits) {
  EXPECT_EQ(LastFourDigits("4551870000000183"), "0183");
  EXPECT_EQ(LastFourDigits("455187******0183"), "0183");
  EXPECT_EQ(LastFourDigits("0183"), "0183");
  EXPECT_EQ(LastFourDigits("183"), "");
  EXPECT_EQ(LastFourDigits("4551-87**-****"), "");
  providers::SaleSnapshot full = VisaSale();
  full.card_last_four = "4551870000000183";
  auto facts = GatherFacts(SucceededRefund(), full, {});
  ASSERT_TRUE(facts.ok());
  EXPECT_FALSE(absl::StrContains(CanonicalForm(*facts), "455187"));
}

TEST(LetterFactsTest, WhatProvidersAndCallersWroteIsPrintedScrubbed) {
  providers::SaleSnapshot loud = VisaSale();
  loud.brand = "Visa 4111111111111111";
  loud.reference = "NSU 4111-1111-1111-1111";
  store::OperationRecord record = SucceededRefund();
  record.echo.reference = "cancellation api_key=CANARY-letter-0001";
  auto facts = GatherFacts(record, loud, {"Loja token=CANARY-letter-0002", ""});
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->card_brand, "Visa 411111******1111");
  EXPECT_EQ(facts->identifiers.back().value, "NSU 411111******1111");
  EXPECT_EQ(facts->provider_reference, "cancellation api_key=[REDACTED]");
  EXPECT_EQ(facts->merchant_name, "Loja token=[REDACTED]");
  const std::string canonical = CanonicalForm(*facts);
  EXPECT_FALSE(absl::StrContains(canonical, "4111111111111111"));
  EXPECT_FALSE(absl::StrContains(canonical, "CANARY-letter"));
}

TEST(LetterFactsTest, TheHashIsStableAndChangesWithAnyFact) {
  auto facts = GatherFacts(SucceededRefund(), VisaSale(), {});
  ASSERT_TRUE(facts.ok());
  const std::string hash = VerificationHash(*facts);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(VerificationHash(*GatherFacts(SucceededRefund(), VisaSale(), {})), hash);
  LetterFacts other = *facts;
  other.cancelled_minor_units += 1;
  EXPECT_NE(VerificationHash(other), hash);
  other = *facts;
  other.card_last_four = "0184";
  EXPECT_NE(VerificationHash(other), hash);
  // A value cannot forge another line: line breaks are escaped.
  other = *facts;
  other.merchant_name = "x\ncancelled_minor_units=1";
  EXPECT_FALSE(absl::StrContains(CanonicalForm(other), "\ncancelled_minor_units=1\n"));
}

TEST(LetterFactsTest, TheCanonicalFormIsVersionedAndInMinorUnitsAndUtc) {
  auto facts = GatherFacts(SucceededRefund(), VisaSale(), {});
  ASSERT_TRUE(facts.ok());
  const std::string canonical = CanonicalForm(*facts);
  EXPECT_TRUE(absl::StartsWith(canonical, "cancela-letter-facts/v1\n"));
  EXPECT_TRUE(absl::StrContains(canonical, "\ncancelled_minor_units=123456\n"));
  EXPECT_TRUE(absl::StrContains(canonical, "\ncompleted_time=2026-11-20T18:00:01.000000Z\n"));
  EXPECT_TRUE(absl::StrContains(canonical, "\nsale.payment_id=5eed0000-0000-4000-8000-000000000001\n"));
}

}  // namespace
}  // namespace cancela::letters
