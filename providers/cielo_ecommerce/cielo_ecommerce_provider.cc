#include "providers/cielo_ecommerce/cielo_ecommerce_provider.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_notification.h"
#include "providers/provider_results.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_rules.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_transformers.h"

namespace cancela::providers::cielo_ecommerce {
namespace {

const std::string& PaymentIdOf(const SaleRef& sale) {
  return std::get<CieloEcommerceSaleRef>(sale).payment_id;
}

// RequestId is a GUID Cielo logs for support; deriving it from the operation id lets support
// find the operation. It is not an idempotency key (Cielo has none).
std::string RequestIdFor(const std::string& operation_id) {
  std::string hex;
  for (unsigned char c : operation_id) {
    static constexpr char kHex[] = "0123456789abcdef";
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 15]);
  }
  hex.resize(32, '0');
  return absl::StrCat(hex.substr(6, 8), "-", hex.substr(14, 4), "-4", hex.substr(19, 3), "-8",
                      hex.substr(23, 3), "-", hex.substr(26, 6), hex.substr(32 - 6, 6));
}

}  // namespace

CieloEcommerceProvider::CieloEcommerceProvider(Settings settings, http::HttpTransport& transport,
                                               const Clock& clock)
    : settings_(std::move(settings)), transport_(transport), clock_(clock) {}

http::Headers CieloEcommerceProvider::AuthHeaders(const std::string& request_id) const {
  return {{"MerchantId", settings_.merchant_id.Reveal()},
          {"MerchantKey", settings_.merchant_key.Reveal()},
          {"RequestId", request_id},
          {"Accept", "application/json"},
          {"Content-Type", "application/json"}};
}

absl::Time CieloEcommerceProvider::Deadline(absl::Time deadline) const {
  return std::min(deadline, absl::Now() + settings_.request_timeout);
}

absl::StatusOr<SaleSnapshot> CieloEcommerceProvider::GetSale(const SaleRef& sale,
                                                             absl::Time deadline) {
  if (!std::holds_alternative<CieloEcommerceSaleRef>(sale)) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::SALE_REFERENCE_INVALID,
                     "sale: a cielo_ecommerce reference is required", {{"field", "sale"}});
  }
  http::Request request;
  request.method = "GET";
  request.url = SaleUrl(settings_.query_url, PaymentIdOf(sale));
  request.headers = AuthHeaders(RequestIdFor("query"));
  request.deadline = Deadline(deadline);
  request.idempotent = true;
  const http::Result result = transport_.Send(request);
  if (result.failure != http::Failure::kNone) {
    return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                     absl::StrCat("Cielo's query service is unreachable: ", result.detail));
  }
  auto parsed = ParseSaleResponse(result.response);
  if (!parsed.ok()) return parsed.status();
  return parsed->sale;
}

absl::Status CieloEcommerceProvider::CheckRules(const CancelCommand& command,
                                                const SaleSnapshot& sale, absl::Time now) const {
  return cielo_ecommerce::CheckRules(settings_, command, sale, now);
}

SaleLimits CieloEcommerceProvider::Limits(const CancelCommand& /*command*/,
                                          const SaleSnapshot& sale) const {
  return LimitsFor(settings_, sale);
}

ProviderResult CieloEcommerceProvider::Cancel(const CancelCommand& command, absl::Time deadline) {
  http::Request request;
  request.method = "PUT";
  request.url = VoidUrl(settings_.transactional_url, PaymentIdOf(command.sale),
                        command.total ? std::nullopt
                                      : std::optional<int64_t>(command.amount_minor_units));
  request.headers = AuthHeaders(RequestIdFor(command.operation_id));
  request.deadline = Deadline(deadline);
  request.idempotent = false;  // a repeated partial void is a second refund
  const http::Result result = transport_.Send(request);
  if (auto failed = OutcomeOfTransportFailure(result, "Cielo")) return *failed;
  return ParseVoidResponse(result.response);
}

ProviderResult CieloEcommerceProvider::Reconcile(const CancelCommand& command,
                                                 const ReconcileBasis& basis, absl::Time deadline) {
  http::Request request;
  request.method = "GET";
  request.url = SaleUrl(settings_.query_url, PaymentIdOf(command.sale));
  request.headers = AuthHeaders(RequestIdFor(command.operation_id));
  request.deadline = Deadline(deadline);
  request.idempotent = true;
  const http::Result result = transport_.Send(request);
  ProviderResult r;
  r.outcome = Outcome::kUnknown;
  if (result.failure != http::Failure::kNone) {
    r.note = absl::StrCat("Cielo query failed: ", result.detail);
    return r;
  }
  auto parsed = ParseSaleResponse(result.response);
  if (!parsed.ok()) {
    r.note = absl::StrCat("Cielo query failed: ", parsed.status().message());
    return r;
  }
  const SaleSnapshot& sale = parsed->sale;
  r.echo.status = sale.provider_status;
  r.echo.reference = sale.reference;

  // A Pix refund is listed in Refunds[] with its own status when Cielo sends that node.
  for (const RefundEntry& entry : parsed->refunds) {
    const bool same_refund = entry.amount_minor_units == command.amount_minor_units &&
                             (!entry.received || *entry.received >= basis.sent_at - absl::Minutes(1));
    if (!same_refund) continue;
    if (entry.status == 4) {
      r.outcome = Outcome::kFailed;
      r.failure_reason = v1::FAILURE_REASON_NOT_ELIGIBLE;
      r.failure_message = "the Pix provider denied the refund";
      r.note = "Cielo lists the Pix refund as denied";
      return r;
    }
    if (entry.status == 1 || entry.status == 2) {
      r.outcome = Outcome::kScheduled;
      r.note = "Cielo lists the refund as scheduled";
    }
  }
  const int64_t moved = sale.cancelled_minor_units - basis.cancelled_before_minor_units;
  const bool fully_cancelled = sale.state == SaleState::kVoided || sale.state == SaleState::kRefunded;
  if (moved >= command.amount_minor_units || (command.total && fully_cancelled)) {
    r.outcome = Outcome::kSucceeded;
    r.note = absl::StrCat("Cielo shows the cancellation (Status ", sale.provider_status,
                          ", cancelled ", sale.cancelled_minor_units, ")");
    return r;
  }
  if (r.outcome != Outcome::kUnknown) return r;
  if (moved == 0 && clock_.Now() - basis.sent_at >= settings_.not_executed_after) {
    // Nothing moved long after a synchronous call's answer was due: it never executed.
    r.outcome = Outcome::kNotExecuted;
    r.note = "Cielo shows no cancellation long after the attempt";
    return r;
  }
  r.note = "Cielo shows no cancellation yet";
  return r;
}

absl::StatusOr<WebhookHint> CieloEcommerceProvider::ParseWebhook(
    const WebhookDelivery& delivery) const {
  auto notification = ParseNotification(delivery.body);
  if (!notification.ok()) return notification.status();
  WebhookHint hint;
  hint.event = absl::StrCat("ChangeType ", notification->change_type);
  hint.sales.push_back(CieloEcommerceSaleRef{notification->payment_id});
  return hint;
}

absl::StatusOr<std::unique_ptr<Provider>> MakeCieloEcommerceProvider(
    const nlohmann::json& settings, http::HttpTransport& transport, const Clock& clock) {
  auto parsed = ParseSettings(settings);
  if (!parsed.ok()) return parsed.status();
  return std::unique_ptr<Provider>(new CieloEcommerceProvider(*std::move(parsed), transport, clock));
}

}  // namespace cancela::providers::cielo_ecommerce
