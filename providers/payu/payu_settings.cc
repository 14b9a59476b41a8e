#include "providers/payu/payu_settings.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"
#include "common/secret_source.h"

namespace cancela::providers::payu {
namespace {

absl::Status Bad(const std::string& field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("settings.", field, ": ", why));
}

absl::StatusOr<std::string> Url(const nlohmann::json& s, const char* key) {
  auto url = json::GetString(s, key);
  if (!url || !(absl::StartsWith(*url, "http://") || absl::StartsWith(*url, "https://"))) {
    return Bad(key, "required, an http(s) URL");
  }
  return *url;
}

absl::StatusOr<int64_t> Integer(const nlohmann::json& s, const std::string& field,
                                const std::string& key, int64_t min, int64_t max) {
  auto v = json::GetInt(s, key);
  if (!v || *v < min || *v > max) {
    return Bad(field, absl::StrCat("an integer from ", min, " to ", max));
  }
  return *v;
}

// settings.country_rules.{CC}: the values PayU's documents leave open, per country.
absl::Status ApplyOverrides(const std::string& country, const nlohmann::json& o, CountryRules& r) {
  const std::string base = absl::StrCat("country_rules.", country, ".");
  static const std::set<std::string> kKnown = {
      "void_supported",        "void_window_hours",     "refund_min_delay_minutes",
      "refund_window_days",    "partial_refund_window_days", "whole_units_only",
      "min_refund_minor_units", "partial_for_international_cards",
      "partial_with_installments", "$comment"};
  if (!o.is_object()) return Bad(base + "", "an object");
  for (const auto& [key, value] : o.items()) {
    if (kKnown.count(key) == 0) return Bad(base + key, "unknown rule");
  }
  for (const char* key : {"void_supported", "whole_units_only", "partial_for_international_cards",
                          "partial_with_installments"}) {
    if (json::Find(o, key) == nullptr) continue;
    auto v = json::GetBool(o, key);
    if (!v) return Bad(base + key, "true or false");
    const std::string k = key;
    if (k == "void_supported") r.void_supported = *v;
    if (k == "whole_units_only") r.whole_units_only = *v;
    if (k == "partial_for_international_cards") r.partial_for_international_cards = *v;
    if (k == "partial_with_installments") r.partial_with_installments = *v;
  }
  if (json::Find(o, "void_window_hours") != nullptr) {
    auto v = Integer(o, base + "void_window_hours", "void_window_hours", 1, 24 * 3650);
    if (!v.ok()) return v.status();
    r.void_window = absl::Hours(*v);
    r.void_window_by_brand.clear();
  }
  if (json::Find(o, "refund_min_delay_minutes") != nullptr) {
    auto v = Integer(o, base + "refund_min_delay_minutes", "refund_min_delay_minutes", 0, 60 * 24 * 30);
    if (!v.ok()) return v.status();
    r.refund_min_delay = absl::Minutes(*v);
  }
  if (json::Find(o, "refund_window_days") != nullptr) {
    auto v = Integer(o, base + "refund_window_days", "refund_window_days", 1, 3650);
    if (!v.ok()) return v.status();
    r.refund_window = absl::Hours(24 * *v);
    r.refund_window_by_network.clear();
  }
  if (json::Find(o, "partial_refund_window_days") != nullptr) {
    auto v = Integer(o, base + "partial_refund_window_days", "partial_refund_window_days", 1, 3650);
    if (!v.ok()) return v.status();
    r.partial_refund_window = absl::Hours(24 * *v);
  }
  if (const nlohmann::json* mins = json::Find(o, "min_refund_minor_units")) {
    if (!mins->is_object()) return Bad(base + "min_refund_minor_units", "an object {currency: units}");
    for (const auto& [currency, units] : mins->items()) {
      if (!units.is_number_integer() || units.get<int64_t>() < 0) {
        return Bad(base + "min_refund_minor_units." + currency, "a non-negative integer");
      }
      r.min_refund_minor_units[currency] = units.get<int64_t>();
    }
  }
  return absl::OkStatus();
}

std::optional<v1::FailureReason> FailureReasonNamed(const std::string& name) {
  v1::FailureReason reason;
  const std::string full = absl::StartsWith(name, "FAILURE_REASON_") ? name : "FAILURE_REASON_" + name;
  if (!v1::FailureReason_Parse(full, &reason)) return std::nullopt;
  return reason;
}

}  // namespace

