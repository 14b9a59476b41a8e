#pragma once
// Builders shared by the PayU adapter's tests: settings, sales, commands.

#include <string>

#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "providers/payu/payu_settings.h"
#include "providers/provider.h"

namespace cancela::providers::payu::testing {

inline constexpr char kApiLogin[] = "SECRETLOGINpRRXKOl8ikMmt9u";
inline constexpr char kApiKey[] = "SECRETKEY4Vj8eK4rloUd272L48hsrarnUA";

inline nlohmann::json SettingsJson() {
  return {{"payments_url", "https://payu.example/payments-api/4.0/service.cgi"},
          {"queries_url", "https://payu.example/reports-api/4.0/service.cgi"},
          {"api_login", {{"value", kApiLogin}}},
          {"api_key", {{"value", kApiKey}}}};
}

inline Settings DefaultSettings() {
  auto parsed = ParseSettings(SettingsJson());
  return *parsed;
}

// 2026-11-20 12:00 UTC.
inline absl::Time Approval() { return absl::FromUnixSeconds(1795176000); }

inline std::string CurrencyOf(const std::string& country) {
  if (country == "AR") return "ARS";
  if (country == "BR") return "BRL";
  if (country == "CL") return "CLP";
  if (country == "CO") return "COP";
  if (country == "MX") return "MXN";
  if (country == "PA") return "USD";
  return "PEN";
}

// A captured domestic Visa credit sale of 1000.00 (CLP 1000) approved at Approval().
inline SaleSnapshot CapturedSale(const std::string& country) {
  SaleSnapshot s;
  s.state = SaleState::kCaptured;
  s.provider_status = "CAPTURED";
  s.method = PaymentMethod::kCreditCard;
  s.brand = "VISA";
  s.country = country;
  s.currency = CurrencyOf(country);
  s.authorized_minor_units = country == "CL" ? 1000 : 100000;
  s.captured_minor_units = s.authorized_minor_units;
  s.sale_time = Approval();
  s.capture_time = Approval();
  s.reference = "c8ec8737-7645-4756-a991-6e60a99eb4d9";
  return s;
}

inline SaleSnapshot AuthorizedSale(const std::string& country) {
  SaleSnapshot s = CapturedSale(country);
  s.state = SaleState::kAuthorized;
  s.provider_status = "AUTHORIZED";
  s.captured_minor_units = 0;
  s.capture_time.reset();
  return s;
}

inline CancelCommand Command(OperationKind kind, const SaleSnapshot& sale,
                             std::optional<int64_t> amount = std::nullopt) {
  CancelCommand c;
  c.operation_id = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";
  c.kind = kind;
  c.sale = PayuSaleRef{"1400462414", sale.reference};
  c.total = !amount.has_value();
  c.amount_minor_units = amount.value_or(sale.authorized_minor_units - sale.cancelled_minor_units);
  c.currency = sale.currency;
  return c;
}

}  // namespace cancela::providers::payu::testing
