#include "providers/cielo_unica/cielo_unica_rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace cancela::providers::cielo_unica {
namespace {

absl::Status Precondition(v1::ErrorReason reason, std::string_view message,
                          ErrorMetadata metadata = {}) {
  return MakeError(absl::StatusCode::kFailedPrecondition, reason, message, std::move(metadata));
}

bool IsPartialBrand(const Settings& settings, const std::string& brand) {
  return settings.debit_partial_brands.count(absl::AsciiStrToLower(brand)) != 0;
}

}  // namespace

absl::TimeZone BrasiliaTime() { return absl::FixedTimeZone(-3 * 60 * 60); }

absl::StatusOr<SaleSnapshot> SnapshotOf(const SaleRef& sale) {
  if (!std::holds_alternative<CieloUnicaSaleRef>(sale)) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::SALE_REFERENCE_INVALID,
                     "sale: a cielo_unica reference is required", {{"field", "sale"}});
  }
  const auto& ref = std::get<CieloUnicaSaleRef>(sale);
  SaleSnapshot s;
  s.state = ref.product == "pre_authorization" ? SaleState::kAuthorized : SaleState::kCaptured;
  s.provider_status = ref.product;
  if (ref.product == "credit") s.method = PaymentMethod::kCreditCard;
  if (ref.product == "debit") s.method = PaymentMethod::kDebitCard;
  if (ref.product == "voucher") s.method = PaymentMethod::kVoucher;
  if (ref.product == "pix") s.method = PaymentMethod::kPix;
  if (ref.product == "pre_authorization") s.method = PaymentMethod::kOther;
  s.brand = ref.brand;
  s.currency = ref.sale_currency;
  s.authorized_minor_units = ref.sale_amount_minor_units;
  s.captured_minor_units = ref.product == "pre_authorization" ? 0 : ref.sale_amount_minor_units;
  absl::CivilDay day;
  if (absl::ParseCivilTime(ref.sale_date, &day)) s.sale_time = absl::FromCivil(day, BrasiliaTime());
  s.card_last_four = ref.card_last_four;
  s.reference = !ref.tid.empty() ? ref.tid : ref.nsu;
  return s;
}

absl::Status CheckRules(const Settings& settings, const CancelCommand& command,
                        const SaleSnapshot& sale, absl::Time now) {
  const auto& ref = std::get<CieloUnicaSaleRef>(command.sale);
  if (command.currency != "BRL" || ref.sale_currency != "BRL") {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::CURRENCY_INVALID,
                     "Cielo's API Única cancels in BRL only", {{"currencyCode", "BRL"}});
  }
  if (RootOf(settings, ref.merchant_id).empty()) {
    return Precondition(v1::MERCHANT_NOT_IN_ACCOUNT,
                        "the merchant number (EC) is under none of this account's CNPJ roots",
                        {{"merchantId", ref.merchant_id}});
  }
  if (ref.product.empty()) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::SALE_REFERENCE_INVALID,
                     "sale.cielo_unica.product: required (credit, debit, ...)",
                     {{"field", "sale.cielo_unica.product"}});
  }
  if (ref.product == "pix") {
    return Precondition(v1::SALE_NOT_ELIGIBLE,
                        "Cielo's API Única does not cancel Pix sales; refund them through a Cielo "
                        "E-commerce account",
                        {{"product", "pix"}, {"provider", "cielo_ecommerce"}});
  }
  if (ref.product == "voucher" || ref.product == "pre_authorization") {
    return Precondition(v1::SALE_NOT_ELIGIBLE,
                        absl::StrCat("Cielo's API Única does not cancel ",
                                     ref.product == "voucher" ? "voucher" : "pre-authorisation",
                                     " sales"),
                        {{"product", ref.product}});
  }
  const absl::CivilDay today = absl::ToCivilDay(now, BrasiliaTime());
  const absl::CivilDay sale_day = absl::ToCivilDay(sale.sale_time, BrasiliaTime());
  if (sale_day > today) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::SALE_REFERENCE_INVALID,
                     "sale.cielo_unica.sale_date: in the future",
                     {{"field", "sale.cielo_unica.sale_date"}});
  }
  if (settings.max_sale_age_days > 0 && today - sale_day > settings.max_sale_age_days) {
    const absl::Time deadline =
        absl::FromCivil(sale_day + settings.max_sale_age_days + 1, BrasiliaTime());
    return Precondition(v1::WINDOW_EXPIRED,
                        absl::StrCat("this account cancels sales only up to ",
                                     settings.max_sale_age_days, " days old"),
                        {{"deadline", absl::FormatTime(absl::RFC3339_sec, deadline, BrasiliaTime())},
                         {"windowDays", absl::StrCat(settings.max_sale_age_days)}});
  }
  const int64_t sale_amount = sale.captured_minor_units;
  const bool whole_sale = command.total || command.amount_minor_units == sale_amount;
  if (sale.method == PaymentMethod::kDebitCard && !whole_sale &&
      !IsPartialBrand(settings, ref.brand)) {
    return Precondition(v1::PARTIAL_NOT_ALLOWED,
                        "a debit sale is cancelled in full only (Cielo code 109)",
                        {{"product", "debit"}, {"brand", ref.brand}});
  }
  const int64_t remaining = sale_amount - sale.cancelled_minor_units;
  if (command.amount_minor_units <= 0 || remaining <= 0 ||
      command.amount_minor_units > remaining) {
    return Precondition(v1::REFUND_EXCEEDS_BALANCE, "the amount is above what remains of the sale",
                        {{"remainingMinorUnits", absl::StrCat(remaining > 0 ? remaining : 0)}});
  }
  return absl::OkStatus();
}

SaleLimits LimitsFor(const Settings& settings, const CancelCommand& command) {
  SaleLimits limits;
  limits.min_interval_between_cancels = settings.min_cancel_interval;
  const auto& ref = std::get<CieloUnicaSaleRef>(command.sale);
  if (ref.product == "debit") limits.max_partial_cancels = settings.debit_partial_limit;  // [C]
  return limits;
}

}  // namespace cancela::providers::cielo_unica
