#pragma once
// Cielo E-commerce 3.0: card void/refund and Pix refund through PUT /1/sales/{id}/void, and the
// sale query GET /1/sales/{id} on the query host. Static MerchantId/MerchantKey headers.

#include <memory>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "nlohmann/json.hpp"
#include "providers/cielo_ecommerce/cielo_ecommerce_settings.h"
#include "providers/http/http_transport.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_ecommerce {

class CieloEcommerceProvider final : public Provider {
 public:
  CieloEcommerceProvider(Settings settings, http::HttpTransport& transport,
                         const Clock& clock = SystemClock::Get());

  std::string_view id() const override { return "cielo_ecommerce"; }
  absl::StatusOr<SaleSnapshot> GetSale(const SaleRef& sale, absl::Time deadline) override;
  absl::Status CheckRules(const CancelCommand& command, const SaleSnapshot& sale,
                          absl::Time now) const override;
  SaleLimits Limits(const CancelCommand& command, const SaleSnapshot& sale) const override;
  ProviderResult Cancel(const CancelCommand& command, absl::Time deadline) override;
  ProviderResult Reconcile(const CancelCommand& command, const ReconcileBasis& basis,
                           absl::Time deadline) override;
  absl::StatusOr<WebhookHint> ParseWebhook(const WebhookDelivery& delivery) const override;

 private:
  http::Headers AuthHeaders(const std::string& request_id) const;
  absl::Time Deadline(absl::Time deadline) const;

  Settings settings_;
  http::HttpTransport& transport_;
  const Clock& clock_;
};

absl::StatusOr<std::unique_ptr<Provider>> MakeCieloEcommerceProvider(
    const nlohmann::json& settings, http::HttpTransport& transport, const Clock& clock);

}  // namespace cancela::providers::cielo_ecommerce
