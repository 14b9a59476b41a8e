#pragma once
// One Cielo Checkout / Link de Pagamento account's settings. Every item providers.md §4 marks
// inferred or unconfirmed is a setting here, with the documented value as its default.

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cancela/v1/operation.pb.h"
#include "common/secret.h"
#include "nlohmann/json.hpp"
#include "providers/cielo_checkout/cielo_checkout_amount.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_checkout {

struct Settings {
  std::string base_url;   // https://cieloecommerce.cielo.com.br (the API under /api/public/v2)
  std::string token_url;  // default {base_url}/api/public/v2/token
  Secret client_id;       // a GUID, from the Cielo site
  Secret client_secret;
  absl::Duration min_cancel_interval = absl::Seconds(5);  // [C] "aguardar 5 segundos"
  int query_window_days = 45;                             // [C] queries up to 45 days
  // Payment types this account may cancel. Only credit card is documented as cancellable (status
  // 5 "para cartões de crédito"); debit, Pix and boleto are undocumented [U].
  std::set<PaymentMethod> cancellable_methods = {PaymentMethod::kCreditCard};
  AmountUnit void_amount_unit = AmountUnit::kCents;  // [I]
  // Token lifetime when the answer has no expires_in (documented 1199–1200 s), and how long
  // before expiry the cache fetches a new one.
  absl::Duration default_token_lifetime = absl::Seconds(1200);
  absl::Duration token_refresh_margin = absl::Seconds(60);
  // returnCode of a declined void → normalized reason. Cielo's table was never published [U];
  // codes not listed are PROVIDER_DECLINED.
  std::map<std::string, v1::FailureReason> return_code_reasons;
  absl::Duration request_timeout = absl::Seconds(30);
};

// Reads `settings` of a provider account. Errors name the field, never a credential's value.
absl::StatusOr<Settings> ParseSettings(const nlohmann::json& settings);

// "creditCard", "debitCard", "pix", "boleto", ... (case-insensitive) → PaymentMethod.
PaymentMethod MethodOfPaymentType(const std::string& type);

}  // namespace cancela::providers::cielo_checkout
