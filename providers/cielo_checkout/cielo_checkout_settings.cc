#include "providers/cielo_checkout/cielo_checkout_settings.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"
#include "common/secret_source.h"

namespace cancela::providers::cielo_checkout {
namespace {

absl::Status Bad(const std::string& field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("settings.", field, ": ", why));
}

absl::StatusOr<std::string> Url(const nlohmann::json& s, const char* key) {
  auto url = json::GetString(s, key);
  if (!url || !(absl::StartsWith(*url, "http://") || absl::StartsWith(*url, "https://"))) {
    return Bad(key, "an http(s) URL");
  }
  std::string out = *url;
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

absl::StatusOr<int> IntSetting(const nlohmann::json& s, const std::string& key, int fallback,
                               int min, int max) {
  if (json::Find(s, key) == nullptr) return fallback;
  auto v = json::GetInt(s, key);
  if (!v || *v < min || *v > max) {
    return Bad(key, absl::StrCat("an integer from ", min, " to ", max));
  }
  return static_cast<int>(*v);
}

}  // namespace

PaymentMethod MethodOfPaymentType(const std::string& type) {
  const std::string t = absl::AsciiStrToLower(type);
  if (t == "creditcard" || t == "credit_card") return PaymentMethod::kCreditCard;
  if (t == "debitcard" || t == "debit_card") return PaymentMethod::kDebitCard;
  if (t == "pix") return PaymentMethod::kPix;
  if (t.empty()) return PaymentMethod::kUnknown;
  return PaymentMethod::kOther;  // boleto, QR code, direct debit, ...
}

absl::StatusOr<Settings> ParseSettings(const nlohmann::json& s) {
  static const std::set<std::string> kKnown = {
      "base_url", "token_url", "client_id", "client_secret", "min_cancel_interval_ms",
      "query_window_days", "cancellable_payment_types", "void_amount_unit",
      "default_token_lifetime_s", "token_refresh_margin_s", "return_code_reasons",
      "request_timeout_ms", "$comment"};
  if (!s.is_object()) return Bad("", "an object");
  for (const auto& [key, value] : s.items()) {
    if (kKnown.count(key) == 0) return Bad(key, "unknown setting");
  }
  Settings out;
  auto base = Url(s, "base_url");
  if (!base.ok()) return base.status();
  out.base_url = *base;
  out.token_url = absl::StrCat(out.base_url, "/api/public/v2/token");
  if (json::Find(s, "token_url") != nullptr) {
    auto token = Url(s, "token_url");
    if (!token.ok()) return token.status();
    out.token_url = *token;
  }
  for (const char* key : {"client_id", "client_secret"}) {
    const nlohmann::json* source = json::Find(s, key);
    if (source == nullptr) return Bad(key, "required: {\"file\": …}, {\"env\": …} or {\"value\": …}");
    auto secret = LoadSecret(*source, absl::StrCat("settings.", key));
    if (!secret.ok()) return secret.status();
    if (secret->empty()) return Bad(key, "must not be empty");
    // A colon in the id would make "id:secret" ambiguous for the Basic header (RFC 7617).
    if (std::string(key) == "client_id" && absl::StrContains(secret->Reveal(), ':')) {
      return Bad(key, "must not contain ':'");
    }
    (std::string(key) == "client_id" ? out.client_id : out.client_secret) = *std::move(secret);
  }
  auto interval = IntSetting(s, "min_cancel_interval_ms", 5000, 0, 3600 * 1000);
  if (!interval.ok()) return interval.status();
  out.min_cancel_interval = absl::Milliseconds(*interval);
  auto window = IntSetting(s, "query_window_days", 45, 1, 3650);
  if (!window.ok()) return window.status();
  out.query_window_days = *window;
  auto lifetime = IntSetting(s, "default_token_lifetime_s", 1200, 10, 86400);
  if (!lifetime.ok()) return lifetime.status();
  out.default_token_lifetime = absl::Seconds(*lifetime);
  auto margin = IntSetting(s, "token_refresh_margin_s", 60, 0, 3600);
  if (!margin.ok()) return margin.status();
  out.token_refresh_margin = absl::Seconds(*margin);
  auto timeout = IntSetting(s, "request_timeout_ms", 30000, 100, 600000);
  if (!timeout.ok()) return timeout.status();
  out.request_timeout = absl::Milliseconds(*timeout);

  if (const nlohmann::json* types = json::Find(s, "cancellable_payment_types")) {
    if (!types->is_array() || types->empty()) {
      return Bad("cancellable_payment_types", "a non-empty list such as [\"creditCard\"]");
    }
    out.cancellable_methods.clear();
    for (const nlohmann::json& type : *types) {
      const PaymentMethod m = type.is_string() ? MethodOfPaymentType(type.get<std::string>())
                                               : PaymentMethod::kUnknown;
      if (m == PaymentMethod::kUnknown || m == PaymentMethod::kOther || m == PaymentMethod::kVoucher) {
        return Bad("cancellable_payment_types", "each one of creditCard, debitCard, pix");
      }
      out.cancellable_methods.insert(m);
    }
  }
  if (json::Find(s, "void_amount_unit") != nullptr) {
    auto unit = json::GetString(s, "void_amount_unit");
    auto parsed = unit ? AmountUnitFromName(*unit) : std::nullopt;
    if (!parsed) return Bad("void_amount_unit", "\"cents\" or \"reais\"");
    out.void_amount_unit = *parsed;
  }
  if (const nlohmann::json* codes = json::Find(s, "return_code_reasons")) {
    if (!codes->is_object()) return Bad("return_code_reasons", "an object {returnCode: reason}");
    for (const auto& [code, reason] : codes->items()) {
      v1::FailureReason parsed = v1::FAILURE_REASON_UNSPECIFIED;
      const std::string name =
          reason.is_string() ? absl::StrCat("FAILURE_REASON_", reason.get<std::string>()) : "";
      if (!v1::FailureReason_Parse(name, &parsed) || parsed == v1::FAILURE_REASON_UNSPECIFIED) {
        return Bad(absl::StrCat("return_code_reasons.", code),
                   "a failure reason such as \"NOT_ELIGIBLE\"");
      }
      out.return_code_reasons[code] = parsed;
    }
  }
  return out;
}

}  // namespace cancela::providers::cielo_checkout
