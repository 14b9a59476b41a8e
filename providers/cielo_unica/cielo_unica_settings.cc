#include "providers/cielo_unica/cielo_unica_settings.h"

#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"
#include "common/secret_source.h"

namespace cancela::providers::cielo_unica {
namespace {

absl::Status Bad(const std::string& field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("settings.", field, ": ", why));
}

bool AllDigits(const std::string& s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

absl::StatusOr<std::string> Url(const nlohmann::json& s, const char* key) {
  auto url = json::GetString(s, key);
  if (!url || !(absl::StartsWith(*url, "http://") || absl::StartsWith(*url, "https://"))) {
    return Bad(key, "required, an http(s) URL");
  }
  std::string out = *url;
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

absl::Status Int(const nlohmann::json& s, const char* key, int min, int max, int* out) {
  if (json::Find(s, key) == nullptr) return absl::OkStatus();
  auto v = json::GetInt(s, key);
  if (!v || *v < min || *v > max) {
    return Bad(key, absl::StrCat("an integer from ", min, " to ", max));
  }
  *out = static_cast<int>(*v);
  return absl::OkStatus();
}

absl::Status Path(const nlohmann::json& s, const char* key, std::string* out) {
  if (json::Find(s, key) == nullptr) return absl::OkStatus();
  auto v = json::GetString(s, key);
  if (!v || !absl::StartsWith(*v, "/")) return Bad(key, "a path starting with /");
  *out = *v;
  return absl::OkStatus();
}

absl::Status ReadTls(const nlohmann::json& s, TlsFiles* out) {
  const nlohmann::json* tls = json::Find(s, "tls");
  if (tls == nullptr) return absl::OkStatus();
  if (!tls->is_object()) return Bad("tls", "an object {client_certificate_file, client_key_file, ca_file}");
  for (const auto& [key, value] : tls->items()) {
    if (key != "client_certificate_file" && key != "client_key_file" && key != "ca_file") {
      return Bad(absl::StrCat("tls.", key), "unknown setting");
    }
    if (!value.is_string() || value.get<std::string>().empty()) {
      return Bad(absl::StrCat("tls.", key), "a file path");
    }
  }
  for (const auto& [key, value] : tls->items()) {
    // Checked at start, so a wrong mount shows up as a configuration error, not as failed refunds.
    if (access(value.get<std::string>().c_str(), R_OK) != 0) {
      return Bad(absl::StrCat("tls.", key), absl::StrCat("cannot read ", value.get<std::string>()));
    }
  }
  out->client_certificate_file = json::GetString(*tls, "client_certificate_file").value_or("");
  out->client_key_file = json::GetString(*tls, "client_key_file").value_or("");
  out->ca_bundle_file = json::GetString(*tls, "ca_file").value_or("");
  if (out->client_certificate_file.empty() != out->client_key_file.empty()) {
    return Bad("tls", "client_certificate_file and client_key_file go together");
  }
  return absl::OkStatus();
}

absl::Status ReadRoots(const nlohmann::json& s, Settings* out) {
  const nlohmann::json* roots = json::Find(s, "cnpj_roots");
  if (roots == nullptr || !roots->is_object() || roots->empty()) {
    return Bad("cnpj_roots", "required: {\"<8-digit CNPJ root>\": [\"<EC>\", ...]}");
  }
  for (const auto& [root, ecs] : roots->items()) {
    const std::string field = absl::StrCat("cnpj_roots.", root);
    if (!AllDigits(root, 8, 8)) return Bad(field, "a CNPJ root is 8 digits");
    if (!ecs.is_array() || ecs.empty()) return Bad(field, "a non-empty list of merchant numbers");
    for (const nlohmann::json& ec : ecs) {
      if (!ec.is_string() || !AllDigits(ec.get<std::string>(), 1, 10)) {
        return Bad(field, "merchant numbers (EC) are strings of up to 10 digits");
      }
      const std::string number = ec.get<std::string>();
      if (!RootOf(*out, number).empty()) return Bad(field, absl::StrCat("EC ", number, " is listed twice"));
      out->cnpj_roots[root].insert(number);
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string RootOf(const Settings& settings, const std::string& merchant_id) {
  for (const auto& [root, ecs] : settings.cnpj_roots) {
    if (ecs.count(merchant_id) != 0) return root;
  }
  return "";
}

absl::StatusOr<Settings> ParseSettings(const nlohmann::json& s) {
  static const std::set<std::string> kKnown = {
      "base_url", "token_url", "client_id", "client_secret", "tls",
      "token_uses_client_certificate", "cnpj_roots", "request_envelope", "nsu_as_number",
      "transaction_time", "refunds_path", "letter_pdf_path", "letter_zip_path",
      "letters_per_request", "list_query_days", "list_rows", "list_max_pages",
      "default_token_lifetime_s", "token_refresh_margin_s", "debit_partial_brands",
      "debit_partial_limit", "max_sale_age_days", "min_cancel_interval_ms", "request_timeout_ms",
      "$comment"};
  if (!s.is_object()) return Bad("", "an object");
  for (const auto& [key, value] : s.items()) {
    if (kKnown.count(key) == 0) return Bad(key, "unknown setting");
  }
  Settings out;
  auto base = Url(s, "base_url");
  if (!base.ok()) return base.status();
  out.base_url = *base;
  auto token = Url(s, "token_url");
  if (!token.ok()) return token.status();
  out.token_url = *token;
  for (const char* key : {"client_id", "client_secret"}) {
    const nlohmann::json* source = json::Find(s, key);
    if (source == nullptr) return Bad(key, "required: {\"file\": …}, {\"env\": …} or {\"value\": …}");
    auto secret = LoadSecret(*source, absl::StrCat("settings.", key));
    if (!secret.ok()) return secret.status();
    (std::string(key) == "client_id" ? out.client_id : out.client_secret) = *std::move(secret);
  }
  if (absl::Status st = ReadTls(s, &out.tls); !st.ok()) return st;
  if (absl::StartsWith(out.base_url, "https://") && out.tls.client_certificate_file.empty()) {
    return Bad("tls", "required for an https base_url: Cielo demands mutual TLS");
  }
  if (auto v = json::GetBool(s, "token_uses_client_certificate")) out.token_uses_client_certificate = *v;
  if (absl::Status st = ReadRoots(s, &out); !st.ok()) return st;

  if (const nlohmann::json* e = json::Find(s, "request_envelope")) {
    const std::string v = e->is_string() ? e->get<std::string>() : "";
    if (v == "transactions_array") {
      out.request_envelope = RequestEnvelope::kTransactionsArray;
    } else if (v == "bare_object") {
      out.request_envelope = RequestEnvelope::kBareObject;
    } else {
      return Bad("request_envelope", "\"transactions_array\" or \"bare_object\"");
    }
  }
  if (json::Find(s, "nsu_as_number") != nullptr) {
    auto v = json::GetBool(s, "nsu_as_number");
    if (!v) return Bad("nsu_as_number", "true or false");
    out.nsu_as_number = *v;
  }
  if (json::Find(s, "transaction_time") != nullptr) {
    auto v = json::GetString(s, "transaction_time");
    absl::CivilSecond ignored;
    if (!v || v->size() != 8 ||
        !absl::ParseCivilTime(absl::StrCat("2000-01-01T", *v), &ignored)) {
      return Bad("transaction_time", "HH:MM:SS");
    }
    out.transaction_time = *v;
  }
  for (auto [key, field] : {std::pair{"refunds_path", &out.refunds_path},
                            std::pair{"letter_pdf_path", &out.letter_pdf_path},
                            std::pair{"letter_zip_path", &out.letter_zip_path}}) {
    if (absl::Status st = Path(s, key, field); !st.ok()) return st;
  }
  int token_lifetime_s = 300, margin_s = 30, interval_ms = 0, timeout_ms = 30000;
  for (const absl::Status& st :
       {Int(s, "letters_per_request", 1, 10, &out.letters_per_request),
        Int(s, "list_query_days", 1, 7, &out.list_query_days),
        Int(s, "list_rows", 1, 100, &out.list_rows),
        Int(s, "list_max_pages", 1, 100, &out.list_max_pages),
        Int(s, "default_token_lifetime_s", 10, 86400, &token_lifetime_s),
        Int(s, "token_refresh_margin_s", 0, 600, &margin_s),
        Int(s, "debit_partial_limit", 0, 100, &out.debit_partial_limit),
        Int(s, "max_sale_age_days", 0, 3650, &out.max_sale_age_days),
        Int(s, "min_cancel_interval_ms", 0, 86400000, &interval_ms),
        Int(s, "request_timeout_ms", 100, 600000, &timeout_ms)}) {
    if (!st.ok()) return st;
  }
  out.default_token_lifetime = absl::Seconds(token_lifetime_s);
  out.token_refresh_margin = absl::Seconds(margin_s);
  out.min_cancel_interval = absl::Milliseconds(interval_ms);
  out.request_timeout = absl::Milliseconds(timeout_ms);
  if (const nlohmann::json* brands = json::Find(s, "debit_partial_brands")) {
    if (!brands->is_array()) return Bad("debit_partial_brands", "a list of brand names");
    out.debit_partial_brands.clear();
    for (const nlohmann::json& b : *brands) {
      if (!b.is_string()) return Bad("debit_partial_brands", "a list of brand names");
      out.debit_partial_brands.insert(absl::AsciiStrToLower(b.get<std::string>()));
    }
  }
  return out;
}

}  // namespace cancela::providers::cielo_unica
