#include "providers/cielo_checkout/cielo_checkout_rules.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "providers/cielo_checkout/cielo_checkout_codes.h"

namespace cancela::providers::cielo_checkout {
namespace {

absl::Status Precondition(v1::ErrorReason reason, const std::string& message,
                          ErrorMetadata metadata = {}) {
  return MakeError(absl::StatusCode::kFailedPrecondition, reason, message, std::move(metadata));
}

const char* MethodName(PaymentMethod m) {
  switch (m) {
    case PaymentMethod::kCreditCard: return "creditCard";
    case PaymentMethod::kDebitCard: return "debitCard";
    case PaymentMethod::kPix: return "pix";
    case PaymentMethod::kVoucher: return "voucher";
    case PaymentMethod::kOther: return "other";
    case PaymentMethod::kUnknown: return "unknown";
  }
  return "unknown";
}

}  // namespace

absl::Status CheckRules(const Settings& settings, const CancelCommand& command,
                        const SaleSnapshot& sale, absl::Time now) {
  if (command.currency != "BRL") {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::CURRENCY_INVALID,
                     "Cielo Checkout cancels in BRL only", {{"currencyCode", "BRL"}});
  }
  const ErrorMetadata status_md = {{"providerStatus", sale.provider_status}};
  const std::optional<OrderStatus> status = OrderStatusOf(sale.provider_status);
  if (sale.state == SaleState::kVoided) {
    return Precondition(v1::SALE_ALREADY_CANCELLED, "the order is already cancelled", status_md);
  }
  if (status && status->value == 8) {
    return Precondition(v1::SALE_NOT_ELIGIBLE,
                        "the buyer disputed this order at the issuer (chargeback)", status_md);
  }
  if (sale.state != SaleState::kCaptured && sale.state != SaleState::kAuthorized) {
    return Precondition(v1::SALE_NOT_ELIGIBLE,
                        status ? absl::StrCat("an order in status ", status->english,
                                              " cannot be cancelled")
                               : "Cielo Checkout reports a status cancela does not know",
                        status_md);
  }
  if (settings.cancellable_methods.count(sale.method) == 0) {
    return Precondition(v1::SALE_NOT_ELIGIBLE,
                        "this account cancels only the payment types configured in "
                        "cancellable_payment_types (Cielo documents credit card only)",
                        {{"paymentMethod", MethodName(sale.method)}});
  }
  // Cielo answers order queries only up to 45 days after the sale, and cancela confirms and
  // reconciles every cancellation by querying: beyond that it could not tell what happened.
  const absl::Time query_limit = sale.sale_time + absl::Hours(24 * settings.query_window_days);
  if (sale.sale_time != absl::InfinitePast() && now > query_limit) {
    return Precondition(v1::WINDOW_EXPIRED,
                        absl::StrCat("Cielo Checkout orders can be queried, and so cancelled "
                                     "through cancela, only up to ",
                                     settings.query_window_days, " days after the sale"),
                        {{"deadline", absl::FormatTime(absl::RFC3339_sec, query_limit,
                                                       absl::FixedTimeZone(-3 * 3600))},
                         {"windowDays", absl::StrCat(settings.query_window_days)}});
  }
  if (sale.state == SaleState::kAuthorized) {
    if (command.kind == OperationKind::kRefund) {
      return Precondition(v1::SALE_NOT_CAPTURED, "the order is only authorised; void it instead",
                          status_md);
    }
    if (!command.total) {
      return Precondition(v1::PARTIAL_NOT_ALLOWED,
                          "Cielo Checkout cancels part of an order only after capture", status_md);
    }
  }
  const int64_t sale_amount =
      sale.captured_minor_units > 0 ? sale.captured_minor_units : sale.authorized_minor_units;
  const int64_t remaining = sale_amount - sale.cancelled_minor_units;
  if (remaining <= 0 || command.amount_minor_units > remaining) {
    return Precondition(v1::REFUND_EXCEEDS_BALANCE, "the amount is above what remains of the order",
                        {{"remainingMinorUnits", absl::StrCat(remaining > 0 ? remaining : 0)}});
  }
  return absl::OkStatus();
}

SaleLimits LimitsFor(const Settings& settings) {
  SaleLimits limits;
  limits.min_interval_between_cancels = settings.min_cancel_interval;  // [C] 5 s, total or partial
  return limits;
}

}  // namespace cancela::providers::cielo_checkout
