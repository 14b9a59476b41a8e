#include "providers/cielo_ecommerce/cielo_ecommerce_settings.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"
#include "common/secret_source.h"

namespace cancela::providers::cielo_ecommerce {
namespace {

absl::Status Bad(const std::string& field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("settings.", field, ": ", why));
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

absl::StatusOr<int> PositiveInt(const nlohmann::json& s, const std::string& key, int fallback,
                                int min) {
  if (json::Find(s, key) == nullptr) return fallback;
  auto v = json::GetInt(s, key);
  if (!v || *v < min || *v > 100000) return Bad(key, absl::StrCat("an integer, at least ", min));
  return static_cast<int>(*v);
}

}  // namespace

absl::StatusOr<Settings> ParseSettings(const nlohmann::json& s) {
  static const std::set<std::string> kKnown = {
      "transactional_url",  "query_url", "merchant_id", "merchant_key", "min_cancel_interval_ms",
      "pix_refund_window_days", "card_refund_window_days", "request_timeout_ms",
      "not_executed_after_s", "$comment"};
  for (const auto& [key, value] : s.items()) {
    if (kKnown.count(key) == 0) return Bad(key, "unknown setting");
  }
  Settings out;
  auto transactional = Url(s, "transactional_url");
  if (!transactional.ok()) return transactional.status();
  out.transactional_url = *transactional;
  auto query = Url(s, "query_url");
  if (!query.ok()) return query.status();
  out.query_url = *query;
  for (const char* key : {"merchant_id", "merchant_key"}) {
    const nlohmann::json* source = json::Find(s, key);
    if (source == nullptr) return Bad(key, "required: {\"file\": …}, {\"env\": …} or {\"value\": …}");
    auto secret = LoadSecret(*source, absl::StrCat("settings.", key));
    if (!secret.ok()) return secret.status();
    (std::string(key) == "merchant_id" ? out.merchant_id : out.merchant_key) = *std::move(secret);
  }
  auto interval = PositiveInt(s, "min_cancel_interval_ms", 5000, 0);
  if (!interval.ok()) return interval.status();
  out.min_cancel_interval = absl::Milliseconds(*interval);
  auto pix = PositiveInt(s, "pix_refund_window_days", 90, 1);
  if (!pix.ok()) return pix.status();
  out.pix_refund_window_days = *pix;
  auto timeout = PositiveInt(s, "request_timeout_ms", 30000, 100);
  if (!timeout.ok()) return timeout.status();
  out.request_timeout = absl::Milliseconds(*timeout);
  auto not_executed = PositiveInt(s, "not_executed_after_s", 600, 1);
  if (!not_executed.ok()) return not_executed.status();
  out.not_executed_after = absl::Seconds(*not_executed);
  if (out.not_executed_after <= out.request_timeout) {
    return Bad("not_executed_after_s", "longer than request_timeout_ms");
  }
  if (const nlohmann::json* windows = json::Find(s, "card_refund_window_days")) {
    if (!windows->is_object()) return Bad("card_refund_window_days", "an object {Payment.Type: days}");
    for (const auto& [type, days] : windows->items()) {
      if (!days.is_number_integer() || days.get<int64_t>() < 1) {
        return Bad(absl::StrCat("card_refund_window_days.", type), "a positive number of days");
      }
      out.card_refund_window_days[type] = days.get<int>();
    }
  }
  return out;
}

}  // namespace cancela::providers::cielo_ecommerce
