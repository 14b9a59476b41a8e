// Every rule judged before calling, at its boundary.

#include "providers/cielo_checkout/cielo_checkout_rules.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace cancela::providers::cielo_checkout {
namespace {

const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 11, 20, 18, 0, 0), absl::UTCTimeZone());

SaleSnapshot Paid(int64_t amount = 10000) {
  SaleSnapshot s;
  s.state = SaleState::kCaptured;
  s.provider_status = "Paid";
  s.method = PaymentMethod::kCreditCard;
  s.currency = "BRL";
  s.authorized_minor_units = amount;
  s.captured_minor_units = amount;
  s.sale_time = kNow - absl::Hours(24 * 10);
  return s;
}

SaleSnapshot Authorized(int64_t amount = 10000) {
  SaleSnapshot s = Paid(amount);
  s.state = SaleState::kAuthorized;
  s.provider_status = "Authorized";
  s.captured_minor_units = 0;
  return s;
}

CancelCommand Command(OperationKind kind, std::optional<int64_t> partial, int64_t remaining = 10000) {
  CancelCommand c;
  c.kind = kind;
  c.sale = CieloCheckoutSaleRef{"c4ec0000000000000000000000000001"};
  c.total = !partial.has_value();
  c.amount_minor_units = partial.value_or(remaining);
  c.currency = "BRL";
  return c;
}

std::string Reason(const absl::Status& s) { return s.ok() ? "OK" : ErrorReasonOf(s); }

TEST(CieloCheckoutRulesTest, PaidCreditOrdersAreRefundableAndVoidableInFullOrPart) {
  const Settings settings;
  for (OperationKind kind : {OperationKind::kRefund, OperationKind::kVoid}) {
    EXPECT_TRUE(CheckRules(settings, Command(kind, std::nullopt), Paid(), kNow).ok());
    EXPECT_TRUE(CheckRules(settings, Command(kind, 1), Paid(), kNow).ok());
    EXPECT_TRUE(CheckRules(settings, Command(kind, 10000), Paid(), kNow).ok());
  }
}

TEST(CieloCheckoutRulesTest, AmountAboveWhatRemainsIsRefused) {
  const absl::Status s = CheckRules(Settings{}, Command(OperationKind::kRefund, 10001), Paid(), kNow);
  EXPECT_EQ(Reason(s), "REFUND_EXCEEDS_BALANCE");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetErrorDetails(s).metadata.at("remainingMinorUnits"), "10000");
}

TEST(CieloCheckoutRulesTest, PartialOnlyAfterCapture) {
  const Settings settings;
  EXPECT_EQ(Reason(CheckRules(settings, Command(OperationKind::kVoid, 100), Authorized(), kNow)),
            "PARTIAL_NOT_ALLOWED");
  EXPECT_TRUE(CheckRules(settings, Command(OperationKind::kVoid, std::nullopt), Authorized(), kNow).ok());
  EXPECT_EQ(Reason(CheckRules(settings, Command(OperationKind::kRefund, std::nullopt), Authorized(), kNow)),
            "SALE_NOT_CAPTURED");
}

TEST(CieloCheckoutRulesTest, QueryWindowOf45DaysAtItsBoundary) {
  const Settings settings;
  SaleSnapshot sale = Paid();
  sale.sale_time = kNow - absl::Hours(24 * 45);
  EXPECT_TRUE(CheckRules(settings, Command(OperationKind::kRefund, std::nullopt), sale, kNow).ok());
  sale.sale_time -= absl::Seconds(1);
  const absl::Status late = CheckRules(settings, Command(OperationKind::kRefund, std::nullopt), sale, kNow);
  EXPECT_EQ(Reason(late), "WINDOW_EXPIRED");
  EXPECT_EQ(GetErrorDetails(late).metadata.at("windowDays"), "45");
  Settings longer;
  longer.query_window_days = 60;
  EXPECT_TRUE(CheckRules(longer, Command(OperationKind::kRefund, std::nullopt), sale, kNow).ok());
}

TEST(CieloCheckoutRulesTest, OnlyConfiguredPaymentTypesAreCancelled) {
  Settings settings;
  for (PaymentMethod m : {PaymentMethod::kDebitCard, PaymentMethod::kPix, PaymentMethod::kOther,
                          PaymentMethod::kUnknown}) {
    SaleSnapshot sale = Paid();
    sale.method = m;
    const absl::Status s = CheckRules(settings, Command(OperationKind::kRefund, std::nullopt), sale, kNow);
    EXPECT_EQ(Reason(s), "SALE_NOT_ELIGIBLE");
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  }
  settings.cancellable_methods.insert(PaymentMethod::kDebitCard);
  SaleSnapshot debit = Paid();
  debit.method = PaymentMethod::kDebitCard;
  EXPECT_TRUE(CheckRules(settings, Command(OperationKind::kRefund, std::nullopt), debit, kNow).ok());
}

TEST(CieloCheckoutRulesTest, EveryStatusThatCannotBeCancelledSaysWhy) {
  const Settings settings;
  struct Row {
    const char* status;
    SaleState state;
    const char* reason;
  };
  const Row rows[] = {{"Pending", SaleState::kPending, "SALE_NOT_ELIGIBLE"},
                      {"Denied", SaleState::kDenied, "SALE_NOT_ELIGIBLE"},
                      {"Expired", SaleState::kAborted, "SALE_NOT_ELIGIBLE"},
                      {"Voided", SaleState::kVoided, "SALE_ALREADY_CANCELLED"},
                      {"NotFinalized", SaleState::kPending, "SALE_NOT_ELIGIBLE"},
                      {"Chargeback", SaleState::kAborted, "SALE_NOT_ELIGIBLE"},
                      {"Refunded", SaleState::kUnknown, "SALE_NOT_ELIGIBLE"}};
  for (const Row& row : rows) {
    SaleSnapshot sale = Paid();
    sale.state = row.state;
    sale.provider_status = row.status;
    const absl::Status s = CheckRules(settings, Command(OperationKind::kVoid, std::nullopt), sale, kNow);
    EXPECT_EQ(Reason(s), row.reason) << row.status;
    EXPECT_EQ(GetErrorDetails(s).metadata.at("providerStatus"), row.status);
  }
}

TEST(CieloCheckoutRulesTest, BrlOnly) {
  CancelCommand c = Command(OperationKind::kRefund, 100);
  c.currency = "USD";
  const absl::Status s = CheckRules(Settings{}, c, Paid(), kNow);
  EXPECT_EQ(Reason(s), "CURRENCY_INVALID");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
}

TEST(CieloCheckoutRulesTest, TheStoreSpacesCancellationsOfOneOrder) {
  Settings settings;
  EXPECT_EQ(LimitsFor(settings).min_interval_between_cancels, absl::Seconds(5));
  EXPECT_FALSE(LimitsFor(settings).max_partial_cancels.has_value());  // repeatable to the total
  settings.min_cancel_interval = absl::Milliseconds(1500);
  EXPECT_EQ(LimitsFor(settings).min_interval_between_cancels, absl::Milliseconds(1500));
}

}  // namespace
}  // namespace cancela::providers::cielo_checkout
