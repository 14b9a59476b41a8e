#pragma once
// One PayU Latam account's settings. Everything providers.md §3 marks inferred or unconfirmed is
// a setting with the documented value as its default.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cancela/v1/operation.pb.h"
#include "common/secret.h"
#include "nlohmann/json.hpp"
#include "providers/payu/payu_country_rules.h"

namespace cancela::providers::payu {

struct Settings {
  std::string payments_url;  // e.g. https://api.payulatam.com/payments-api/4.0/service.cgi
  std::string queries_url;   // e.g. https://api.payulatam.com/reports-api/4.0/service.cgi
  Secret api_login;
  Secret api_key;
  std::string language = "es";  // "en", "es" or "pt": the language of PayU's error texts
  bool test = false;
  // The account's country. Empty: a merchant whose one login serves several countries; each
  // order's paymentCountry then decides.
  std::string country;
  // Sent as transaction.reason when the caller gave none: the Java SDK treats it as required [U].
  std::string default_reason = "n/a";
  // Pix refunds in Brazil, which PayU's general rule ("credit card only") contradicts [U].
  bool allow_pix_refunds = true;
  // PayU answers within a minute at most [C].
  absl::Duration request_timeout = absl::Seconds(60);
  // The per-country table, after the account's overrides.
  std::map<std::string, CountryRules> rules;
  // Extra `code=ERROR` texts (a case-insensitive substring) and what they mean, checked before
  // the built-in ones: PayU's texts are not all documented [U].
  std::vector<std::pair<std::string, v1::FailureReason>> error_texts;
};

// Reads `settings` of a provider account. Errors name the field, never a credential's value.
absl::StatusOr<Settings> ParseSettings(const nlohmann::json& settings);

}  // namespace cancela::providers::payu
