#include "providers/zoop/zoop_rules.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace cancela::providers::zoop {
namespace {

absl::Status Precondition(v1::ErrorReason reason, const std::string& message,
                          ErrorMetadata metadata = {}) {
  metadata.emplace("provider", "zoop");
  return MakeError(absl::StatusCode::kFailedPrecondition, reason, message, std::move(metadata));
}

std::string Rfc3339(absl::Time t) { return absl::FormatTime(absl::RFC3339_sec, t, absl::UTCTimeZone()); }

absl::Status WithinWindow(absl::Time from, absl::Duration window, const char* setting,
                          absl::Time now) {
  if (window <= absl::ZeroDuration() || from == absl::InfinitePast()) return absl::OkStatus();
  const absl::Time deadline = from + window;
  if (now <= deadline) return absl::OkStatus();
  return Precondition(v1::WINDOW_EXPIRED,
                      absl::StrCat("this account cancels Zoop sales only up to ",
                                   absl::FormatDuration(window), " after the sale"),
                      {{"deadline", Rfc3339(deadline)}, {"setting", setting}});
}

}  // namespace

absl::Status CheckRules(const Settings& settings, const CancelCommand& command,
                        const SaleSnapshot& sale, absl::Time now) {
  if (command.currency != "BRL") {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::CURRENCY_INVALID,
                     "Zoop cancels in BRL only", {{"currencyCode", "BRL"}});
  }
  if (sale.method == PaymentMethod::kPix || sale.method == PaymentMethod::kOther) {
    return MakeError(absl::StatusCode::kUnimplemented, v1::OPERATION_NOT_SUPPORTED,
                     "this adapter cancels Zoop card transactions only (boleto and Pix are other "
                     "Zoop APIs)",
                     {{"provider", "zoop"}, {"providerStatus", sale.provider_status}});
  }
  if (sale.state == SaleState::kVoided || sale.state == SaleState::kRefunded) {
    return Precondition(v1::SALE_ALREADY_CANCELLED, "the Zoop transaction is already cancelled");
  }
  if (sale.state == SaleState::kAuthorized) {
    if (command.kind == OperationKind::kRefund) {
      return Precondition(v1::SALE_NOT_CAPTURED,
                          "the Zoop transaction is only pre-authorised: void it instead");
    }
    // A pre-authorisation is released in full; partial cancellation needs a captured credit.
    if (!command.total) {
      return Precondition(v1::PARTIAL_NOT_ALLOWED,
                          "a pre-authorised Zoop transaction can only be cancelled in full");
    }
  } else if (sale.state != SaleState::kCaptured) {
    return Precondition(v1::SALE_NOT_ELIGIBLE, "the Zoop transaction's status does not allow a cancellation",
                        {{"providerStatus", sale.provider_status}});
  }
  if (!command.total && sale.method != PaymentMethod::kCreditCard) {
    return Precondition(v1::PARTIAL_NOT_ALLOWED,
                        "Zoop cancels part of a transaction only for captured credit",
                        {{"paymentMethod", sale.method == PaymentMethod::kDebitCard ? "debit" : "other"}});
  }
  if (command.kind == OperationKind::kVoid) {
    if (auto s = WithinWindow(sale.sale_time, absl::Hours(settings.void_window_hours),
                              "void_window_hours", now);
        !s.ok()) {
      return s;
    }
  } else if (auto s = WithinWindow(sale.sale_time, absl::Hours(24) * settings.refund_window_days,
                                   "refund_window_days", now);
             !s.ok()) {
    return s;
  }
  if (sale.settled && !settings.settled_refund_release) {
    return Precondition(v1::SETTLED_SALE_NEEDS_RELEASE,
                        "the sale is already settled: Zoop refunds it only after a prior release "
                        "requested by the marketplace or the seller",
                        {{"setting", "settled_refund_release"}});
  }
  const int64_t base = sale.captured_minor_units > 0 ? sale.captured_minor_units
                                                     : sale.authorized_minor_units;
  const int64_t remaining = base - sale.cancelled_minor_units;
  if (remaining <= 0 || command.amount_minor_units > remaining) {
    return Precondition(v1::REFUND_EXCEEDS_BALANCE, "the amount is above what remains of the sale",
                        {{"remainingMinorUnits", absl::StrCat(remaining > 0 ? remaining : 0)}});
  }
  return absl::OkStatus();
}

SaleLimits LimitsFor(const Settings& settings) {
  SaleLimits limits;
  limits.min_interval_between_cancels = settings.min_cancel_interval;
  return limits;
}

}  // namespace cancela::providers::zoop
