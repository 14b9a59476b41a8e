#pragma once
// PayU Latam: VOID, REFUND and PARTIAL_REFUND through the Payments API (SUBMIT_TRANSACTION), and
// the sale and the outcome of refunds through the Queries API (ORDER_DETAIL). Credentials travel
// in the JSON body; both APIs are POSTs of JSON.

#include <memory>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "nlohmann/json.hpp"
#include "providers/http/http_transport.h"
#include "providers/payu/payu_settings.h"
#include "providers/provider.h"

namespace cancela::providers::payu {

class PayuProvider final : public Provider {
 public:
  PayuProvider(Settings settings, http::HttpTransport& transport);

  std::string_view id() const override { return "payu"; }
  absl::StatusOr<SaleSnapshot> GetSale(const SaleRef& sale, absl::Time deadline) override;
  absl::Status CheckRules(const CancelCommand& command, const SaleSnapshot& sale,
                          absl::Time now) const override;
  SaleLimits Limits(const CancelCommand& command, const SaleSnapshot& sale) const override;
  ProviderResult Cancel(const CancelCommand& command, absl::Time deadline) override;
  ProviderResult Reconcile(const CancelCommand& command, const ReconcileBasis& basis,
                           absl::Time deadline) override;

 private:
  http::Request Post(const std::string& url, const nlohmann::json& body, absl::Time deadline,
                     bool idempotent) const;
  absl::StatusOr<struct PayuOrder> QueryOrder(const std::string& order_id, absl::Time deadline);

  Settings settings_;
  http::HttpTransport& transport_;
};

absl::StatusOr<std::unique_ptr<Provider>> MakePayuProvider(const nlohmann::json& settings,
                                                           http::HttpTransport& transport,
                                                           const Clock& clock);

}  // namespace cancela::providers::payu
