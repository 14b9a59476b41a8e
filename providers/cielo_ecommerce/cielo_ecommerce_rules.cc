#include "providers/cielo_ecommerce/cielo_ecommerce_rules.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_transformers.h"

namespace cancela::providers::cielo_ecommerce {
namespace {

absl::Status Precondition(v1::ErrorReason reason, const std::string& message,
                          ErrorMetadata metadata = {}) {
  return MakeError(absl::StatusCode::kFailedPrecondition, reason, message, std::move(metadata));
}

std::string Rfc3339(absl::Time t) { return absl::FormatTime(absl::RFC3339_sec, t, BrasiliaTime()); }

absl::Time StartOfDay(absl::Time t) {
  const absl::CivilDay day = absl::ToCivilDay(t, BrasiliaTime());
  return absl::FromCivil(day, BrasiliaTime());
}

bool SameBrasiliaDay(absl::Time a, absl::Time b) {
  return absl::ToCivilDay(a, BrasiliaTime()) == absl::ToCivilDay(b, BrasiliaTime());
}

absl::Status WithinWindow(absl::Time from, int days, absl::Time now) {
  const absl::Time deadline = from + absl::Hours(24 * days);
  if (from != absl::InfinitePast() && now > deadline) {
    return Precondition(v1::WINDOW_EXPIRED,
                        absl::StrCat("Cielo cancels this sale only up to ", days,
                                     " days after it was made"),
                        {{"deadline", Rfc3339(deadline)}, {"windowDays", absl::StrCat(days)}});
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckRules(const Settings& settings, const CancelCommand& command,
                        const SaleSnapshot& sale, absl::Time now) {
  if (command.currency != "BRL") {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::CURRENCY_INVALID,
                     "Cielo E-commerce cancels in BRL only", {{"currencyCode", "BRL"}});
  }
  const bool is_void = command.kind == OperationKind::kVoid;

  if (sale.state == SaleState::kVoided || sale.state == SaleState::kRefunded) {
    return Precondition(v1::SALE_ALREADY_CANCELLED, "the sale is already cancelled");
  }

  if (sale.method == PaymentMethod::kPix) {
    if (is_void) {
      return MakeError(absl::StatusCode::kUnimplemented, v1::OPERATION_NOT_SUPPORTED,
                       "a Pix sale cannot be voided; refund it", {{"paymentMethod", "Pix"}});
    }
    if (sale.state != SaleState::kCaptured) {
      return Precondition(v1::SALE_NOT_ELIGIBLE, "only a paid Pix sale can be refunded");
    }
    if (auto s = WithinWindow(sale.sale_time, settings.pix_refund_window_days, now); !s.ok()) return s;
  } else if (is_void) {
    if (sale.state == SaleState::kAuthorized) {
      if (!command.total) {
        return Precondition(v1::PARTIAL_NOT_ALLOWED,
                            "a sale that is only authorised can only be voided in full");
      }
    } else if (sale.state == SaleState::kCaptured) {
      const absl::Time captured = sale.capture_time.value_or(sale.sale_time);
      if (!SameBrasiliaDay(captured, now)) {
        return Precondition(v1::SALE_NOT_VOIDABLE,
                            "the sale was captured before today; refund it instead");
      }
    } else {
      return Precondition(v1::SALE_NOT_ELIGIBLE, "the sale's status does not allow a void",
                          {{"providerStatus", sale.provider_status}});
    }
  } else {  // card refund
    if (sale.state == SaleState::kAuthorized) {
      return Precondition(v1::SALE_NOT_CAPTURED, "the sale is only authorised; void it instead");
    }
    if (sale.state != SaleState::kCaptured) {
      return Precondition(v1::SALE_NOT_ELIGIBLE, "the sale's status does not allow a refund",
                          {{"providerStatus", sale.provider_status}});
    }
    const absl::Time captured = sale.capture_time.value_or(sale.sale_time);
    if (SameBrasiliaDay(captured, now)) {
      // Cielo refunds from D+1; on the capture day the cancellation is a void.
      const absl::Time tomorrow = StartOfDay(now) + absl::Hours(24);
      return MakeRetryableError(absl::StatusCode::kFailedPrecondition, v1::TOO_EARLY,
                                "the sale was captured today: void it, or refund it from tomorrow",
                                tomorrow - now, {{"rule", "capture_day"}});
    }
    const std::string type = sale.method == PaymentMethod::kDebitCard ? "DebitCard" : "CreditCard";
    auto window = settings.card_refund_window_days.find(type);
    const int days = window == settings.card_refund_window_days.end()
                         ? settings.default_card_refund_window_days
                         : window->second;
    if (auto s = WithinWindow(sale.sale_time, days, now); !s.ok()) return s;
  }

  // Alelo vouchers: total cancellation on the sale's day only; afterwards Alelo handles it [C].
  if (sale.brand == "Alelo" && sale.method != PaymentMethod::kPix &&
      !SameBrasiliaDay(sale.capture_time.value_or(sale.sale_time), now)) {
    return Precondition(v1::SALE_NOT_ELIGIBLE,
                        "Alelo sales are cancelled only on the day of the sale; ask Alelo");
  }
  if (!command.total) {
    if (sale.brand == "Alelo") {
      return Precondition(v1::PARTIAL_NOT_ALLOWED, "Alelo sales are cancelled in full only");
    }
    if (sale.method == PaymentMethod::kDebitCard && sale.cancelled_minor_units > 0) {
      return Precondition(v1::PARTIAL_LIMIT_REACHED, "a debit sale allows one partial cancellation");
    }
  }
  const int64_t sale_amount =
      sale.captured_minor_units > 0 ? sale.captured_minor_units : sale.authorized_minor_units;
  const int64_t remaining = sale_amount - sale.cancelled_minor_units;
  if (remaining <= 0 || command.amount_minor_units > remaining) {
    return Precondition(v1::REFUND_EXCEEDS_BALANCE, "the amount is above what remains of the sale",
                        {{"remainingMinorUnits", absl::StrCat(remaining > 0 ? remaining : 0)}});
  }
  return absl::OkStatus();
}

SaleLimits LimitsFor(const Settings& settings, const SaleSnapshot& sale) {
  SaleLimits limits;
  limits.min_interval_between_cancels = settings.min_cancel_interval;
  if (sale.method == PaymentMethod::kDebitCard) limits.max_partial_cancels = 1;  // [C]
  return limits;
}

}  // namespace cancela::providers::cielo_ecommerce
