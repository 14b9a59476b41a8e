#include "providers/zoop/zoop_settings.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"
#include "common/secret_source.h"

namespace cancela::providers::zoop {
namespace {

absl::Status Bad(const std::string& field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("settings.", field, ": ", why));
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

absl::StatusOr<bool> BoolSetting(const nlohmann::json& s, const std::string& key, bool fallback) {
  if (json::Find(s, key) == nullptr) return fallback;
  auto v = json::GetBool(s, key);
  if (!v) return Bad(key, "true or false");
  return *v;
}

}  // namespace

bool IsPathSafeId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

absl::StatusOr<Settings> ParseSettings(const nlohmann::json& s) {
  static const std::set<std::string> kKnown = {
      "base_url",           "api_version",        "marketplace_id",         "api_key",
      "settled_refund_release", "refund_window_days", "void_window_hours", "check_receivables",
      "history_clock_skew_s", "min_cancel_interval_ms", "request_timeout_ms", "$comment"};
  if (!s.is_object()) return Bad("", "an object");
  for (const auto& [key, value] : s.items()) {
    if (kKnown.count(key) == 0) return Bad(key, "unknown setting");
  }
  Settings out;
  auto url = json::GetString(s, "base_url");
  if (!url || !(absl::StartsWith(*url, "http://") || absl::StartsWith(*url, "https://"))) {
    return Bad("base_url", "required, an http(s) URL such as https://api.zoop.ws");
  }
  out.base_url = *url;
  while (!out.base_url.empty() && out.base_url.back() == '/') out.base_url.pop_back();
  if (json::Find(s, "api_version") != nullptr) {
    auto version = json::GetString(s, "api_version");
    if (!version || (*version != "v1" && *version != "v2")) return Bad("api_version", "\"v1\" or \"v2\"");
    out.api_version = *version;
  }
  auto marketplace = json::GetString(s, "marketplace_id");
  if (!marketplace || !IsPathSafeId(*marketplace)) {
    return Bad("marketplace_id", "required, Zoop's marketplace id (letters, digits, - or _)");
  }
  out.marketplace_id = *marketplace;
  const nlohmann::json* key = json::Find(s, "api_key");
  if (key == nullptr) return Bad("api_key", "required: {\"file\": …}, {\"env\": …} or {\"value\": …}");
  auto secret = LoadSecret(*key, "settings.api_key");
  if (!secret.ok()) return secret.status();
  if (secret->empty()) return Bad("api_key", "empty");
  out.api_key = *std::move(secret);

  auto release = BoolSetting(s, "settled_refund_release", false);
  if (!release.ok()) return release.status();
  out.settled_refund_release = *release;
  auto receivables = BoolSetting(s, "check_receivables", true);
  if (!receivables.ok()) return receivables.status();
  out.check_receivables = *receivables;
  auto refund_days = IntSetting(s, "refund_window_days", 0, 0, 10000);
  if (!refund_days.ok()) return refund_days.status();
  out.refund_window_days = *refund_days;
  auto void_hours = IntSetting(s, "void_window_hours", 0, 0, 100000);
  if (!void_hours.ok()) return void_hours.status();
  out.void_window_hours = *void_hours;
  auto skew = IntSetting(s, "history_clock_skew_s", 120, 0, 86400);
  if (!skew.ok()) return skew.status();
  out.history_clock_skew = absl::Seconds(*skew);
  auto interval = IntSetting(s, "min_cancel_interval_ms", 0, 0, 3600000);
  if (!interval.ok()) return interval.status();
  out.min_cancel_interval = absl::Milliseconds(*interval);
  auto timeout = IntSetting(s, "request_timeout_ms", 30000, 100, 600000);
  if (!timeout.ok()) return timeout.status();
  out.request_timeout = absl::Milliseconds(*timeout);
  return out;
}

}  // namespace cancela::providers::zoop
