// Cielo E-commerce's rules, with the clock at chosen moments in Brasília.

#include "providers/cielo_ecommerce/cielo_ecommerce_rules.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace cancela::providers::cielo_ecommerce {
namespace {

absl::Time Brt(int y, int mo, int d, int h, int mi = 0) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), absl::FixedTimeZone(-3 * 3600));
}

SaleSnapshot Card(SaleState state, absl::Time when, PaymentMethod method = PaymentMethod::kCreditCard) {
  SaleSnapshot s;
  s.state = state;
  s.method = method;
  s.currency = "BRL";
  s.authorized_minor_units = 10000;
  s.captured_minor_units = state == SaleState::kAuthorized ? 0 : 10000;
  s.sale_time = when;
  if (state != SaleState::kAuthorized) s.capture_time = when;
  return s;
}

CancelCommand Command(OperationKind kind, bool total, int64_t amount = 1000) {
  CancelCommand c;
  c.kind = kind;
  c.total = total;
  c.amount_minor_units = amount;
  c.currency = "BRL";
  return c;
}

std::string Reason(const absl::Status& s) { return s.ok() ? "OK" : ErrorReasonOf(s); }

const Settings kSettings;

TEST(CieloEcommerceRulesTest, RefundNeedsACaptureFromAnEarlierDay) {
  const absl::Time now = Brt(2026, 11, 20, 15);
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kRefund, false),
                              Card(SaleState::kCaptured, Brt(2026, 11, 19, 23, 59)), now)), "OK");
  const absl::Status same_day = CheckRules(kSettings, Command(OperationKind::kRefund, false),
                                           Card(SaleState::kCaptured, Brt(2026, 11, 20, 0, 1)), now);
  EXPECT_EQ(Reason(same_day), "TOO_EARLY");
  // Retry once the Brasília day turns: nine hours after 15:00.
  EXPECT_EQ(*GetErrorDetails(same_day).retry_after, absl::Hours(9));
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kRefund, false),
                              Card(SaleState::kAuthorized, now), now)), "SALE_NOT_CAPTURED");
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kRefund, true),
                              Card(SaleState::kRefunded, now - absl::Hours(48)), now)),
            "SALE_ALREADY_CANCELLED");
}

TEST(CieloEcommerceRulesTest, CardWindowIsPerPaymentTypeAndConfigurable) {
  const absl::Time now = Brt(2026, 11, 20, 15);
  const SaleSnapshot old = Card(SaleState::kCaptured, now - absl::Hours(24 * 361));
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kRefund, false), old, now)),
            "WINDOW_EXPIRED");
  Settings longer;
  longer.card_refund_window_days["CreditCard"] = 690;
  EXPECT_EQ(Reason(CheckRules(longer, Command(OperationKind::kRefund, false), old, now)), "OK");
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kRefund, false),
                              Card(SaleState::kCaptured, now - absl::Hours(24 * 359)), now)), "OK");
}

TEST(CieloEcommerceRulesTest, VoidRules) {
  const absl::Time now = Brt(2026, 11, 20, 15);
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kVoid, true),
                              Card(SaleState::kAuthorized, now), now)), "OK");
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kVoid, false),
                              Card(SaleState::kAuthorized, now), now)), "PARTIAL_NOT_ALLOWED");
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kVoid, false),
                              Card(SaleState::kCaptured, Brt(2026, 11, 20, 9)), now)), "OK");
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kVoid, true),
                              Card(SaleState::kCaptured, Brt(2026, 11, 19, 22)), now)),
            "SALE_NOT_VOIDABLE");
}

TEST(CieloEcommerceRulesTest, PixRules) {
  const absl::Time now = Brt(2026, 11, 20, 15);
  SaleSnapshot pix = Card(SaleState::kCaptured, now - absl::Hours(24 * 89), PaymentMethod::kPix);
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kRefund, false), pix, now)), "OK");
  const absl::Status voided = CheckRules(kSettings, Command(OperationKind::kVoid, true), pix, now);
  EXPECT_EQ(voided.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(Reason(voided), "OPERATION_NOT_SUPPORTED");
  pix.sale_time = now - absl::Hours(24 * 91);
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kRefund, false), pix, now)),
            "WINDOW_EXPIRED");
}

TEST(CieloEcommerceRulesTest, PartialAndAmountRules) {
  const absl::Time now = Brt(2026, 11, 20, 15);
  SaleSnapshot debit = Card(SaleState::kCaptured, now - absl::Hours(72), PaymentMethod::kDebitCard);
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kRefund, false), debit, now)), "OK");
  debit.cancelled_minor_units = 1000;
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kRefund, false), debit, now)),
            "PARTIAL_LIMIT_REACHED");
  EXPECT_EQ(LimitsFor(kSettings, debit).max_partial_cancels, 1);
  SaleSnapshot alelo = Card(SaleState::kCaptured, Brt(2026, 11, 20, 9));  // today
  alelo.brand = "Alelo";
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kVoid, true), alelo, now)), "OK");
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kVoid, false), alelo, now)),
            "PARTIAL_NOT_ALLOWED");
  alelo.sale_time = alelo.sale_time - absl::Hours(72);
  alelo.capture_time = alelo.sale_time;
  EXPECT_EQ(Reason(CheckRules(kSettings, Command(OperationKind::kRefund, true), alelo, now)),
            "SALE_NOT_ELIGIBLE");
  SaleSnapshot card = Card(SaleState::kCaptured, now - absl::Hours(72));
  card.cancelled_minor_units = 9500;
  const absl::Status over = CheckRules(kSettings, Command(OperationKind::kRefund, false, 501), card, now);
  EXPECT_EQ(Reason(over), "REFUND_EXCEEDS_BALANCE");
  EXPECT_EQ(GetErrorDetails(over).metadata.at("remainingMinorUnits"), "500");
  CancelCommand usd = Command(OperationKind::kRefund, false);
  usd.currency = "USD";
  EXPECT_EQ(Reason(CheckRules(kSettings, usd, card, now)), "CURRENCY_INVALID");
  EXPECT_EQ(LimitsFor(kSettings, card).min_interval_between_cancels, absl::Seconds(5));
}

}  // namespace
}  // namespace cancela::providers::cielo_ecommerce
