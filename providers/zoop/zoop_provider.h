#pragma once
// Zoop Marketplace API v1: total and partial cancellation through
// POST /v1/marketplaces/{mkp}/transactions/{id}/void, the transaction (with its history) and its
// receivables by GET. HTTP Basic auth with the API key as the user and an empty password.

#include <memory>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "nlohmann/json.hpp"
#include "providers/http/http_transport.h"
#include "providers/provider.h"
#include "providers/zoop/zoop_settings.h"

namespace cancela::providers::zoop {

class ZoopProvider final : public Provider {
 public:
  ZoopProvider(Settings settings, http::HttpTransport& transport);

  std::string_view id() const override { return "zoop"; }
  absl::StatusOr<SaleSnapshot> GetSale(const SaleRef& sale, absl::Time deadline) override;
  absl::Status CheckRules(const CancelCommand& command, const SaleSnapshot& sale,
                          absl::Time now) const override;
  SaleLimits Limits(const CancelCommand& command, const SaleSnapshot& sale) const override;
  ProviderResult Cancel(const CancelCommand& command, absl::Time deadline) override;
  ProviderResult Reconcile(const CancelCommand& command, const ReconcileBasis& basis,
                           absl::Time deadline) override;
  // Zoop's cancellation events name the transaction and its seller; other event types are
  // acknowledged and change nothing.
  absl::StatusOr<WebhookHint> ParseWebhook(const WebhookDelivery& delivery) const override;

 private:
  http::Request Get(const std::string& url, absl::Time deadline) const;
  http::Headers Headers() const;

  Settings settings_;
  http::HttpTransport& transport_;
};

absl::StatusOr<std::unique_ptr<Provider>> MakeZoopProvider(const nlohmann::json& settings,
                                                           http::HttpTransport& transport,
                                                           const Clock& clock);

}  // namespace cancela::providers::zoop
