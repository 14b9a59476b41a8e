#pragma once
// Pure translations between Cielo Checkout's wire format and cancela's provider types. No I/O.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/secret.h"
#include "providers/cielo_checkout/cielo_checkout_settings.h"
#include "providers/http/http_transport.h"
#include "providers/http/oauth_token_cache.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_checkout {

// --- OAuth (Cielo OAUTH, client credentials) ---
// "Basic " + base64("ClientId:ClientSecret"), no space after the colon.
Secret BasicAuthorization(const Secret& client_id, const Secret& client_secret);
inline constexpr char kTokenRequestBody[] = "grant_type=client_credentials";
// {"access_token", "token_type": "bearer", "expires_in": 1199}. Errors:
// INTERNAL/PROVIDER_AUTH_FAILED (400/401/403: the credentials), UNAVAILABLE/PROVIDER_UNAVAILABLE
// (5xx, 429), INTERNAL/PROVIDER_RESPONSE_INVALID (anything unreadable).
absl::StatusOr<http::OAuthToken> ParseTokenResponse(const http::Response& response,
                                                    absl::Duration default_lifetime);

// --- URLs ---
// Checkout order numbers are 32 hex characters; anything outside [A-Za-z0-9] is refused before it
// can reach a URL.
bool IsValidOrderNumber(const std::string& order_number);
// GET {base}/api/public/v2/orders/{n}
std::string OrderUrl(const std::string& base_url, const std::string& order_number);
// PUT {base}/api/public/v2/orders/{n}/void[?amount={amount}]
std::string VoidUrl(const std::string& base_url, const std::string& order_number,
                    const std::optional<std::string>& amount);
// GET {base}/api/public/v2/merchantOrderNumber/{m}
std::string MerchantOrderNumberUrl(const std::string& base_url,
                                   const std::string& merchant_order_number);

// Checkout writes local Brasília time, "2018-03-02T14:29:43.767" (also "dd-MM-yyyy HH:mm:ss").
std::optional<absl::Time> ParseCheckoutTime(const std::string& text);

// --- Order query ---
// The order as a sale. Its amount is the cart (unitPrice × quantity, minus a cart discount) plus
// the shipping price: the order answer carries no total of its own ([I], providers.md §4.3).
// Errors: NOT_FOUND/SALE_NOT_FOUND (404), INTERNAL/PROVIDER_AUTH_FAILED (401/403),
// UNAVAILABLE/PROVIDER_UNAVAILABLE (5xx, 429), INTERNAL/PROVIDER_RESPONSE_INVALID.
absl::StatusOr<SaleSnapshot> ParseOrderResponse(const http::Response& response);

// One order listed by the merchant's order number (Checkout allows duplicates).
struct OrderListing {
  std::string checkout_order_number;
  std::optional<absl::Time> created;
};
absl::StatusOr<std::vector<OrderListing>> ParseMerchantOrderList(const http::Response& response);

// --- Void ---
// The void answer, HTTP status included. success=true is success; success=false a decline with
// the account's returnCode table; 4xx a refusal (nothing executed); 5xx and anything unreadable
// kUnknown (resolved by querying the order, never by resending).
ProviderResult ParseVoidResponse(const http::Response& response, const Settings& settings);

}  // namespace cancela::providers::cielo_checkout