absl::StatusOr<Settings> ParseSettings(const nlohmann::json& s) {
  static const std::set<std::string> kKnown = {
      "payments_url", "queries_url",      "api_login",     "api_key",           "language",
      "test",         "country",          "default_reason", "allow_pix_refunds", "request_timeout_ms",
      "country_rules", "error_texts",     "$comment"};
  if (!s.is_object()) return Bad("", "an object");
  for (const auto& [key, value] : s.items()) {
    if (kKnown.count(key) == 0) return Bad(key, "unknown setting");
  }
  Settings out;
  auto payments = Url(s, "payments_url");
  if (!payments.ok()) return payments.status();
  out.payments_url = *payments;
  auto queries = Url(s, "queries_url");
  if (!queries.ok()) return queries.status();
  out.queries_url = *queries;
  for (const char* key : {"api_login", "api_key"}) {
    const nlohmann::json* source = json::Find(s, key);
    if (source == nullptr) return Bad(key, "required: {\"file\": …}, {\"env\": …} or {\"value\": …}");
    auto secret = LoadSecret(*source, absl::StrCat("settings.", key));
    if (!secret.ok()) return secret.status();
    (std::string(key) == "api_login" ? out.api_login : out.api_key) = *std::move(secret);
  }
  if (json::Find(s, "language") != nullptr) {
    auto language = json::GetString(s, "language");
    if (!language || (*language != "en" && *language != "es" && *language != "pt")) {
      return Bad("language", "one of en, es, pt");
    }
    out.language = *language;
  }
  if (json::Find(s, "test") != nullptr) {
    auto test = json::GetBool(s, "test");
    if (!test) return Bad("test", "true or false");
    out.test = *test;
  }
  if (json::Find(s, "allow_pix_refunds") != nullptr) {
    auto pix = json::GetBool(s, "allow_pix_refunds");
    if (!pix) return Bad("allow_pix_refunds", "true or false");
    out.allow_pix_refunds = *pix;
  }
  if (json::Find(s, "default_reason") != nullptr) {
    auto reason = json::GetString(s, "default_reason");
    if (!reason || reason->empty() || reason->size() > 255) {
      return Bad("default_reason", "a non-empty string of at most 255 characters");
    }
    out.default_reason = *reason;
  }
  if (json::Find(s, "request_timeout_ms") != nullptr) {
    auto timeout = Integer(s, "request_timeout_ms", "request_timeout_ms", 100, 600000);
    if (!timeout.ok()) return timeout.status();
    out.request_timeout = absl::Milliseconds(*timeout);
  }
  for (const CountryRules& row : DefaultCountryRules()) out.rules[row.country] = row;
  if (json::Find(s, "country") != nullptr) {
    auto country = json::GetString(s, "country");
    if (!country || out.rules.count(absl::AsciiStrToUpper(*country)) == 0) {
      return Bad("country", "one of AR, BR, CL, CO, MX, PA, PE");
    }
    out.country = absl::AsciiStrToUpper(*country);
  }
  if (const nlohmann::json* overrides = json::Find(s, "country_rules")) {
    if (!overrides->is_object()) return Bad("country_rules", "an object {country: {rule: value}}");
    for (const auto& [country, values] : overrides->items()) {
      auto row = out.rules.find(country);
      if (row == out.rules.end()) {
        return Bad("country_rules." + country, "one of AR, BR, CL, CO, MX, PA, PE");
      }
      if (absl::Status applied = ApplyOverrides(country, values, row->second); !applied.ok()) {
        return applied;
      }
    }
  }
  if (const nlohmann::json* texts = json::Find(s, "error_texts")) {
    if (!texts->is_object()) return Bad("error_texts", "an object {text: FAILURE_REASON}");
    for (const auto& [text, reason] : texts->items()) {
      auto parsed = reason.is_string() ? FailureReasonNamed(reason.get<std::string>()) : std::nullopt;
      if (text.empty() || !parsed) {
        return Bad("error_texts." + text, "a non-empty text mapped to a FailureReason name");
      }
      out.error_texts.emplace_back(absl::AsciiStrToLower(text), *parsed);
    }
  }
  return out;
}

}  // namespace cancela::providers::payu
