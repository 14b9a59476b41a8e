// Zoop's rules judged before calling, each at its boundary.

#include "providers/zoop/zoop_rules.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace cancela::providers::zoop {
namespace {

const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 12, 2, 15, 0, 0), absl::UTCTimeZone());

SaleSnapshot CapturedCredit(int64_t amount = 10000, int64_t cancelled = 0) {
  SaleSnapshot s;
  s.state = SaleState::kCaptured;
  s.provider_status = "succeeded";
  s.method = PaymentMethod::kCreditCard;
  s.currency = "BRL";
  s.authorized_minor_units = amount;
  s.captured_minor_units = amount;
  s.cancelled_minor_units = cancelled;
  s.sale_time = kNow - absl::Hours(72);
  s.capture_time = s.sale_time;
  return s;
}

CancelCommand Cancel(int64_t amount, bool total = false, OperationKind kind = OperationKind::kRefund) {
  CancelCommand c;
  c.kind = kind;
  c.sale = ZoopSaleRef{"t", "s"};
  c.total = total;
  c.amount_minor_units = amount;
  c.currency = "BRL";
  return c;
}

std::string Reason(const absl::Status& s) { return s.ok() ? "OK" : ErrorReasonOf(s); }

TEST(ZoopRulesTest, AmountUpToWhatRemains) {
  const Settings settings;
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(6000), CapturedCredit(10000, 4000), kNow)), "OK");
  const absl::Status over = CheckRules(settings, Cancel(6001), CapturedCredit(10000, 4000), kNow);
  EXPECT_EQ(over.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(over), "REFUND_EXCEEDS_BALANCE");
  EXPECT_EQ(GetErrorDetails(over).metadata["remainingMinorUnits"], "6000");
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(1, true), CapturedCredit(10000, 10000), kNow)),
            "REFUND_EXCEEDS_BALANCE");
}

TEST(ZoopRulesTest, PartialOnlyForCapturedCredit) {
  const Settings settings;
  SaleSnapshot debit = CapturedCredit(5000);
  debit.method = PaymentMethod::kDebitCard;
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(4999), debit, kNow)), "PARTIAL_NOT_ALLOWED");
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(5000, true), debit, kNow)), "OK");
  SaleSnapshot pre = CapturedCredit(7000);
  pre.state = SaleState::kAuthorized;
  pre.captured_minor_units = 0;
  pre.capture_time.reset();
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(6999, false, OperationKind::kVoid), pre, kNow)),
            "PARTIAL_NOT_ALLOWED");
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(7000, true, OperationKind::kVoid), pre, kNow)), "OK");
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(7000, true, OperationKind::kRefund), pre, kNow)),
            "SALE_NOT_CAPTURED");
}

TEST(ZoopRulesTest, StatesThatCannotBeCancelled) {
  const Settings settings;
  SaleSnapshot s = CapturedCredit();
  s.state = SaleState::kVoided;
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(1), s, kNow)), "SALE_ALREADY_CANCELLED");
  s.state = SaleState::kDenied;
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(1), s, kNow)), "SALE_NOT_ELIGIBLE");
  s.state = SaleState::kUnknown;  // dispute, charged_back
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(1), s, kNow)), "SALE_NOT_ELIGIBLE");
  s = CapturedCredit();
  s.method = PaymentMethod::kOther;  // boleto
  const absl::Status boleto = CheckRules(settings, Cancel(1, true), s, kNow);
  EXPECT_EQ(boleto.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(Reason(boleto), "OPERATION_NOT_SUPPORTED");
}

TEST(ZoopRulesTest, SettledSaleNeedsTheRelease) {
  Settings settings;
  SaleSnapshot settled = CapturedCredit();
  settled.settled = true;
  const absl::Status refused = CheckRules(settings, Cancel(100), settled, kNow);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(refused), "SETTLED_SALE_NEEDS_RELEASE");
  EXPECT_EQ(GetErrorDetails(refused).metadata["setting"], "settled_refund_release");
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(100), CapturedCredit(), kNow)), "OK");
  settings.settled_refund_release = true;
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(100), settled, kNow)), "OK");
}

TEST(ZoopRulesTest, WindowsAreOffUnlessConfiguredThenExact) {
  Settings settings;
  SaleSnapshot old = CapturedCredit();
  old.sale_time = kNow - absl::Hours(24 * 3000);
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(100), old, kNow)), "OK");
  settings.refund_window_days = 3;  // the sale is exactly 72 h old
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(100), CapturedCredit(), kNow)), "OK");
  EXPECT_EQ(Reason(CheckRules(settings, Cancel(100), CapturedCredit(), kNow + absl::Seconds(1))),
            "WINDOW_EXPIRED");
  settings.void_window_hours = 72;
  const CancelCommand void_all = Cancel(10000, true, OperationKind::kVoid);
  EXPECT_EQ(Reason(CheckRules(settings, void_all, CapturedCredit(), kNow)), "OK");
  EXPECT_EQ(Reason(CheckRules(settings, void_all, CapturedCredit(), kNow + absl::Seconds(1))),
            "WINDOW_EXPIRED");
}

TEST(ZoopRulesTest, BrlOnly) {
  CancelCommand usd = Cancel(100);
  usd.currency = "USD";
  const absl::Status s = CheckRules(Settings{}, usd, CapturedCredit(), kNow);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Reason(s), "CURRENCY_INVALID");
}

TEST(ZoopRulesTest, LimitsComeFromSettings) {
  Settings settings;
  EXPECT_EQ(LimitsFor(settings).min_interval_between_cancels, absl::ZeroDuration());
  EXPECT_FALSE(LimitsFor(settings).max_partial_cancels.has_value());  // repeatable partials
  settings.min_cancel_interval = absl::Seconds(2);
  EXPECT_EQ(LimitsFor(settings).min_interval_between_cancels, absl::Seconds(2));
}

}  // namespace
}  // namespace cancela::providers::zoop
