#include "providers/cielo_unica/cielo_unica_rules.h"

#include "common/errors.h"
#include "gtest/gtest.h"
#include "tests/providers/cielo_unica/cielo_unica_test_support.h"

namespace cancela::providers::cielo_unica {
namespace {

using testing::Command;
using testing::Sale;

class RulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = ParseSettings(testing::SettingsJson());
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    settings_ = *parsed;
  }
  // 2026-11-20 15:00 Brasília.
  absl::Time Now() const {
    return absl::FromCivil(absl::CivilSecond(2026, 11, 20, 15, 0, 0), BrasiliaTime());
  }
  absl::Status Check(const CancelCommand& command) const {
    auto sale = SnapshotOf(command.sale);
    EXPECT_TRUE(sale.ok());
    return CheckRules(settings_, command, *sale, Now());
  }
  Settings settings_;
};

TEST_F(RulesTest, CreditTotalAndPartialPass) {
  EXPECT_TRUE(Check(Command(Sale(), std::nullopt)).ok());
  EXPECT_TRUE(Check(Command(Sale(), 1)).ok());
  EXPECT_TRUE(Check(Command(Sale(), 70000)).ok());
}

TEST_F(RulesTest, AmountAboveTheSaleIsRefusedAtTheBoundary) {
  const absl::Status s = Check(Command(Sale(), 70001));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(s), "REFUND_EXCEEDS_BALANCE");
  EXPECT_EQ(GetErrorDetails(s).metadata["remainingMinorUnits"], "70000");
}

TEST_F(RulesTest, BrlOnly) {
  CancelCommand c = Command(Sale(), 100);
  c.currency = "USD";
  EXPECT_EQ(ErrorReasonOf(Check(c)), "CURRENCY_INVALID");
  CieloUnicaSaleRef sale = Sale();
  sale.sale_currency = "ARS";
  const absl::Status s = Check(Command(sale, 100));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReasonOf(s), "CURRENCY_INVALID");
}

TEST_F(RulesTest, PixVoucherAndPreAuthorisationAreRefusedWithAReason) {
  for (const char* product : {"pix", "voucher", "pre_authorization"}) {
    const absl::Status s = Check(Command(Sale(product), std::nullopt));
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << product;
    EXPECT_EQ(ErrorReasonOf(s), "SALE_NOT_ELIGIBLE") << product;
    EXPECT_EQ(GetErrorDetails(s).metadata["product"], product);
  }
  EXPECT_EQ(GetErrorDetails(Check(Command(Sale("pix"), 100))).metadata["provider"],
            "cielo_ecommerce");
}

TEST_F(RulesTest, AMissingProductIsABadReference) {
  const absl::Status s = Check(Command(Sale(""), std::nullopt));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReasonOf(s), "SALE_REFERENCE_INVALID");
  EXPECT_EQ(GetErrorDetails(s).metadata["field"], "sale.cielo_unica.product");
}

TEST_F(RulesTest, DebitIsTotalOnlyUnlessMastercard) {
  EXPECT_TRUE(Check(Command(Sale("debit", "Visa", 8000), std::nullopt)).ok());
  EXPECT_TRUE(Check(Command(Sale("debit", "Visa", 8000), 8000)).ok());  // the whole sale
  const absl::Status partial = Check(Command(Sale("debit", "Visa", 8000), 7999));
  EXPECT_EQ(partial.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(partial), "PARTIAL_NOT_ALLOWED");
  EXPECT_TRUE(Check(Command(Sale("debit", "Mastercard", 8000), 7999)).ok());
  EXPECT_TRUE(Check(Command(Sale("debit", "MASTERCARD", 8000), 1)).ok());  // brand case-insensitive
}

TEST_F(RulesTest, MastercardDebitAllowsOnePartialThroughTheStoreLimit) {
  EXPECT_EQ(LimitsFor(settings_, Command(Sale("debit", "Mastercard"), 100)).max_partial_cancels, 1);
  EXPECT_FALSE(LimitsFor(settings_, Command(Sale("credit", "Mastercard"), 100)).max_partial_cancels);
}

TEST_F(RulesTest, AnEcOutsideTheAccountsCnpjRootsIsRefused) {
  EXPECT_TRUE(Check(Command(Sale("credit", "Elo", 9000, "3005157770"), std::nullopt)).ok());
  const absl::Status s = Check(Command(Sale("credit", "Visa", 3300, "4005157770"), std::nullopt));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(s), "MERCHANT_NOT_IN_ACCOUNT");
  EXPECT_EQ(GetErrorDetails(s).metadata["merchantId"], "4005157770");
}

TEST_F(RulesTest, SaleDatesInTheFutureAreRefusedTodayIsFine) {
  EXPECT_TRUE(Check(Command(Sale("credit", "Visa", 100, "2005157770", "546441", "2026-11-20"),
                            std::nullopt)).ok());
  const absl::Status s = Check(
      Command(Sale("credit", "Visa", 100, "2005157770", "546441", "2026-11-21"), std::nullopt));
  EXPECT_EQ(ErrorReasonOf(s), "SALE_REFERENCE_INVALID");
}

TEST_F(RulesTest, TheOptionalSaleAgeWindowHasAnInclusiveLastDay) {
  settings_.max_sale_age_days = 3;
  EXPECT_TRUE(Check(Command(Sale("credit", "Visa", 100, "2005157770", "546441", "2026-11-17"),
                            std::nullopt)).ok());
  const absl::Status s = Check(
      Command(Sale("credit", "Visa", 100, "2005157770", "546441", "2026-11-16"), std::nullopt));
  EXPECT_EQ(ErrorReasonOf(s), "WINDOW_EXPIRED");
  EXPECT_EQ(GetErrorDetails(s).metadata["windowDays"], "3");
}

TEST_F(RulesTest, SnapshotComesFromTheReference) {
  auto s = SnapshotOf(SaleRef(Sale("debit", "Mastercard", 12000)));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->method, PaymentMethod::kDebitCard);
  EXPECT_EQ(s->state, SaleState::kCaptured);
  EXPECT_EQ(s->captured_minor_units, 12000);
  EXPECT_EQ(s->cancelled_minor_units, 0);
  EXPECT_EQ(s->currency, "BRL");
  EXPECT_FALSE(SnapshotOf(SaleRef(CieloEcommerceSaleRef{"x"})).ok());
}

}  // namespace
}  // namespace cancela::providers::cielo_unica
