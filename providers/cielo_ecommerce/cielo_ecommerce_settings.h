#pragma once
// One Cielo E-commerce account's settings. The windows are settings, not constants, because
// Cielo's documents disagree on them (providers.md §2.5 [U]).

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/secret.h"
#include "nlohmann/json.hpp"

namespace cancela::providers::cielo_ecommerce {

struct Settings {
  std::string transactional_url;  // e.g. https://api.cieloecommerce.cielo.com.br
  std::string query_url;          // e.g. https://apiquery.cieloecommerce.cielo.com.br
  Secret merchant_id;
  Secret merchant_key;
  absl::Duration min_cancel_interval = absl::Seconds(5);  // [C] "wait 5 seconds"
  int pix_refund_window_days = 90;                        // [C] Banco Central rule
  std::map<std::string, int> card_refund_window_days = {{"CreditCard", 360}, {"DebitCard", 360}};
  int default_card_refund_window_days = 360;  // [C] old manual; newer changelog differs [U]
  absl::Duration request_timeout = absl::Seconds(30);
  // Cielo answers cancellations synchronously, so once this much time has passed since an
  // attempt whose answer was lost, a sale query showing no cancellation proves the attempt never
  // executed (and it may be sent once more). [I]: how soon a cancellation shows in the query
  // host is not documented; keep it well above request_timeout.
  absl::Duration not_executed_after = absl::Minutes(10);
};

// Reads `settings` of a provider account. Errors name the field, never a credential's value.
absl::StatusOr<Settings> ParseSettings(const nlohmann::json& settings);

}  // namespace cancela::providers::cielo_ecommerce
