#pragma once
// Shared builders for the Cielo API Única adapter tests.

#include <cstdint>
#include <string>

#include "nlohmann/json.hpp"
#include "providers/provider.h"

namespace cancela::providers::cielo_unica::testing {

// A valid settings object for `base_url`, with roots 12345678 {2005157770, 2005157771} and
// 87654321 {3005157770}.
inline nlohmann::json SettingsJson(const std::string& base_url = "http://127.0.0.1:1/refunds-api/v1",
                                   const std::string& token_url = "http://127.0.0.1:1/token") {
  return {{"base_url", base_url},
          {"token_url", token_url},
          {"client_id", {{"value", "cancela-sandbox-acme"}}},
          {"client_secret", {{"value", "acme-unica-sandbox-secret"}}},
          {"cnpj_roots", {{"12345678", {"2005157770", "2005157771"}}, {"87654321", {"3005157770"}}}},
          {"request_timeout_ms", 5000}};
}

inline CieloUnicaSaleRef Sale(const std::string& product = "credit",
                              const std::string& brand = "Visa", int64_t amount = 70000,
                              const std::string& ec = "2005157770",
                              const std::string& auth = "546441",
                              const std::string& day = "2026-11-17") {
  CieloUnicaSaleRef s;
  s.merchant_id = ec;
  s.authorization_code = auth;
  s.nsu = "515027";
  s.sale_date = day;
  s.sale_amount_minor_units = amount;
  s.sale_currency = "BRL";
  s.product = product;
  s.brand = brand;
  return s;
}

inline CancelCommand Command(const CieloUnicaSaleRef& sale, std::optional<int64_t> amount) {
  CancelCommand c;
  c.operation_id = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";
  c.kind = OperationKind::kRefund;
  c.sale = sale;
  c.total = !amount.has_value();
  c.amount_minor_units = amount.value_or(sale.sale_amount_minor_units);
  c.currency = "BRL";
  return c;
}

}  // namespace cancela::providers::cielo_unica::testing
