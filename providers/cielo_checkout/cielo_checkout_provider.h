#pragma once
// Cielo Checkout / Link de Pagamento, "API de Controle Transacional": cancellation through
// PUT /api/public/v2/orders/{n}/void[?amount=], confirmation and reconciliation through
// GET /api/public/v2/orders/{n}, behind a Cielo OAUTH bearer token (client credentials, ~20 min).

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "nlohmann/json.hpp"
#include "providers/cielo_checkout/cielo_checkout_settings.h"
#include "providers/cielo_checkout/cielo_checkout_transformers.h"
#include "providers/http/http_transport.h"
#include "providers/http/oauth_token_cache.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_checkout {

class CieloCheckoutProvider final : public Provider {
 public:
  CieloCheckoutProvider(Settings settings, http::HttpTransport& transport, const Clock& clock);

  std::string_view id() const override { return "cielo_checkout"; }
  absl::StatusOr<SaleSnapshot> GetSale(const SaleRef& sale, absl::Time deadline) override;
  absl::Status CheckRules(const CancelCommand& command, const SaleSnapshot& sale,
                          absl::Time now) const override;
  SaleLimits Limits(const CancelCommand& command, const SaleSnapshot& sale) const override;
  ProviderResult Cancel(const CancelCommand& command, absl::Time deadline) override;
  ProviderResult Reconcile(const CancelCommand& command, const ReconcileBasis& basis,
                           absl::Time deadline) override;
  // Status-change and finalisation forms name the order; the JSON-type notification names only
  // the store's order number and is acknowledged without a hint.
  absl::StatusOr<WebhookHint> ParseWebhook(const WebhookDelivery& delivery) const override;

  // The orders Checkout holds under a merchant order number (the store's own; Checkout lets it
  // repeat), newest as listed. The way to find an order's checkout_cielo_order_number when the
  // notification carrying it was lost.
  absl::StatusOr<std::vector<OrderListing>> FindByMerchantOrderNumber(
      const std::string& merchant_order_number, absl::Time deadline);

  // Token fetches so far, for tests and metrics.
  int64_t token_fetches() const { return tokens_.fetch_count(); }

 private:
  // Sends `request` with the cached bearer token; after a 401 forgets that token and sends once
  // more with a new one (a 401 means the request was not executed). A non-OK status means the
  // request never left: no token could be had.
  absl::StatusOr<http::Result> SendAuthorized(http::Request request);
  absl::StatusOr<http::OAuthToken> FetchToken(absl::Time deadline);
  absl::StatusOr<SaleSnapshot> QueryOrder(const std::string& order_number, absl::Time deadline);
  absl::Time Deadline(absl::Time deadline) const;

  const Settings settings_;
  http::HttpTransport& transport_;
  http::OAuthTokenCache tokens_;
};

absl::StatusOr<std::unique_ptr<Provider>> MakeCieloCheckoutProvider(
    const nlohmann::json& settings, http::HttpTransport& transport, const Clock& clock);

}  // namespace cancela::providers::cielo_checkout
