#include "providers/payu/payu_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "providers/payu/payu_amounts.h"

namespace cancela::providers::payu {
namespace {

absl::Status Precondition(v1::ErrorReason reason, const std::string& message,
                          ErrorMetadata metadata = {}) {
  return MakeError(absl::StatusCode::kFailedPrecondition, reason, message, std::move(metadata));
}

std::string Rfc3339(absl::Time t) { return absl::FormatTime(absl::RFC3339_sec, t, absl::UTCTimeZone()); }

std::string Span(absl::Duration d) {
  if (d >= absl::Hours(48) && d % absl::Hours(24) == absl::ZeroDuration()) {
    return absl::StrCat(d / absl::Hours(24), " days");
  }
  if (d >= absl::Hours(1) && d % absl::Hours(1) == absl::ZeroDuration()) {
    return absl::StrCat(d / absl::Hours(1), d == absl::Hours(1) ? " hour" : " hours");
  }
  return absl::StrCat(d / absl::Minutes(1), " minutes");
}

template <typename Map>
absl::Duration Lookup(const Map& by_name, const std::string& name, absl::Duration fallback) {
  auto it = by_name.find(name);
  return it == by_name.end() ? fallback : it->second;
}

// Not before `from + delay`; the error tells the caller when the same request may succeed.
absl::Status NotBefore(absl::Time from, absl::Duration delay, absl::Time now, const std::string& what,
                       const std::string& rule) {
  const absl::Time earliest = from + delay;
  if (now >= earliest) return absl::OkStatus();
  return MakeRetryableError(
      absl::StatusCode::kFailedPrecondition, v1::TOO_EARLY,
      absl::StrCat("PayU takes ", what, " only ", Span(delay), " after the approval"),
      earliest - now, {{"rule", rule}, {"notBefore", Rfc3339(earliest)}});
}

absl::Status Within(absl::Time from, absl::Duration window, absl::Time now, const std::string& what,
                    const std::string& rule) {
  // A sale PayU lists without its date is left for PayU to judge.
  if (window == absl::InfiniteDuration() || from == absl::InfinitePast() || now <= from + window) {
    return absl::OkStatus();
  }
  return Precondition(v1::WINDOW_EXPIRED,
                      absl::StrCat("PayU takes ", what, " only up to ", Span(window),
                                   " after the sale"),
                      {{"rule", rule}, {"deadline", Rfc3339(from + window)}});
}

absl::Status CheckVoid(const CountryRules& rules, const CancelCommand& command,
                       const SaleSnapshot& sale, absl::Time now) {
  if (!rules.void_supported) {
    return MakeError(absl::StatusCode::kUnimplemented, v1::OPERATION_NOT_SUPPORTED,
                     absl::StrCat("PayU has no voids in ", rules.country, "; refund the sale"),
                     {{"country", rules.country}});
  }
  if (sale.state == SaleState::kCaptured) {
    return Precondition(v1::SALE_NOT_VOIDABLE, "the sale is captured; refund it instead");
  }
  if (sale.state != SaleState::kAuthorized) {
    return Precondition(v1::SALE_NOT_ELIGIBLE, "the sale's status does not allow a void",
                        {{"providerStatus", sale.provider_status}});
  }
  if (!command.total) {
    return Precondition(v1::PARTIAL_NOT_ALLOWED, "PayU voids an authorisation in full only");
  }
  if (absl::Status s = NotBefore(sale.sale_time, rules.void_min_delay, now, "a void", "void_min_delay");
      !s.ok()) {
    return s;
  }
  const absl::Duration window = Lookup(rules.void_window_by_brand, sale.brand, rules.void_window);
  return Within(sale.sale_time, window, now, "a void", "void_window");
}

absl::Status CheckRefund(const Settings& settings, const CountryRules& rules,
                         const CancelCommand& command, const SaleSnapshot& sale, absl::Time now) {
  if (sale.state == SaleState::kAuthorized) {
    return Precondition(v1::SALE_NOT_CAPTURED, "the sale is only authorised; void it instead");
  }
  if (sale.state != SaleState::kCaptured) {
    return Precondition(v1::SALE_NOT_ELIGIBLE, "the sale's status does not allow a refund",
                        {{"providerStatus", sale.provider_status}});
  }
  if (sale.method == PaymentMethod::kPix && (rules.country != "BR" || !settings.allow_pix_refunds)) {
    return Precondition(v1::SALE_NOT_ELIGIBLE, "PayU refunds Pix sales only in Brazil, if enabled");
  }
  if (rules.networks_without_refunds.count(sale.network) > 0) {
    return Precondition(v1::SALE_NOT_ELIGIBLE,
                        absl::StrCat("PayU has no refunds for sales processed by ", sale.network),
                        {{"network", sale.network}});
  }
  const absl::Time approved = sale.capture_time.value_or(sale.sale_time);
  if (absl::Status s = NotBefore(approved, rules.refund_min_delay, now, "a refund", "refund_min_delay");
      !s.ok()) {
    return s;
  }
  if (sale.prepaid_card && rules.prepaid_refund_window) {
    if (absl::Status s = Within(approved, *rules.prepaid_refund_window, now,
                                "a refund of a prepaid card", "prepaid_refund_window");
        !s.ok()) {
      return s;
    }
  }
  const absl::Duration window =
      Lookup(rules.refund_window_by_network, sale.network, rules.refund_window);
  if (absl::Status s = Within(approved, window, now, "a refund", "refund_window"); !s.ok()) return s;
  if (command.total) return absl::OkStatus();

  if (rules.partial_refund_window) {
    if (absl::Status s = Within(approved, *rules.partial_refund_window, now, "a partial refund",
                                "partial_refund_window");
        !s.ok()) {
      return s;
    }
  }
  if (sale.international_card && !rules.partial_for_international_cards) {
    return Precondition(v1::PARTIAL_NOT_ALLOWED,
                        absl::StrCat("PayU has no partial refunds for international cards in ",
                                     rules.country),
                        {{"country", rules.country}});
  }
  if (sale.installments > 1 && !rules.partial_with_installments) {
    return Precondition(v1::PARTIAL_NOT_ALLOWED,
                        absl::StrCat("PayU has no partial refunds for instalment sales in ",
                                     rules.country),
                        {{"country", rules.country}, {"installments", absl::StrCat(sale.installments)}});
  }
  auto partial_delay = rules.partial_min_delay_by_network.find(sale.network);
  if (partial_delay != rules.partial_min_delay_by_network.end()) {
    if (absl::Status s = NotBefore(approved, partial_delay->second, now, "a partial refund",
                                   "partial_min_delay");
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckAmount(const CountryRules& rules, const CancelCommand& command,
                         const SaleSnapshot& sale, int exponent) {
  const int64_t unit = [exponent] {
    int64_t u = 1;
    for (int i = 0; i < exponent; ++i) u *= 10;
    return u;
  }();
  if (command.kind == OperationKind::kRefund) {
    if (rules.whole_units_only && command.amount_minor_units % unit != 0) {
      return MakeError(absl::StatusCode::kInvalidArgument, v1::AMOUNT_INVALID,
                       absl::StrCat("PayU takes refunds in ", rules.country,
                                    " in whole units, without decimals"),
                       {{"country", rules.country}, {"currencyCode", command.currency}});
    }
    auto min = rules.min_refund_minor_units.find(command.currency);
    if (min != rules.min_refund_minor_units.end() && command.amount_minor_units < min->second) {
      return MakeError(absl::StatusCode::kInvalidArgument, v1::AMOUNT_INVALID,
                       absl::StrCat("PayU's smallest refund in ", rules.country, " is ",
                                    FormatMajorUnits(min->second, exponent), " ", command.currency),
                       {{"country", rules.country},
                        {"minimumMinorUnits", absl::StrCat(min->second)},
                        {"currencyCode", command.currency}});
    }
    if (rules.pix_single_refund && sale.method == PaymentMethod::kPix && sale.cancelled_minor_units > 0) {
      return Precondition(v1::PARTIAL_LIMIT_REACHED, "PayU allows one refund per Pix sale");
    }
  }
  const int64_t sale_amount =
      sale.captured_minor_units > 0 ? sale.captured_minor_units : sale.authorized_minor_units;
  const int64_t remaining = sale_amount - sale.cancelled_minor_units;
  if (remaining <= 0 || command.amount_minor_units > remaining) {
    return Precondition(v1::REFUND_EXCEEDS_BALANCE, "the amount is above what remains of the sale",
                        {{"remainingMinorUnits", absl::StrCat(std::max<int64_t>(remaining, 0))}});
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckRules(const Settings& settings, const CancelCommand& command,
                        const SaleSnapshot& sale, absl::Time now) {
  std::string country = settings.country.empty() ? sale.country : settings.country;
  if (!settings.country.empty() && !sale.country.empty() && sale.country != settings.country) {
    return Precondition(v1::SALE_NOT_ELIGIBLE, "the sale was made in another country than the account's",
                        {{"country", sale.country}, {"accountCountry", settings.country}});
  }
  auto row = settings.rules.find(country);
  if (row == settings.rules.end()) {
    return Precondition(v1::SALE_NOT_ELIGIBLE, "PayU did not say which country the sale is from",
                        {{"country", country}});
  }
  const CountryRules& rules = row->second;
  const std::optional<int> exponent = CurrencyExponent(command.currency);
  const bool currency_ok = exponent.has_value() && command.currency == sale.currency &&
                           std::find(rules.currencies.begin(), rules.currencies.end(),
                                     command.currency) != rules.currencies.end();
  if (!currency_ok) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::CURRENCY_INVALID,
                     absl::StrCat("the sale is in ", sale.currency, "; PayU ", rules.country,
                                  " takes ", absl::StrJoin(rules.currencies, ", ")),
                     {{"currencyCode", sale.currency}, {"country", rules.country}});
  }
  if (sale.state == SaleState::kVoided || sale.state == SaleState::kRefunded) {
    return Precondition(v1::SALE_ALREADY_CANCELLED, "the sale is already cancelled");
  }
  if (sale.method != PaymentMethod::kCreditCard && sale.method != PaymentMethod::kDebitCard &&
      sale.method != PaymentMethod::kPix) {
    return Precondition(v1::SALE_NOT_ELIGIBLE,
                        "PayU voids and refunds card sales only (and Pix in Brazil)",
                        {{"paymentMethod", sale.brand}});
  }
  absl::Status timing = command.kind == OperationKind::kVoid
                            ? CheckVoid(rules, command, sale, now)
                            : CheckRefund(settings, rules, command, sale, now);
  if (!timing.ok()) return timing;
  return CheckAmount(rules, command, sale, *exponent);
}

SaleLimits LimitsFor(const Settings& settings, const SaleSnapshot& sale) {
  SaleLimits limits;
  const std::string& country = settings.country.empty() ? sale.country : settings.country;
  auto row = settings.rules.find(country);
  if (row != settings.rules.end() && row->second.pix_single_refund &&
      sale.method == PaymentMethod::kPix) {
    limits.max_partial_cancels = 1;
  }
  return limits;
}

}  // namespace cancela::providers::payu
