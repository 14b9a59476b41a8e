#pragma once
// One Zoop marketplace account's settings. Everything providers.md §5 marks [I] or [U] is a
// setting here, with the documented or most likely value as its default.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/secret.h"
#include "nlohmann/json.hpp"

namespace cancela::providers::zoop {

struct Settings {
  std::string base_url;        // e.g. https://api.zoop.ws (no version: see api_version)
  std::string api_version = "v1";  // [U] some SDKs call a v2 void; v1 is the documented one
  std::string marketplace_id;  // the marketplace every path names
  Secret api_key;              // zpk_test_… / zpk_live_…: the Basic auth user, empty password
  // [C] A settled sale is refunded only after Zoop released it on request. True once the
  // marketplace (or the seller) has that release; false refuses such refunds before calling.
  bool settled_refund_release = false;
  // [U] Zoop publishes no card-not-present windows. 0 = not checked here (Zoop decides).
  int refund_window_days = 0;
  int void_window_hours = 0;
  // [I] Read the receivables to tell whether the sale is settled (one more GET per check).
  bool check_receivables = true;
  // [U] How much earlier than cancela's send time a history entry may be stamped and still be
  // this cancellation (Zoop's clock and ours differ; history times carry no zone).
  absl::Duration history_clock_skew = absl::Minutes(2);
  absl::Duration min_cancel_interval = absl::ZeroDuration();  // none documented
  absl::Duration request_timeout = absl::Seconds(30);
};

// Ids Zoop puts in URL paths (marketplace, transaction, seller): letters, digits, - and _, at most
// 64; never a dot, so no reference can climb the path.
bool IsPathSafeId(const std::string& id);

// Reads `settings` of a provider account. Errors name the field, never a credential's value.
absl::StatusOr<Settings> ParseSettings(const nlohmann::json& settings);

}  // namespace cancela::providers::zoop
