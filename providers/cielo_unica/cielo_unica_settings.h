#pragma once
// One API Única account's settings: one credential per CNPJ root, serving every merchant number
// (EC) under it. Everything providers.md §1 marks [I] or [U] is a setting here, with the
// documented or most likely value as its default.

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/secret.h"
#include "nlohmann/json.hpp"

namespace cancela::providers::cielo_unica {

// How one cancellation is wrapped in the POST body; only a screenshot shows it [I].
enum class RequestEnvelope {
  kTransactionsArray,  // {"transactions": [ {...} ]}  (the response's shape)
  kBareObject,         // {...}
};

struct TlsFiles {
  std::string client_certificate_file;  // PEM, signed by Cielo
  std::string client_key_file;          // PEM
  std::string ca_bundle_file;           // empty: the system's CAs
};

struct Settings {
  std::string base_url;   // e.g. https://api-internet.cielo.com.br/cielo-refunds-exp-external/refunds/v1
  std::string token_url;  // the Keycloak realm's openid-connect token endpoint
  Secret client_id;
  Secret client_secret;
  TlsFiles tls;                        // required for https base URLs: mTLS is mandatory [C]
  bool token_uses_client_certificate = true;  // [I] not stated for the token host
  // CNPJ root (8 digits) -> the ECs under it this account may cancel for.
  std::map<std::string, std::set<std::string>> cnpj_roots;

  // Wire details that are not confirmed.
  RequestEnvelope request_envelope = RequestEnvelope::kTransactionsArray;  // [I]
  bool nsu_as_number = true;                  // [U] "number or string"
  std::string transaction_time = "00:00:00";  // [C] the exact hour is not needed
  std::string refunds_path = "/refunds";                  // [U] paths differ between versions
  std::string letter_pdf_path = "/letter-api/pdf";        // [U]
  std::string letter_zip_path = "/letter-api/zip";        // [U]
  int letters_per_request = 10;                           // [C]
  int list_query_days = 7;                                // [C] at most 7 days per list query
  int list_rows = 25;                                     // [C] example value
  int list_max_pages = 8;                                 // how far a lost request is searched
  absl::Duration default_token_lifetime = absl::Minutes(5);  // [C] when expires_in is missing
  absl::Duration token_refresh_margin = absl::Seconds(30);

  // Rules.
  std::set<std::string> debit_partial_brands = {"mastercard"};  // lower-case; [C] one partial
  int debit_partial_limit = 1;                                  // [C]
  int max_sale_age_days = 0;  // [U] not published; 0 = let Cielo judge (codes 101, 823)
  absl::Duration min_cancel_interval = absl::ZeroDuration();  // not documented for this API
  absl::Duration request_timeout = absl::Seconds(30);
};

// Reads `settings` of a provider account. Errors name the field, never a credential's value.
absl::StatusOr<Settings> ParseSettings(const nlohmann::json& settings);

// The CNPJ root an EC belongs to in this account, or "" when none.
std::string RootOf(const Settings& settings, const std::string& merchant_id);

}  // namespace cancela::providers::cielo_unica
