#include "providers/cielo_checkout/cielo_checkout_provider.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/log.h"
#include "providers/cielo_checkout/cielo_checkout_codes.h"
#include "providers/cielo_checkout/cielo_checkout_notification.h"
#include "providers/cielo_checkout/cielo_checkout_rules.h"

namespace cancela::providers::cielo_checkout {
namespace {

const std::string& OrderNumberOf(const SaleRef& sale) {
  return std::get<CieloCheckoutSaleRef>(sale).order_number;
}

ProviderResult NotSent(v1::FailureReason reason, std::string message, std::string note) {
  ProviderResult r;
  r.outcome = Outcome::kFailed;
  r.failure_reason = reason;
  r.failure_message = std::move(message);
  r.note = std::move(note);
  return r;
}

absl::Status TransportError(const http::Result& result, const char* what) {
  return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                   absl::StrCat("Cielo Checkout is unreachable (", what, "): ", result.detail));
}

}  // namespace

CieloCheckoutProvider::CieloCheckoutProvider(Settings settings, http::HttpTransport& transport,
                                             const Clock& clock)
    : settings_(std::move(settings)),
      transport_(transport),
      tokens_([this](absl::Time deadline) { return FetchToken(deadline); }, clock,
              settings_.token_refresh_margin) {}

absl::Time CieloCheckoutProvider::Deadline(absl::Time deadline) const {
  return std::min(deadline, absl::Now() + settings_.request_timeout);
}

absl::StatusOr<http::OAuthToken> CieloCheckoutProvider::FetchToken(absl::Time deadline) {
  http::Request request;
  request.method = "POST";
  request.url = settings_.token_url;
  request.headers = {
      {"Authorization", BasicAuthorization(settings_.client_id, settings_.client_secret).Reveal()},
      {"Content-Type", "application/x-www-form-urlencoded"},
      {"Accept", "application/json"}};
  request.body = kTokenRequestBody;
  request.deadline = Deadline(deadline);
  request.idempotent = true;  // a second token is harmless
  const http::Result result = transport_.Send(request);
  if (result.failure != http::Failure::kNone) return TransportError(result, "token");
  return ParseTokenResponse(result.response, settings_.default_token_lifetime);
}

absl::StatusOr<http::Result> CieloCheckoutProvider::SendAuthorized(http::Request request) {
  request.headers.emplace_back("Accept", "application/json");
  request.headers.emplace_back("Authorization", "");
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<Secret> token = tokens_.Get(request.deadline);
    if (!token.ok()) return token.status();
    request.headers.back().second = absl::StrCat("Bearer ", token->Reveal());
    http::Result result = transport_.Send(request);
    if (attempt > 0 || result.failure != http::Failure::kNone || result.response.status != 401) {
      return result;
    }
    tokens_.Invalidate(*token);  // refused at the door: nothing was executed, safe to send again
  }
}

absl::StatusOr<SaleSnapshot> CieloCheckoutProvider::QueryOrder(const std::string& order_number,
                                                               absl::Time deadline) {
  http::Request request;
  request.method = "GET";
  request.url = OrderUrl(settings_.base_url, order_number);
  request.deadline = Deadline(deadline);
  request.idempotent = true;
  absl::StatusOr<http::Result> result = SendAuthorized(std::move(request));
  if (!result.ok()) return result.status();
  if (result->failure != http::Failure::kNone) return TransportError(*result, "order query");
  return ParseOrderResponse(result->response);
}

absl::StatusOr<SaleSnapshot> CieloCheckoutProvider::GetSale(const SaleRef& sale,
                                                            absl::Time deadline) {
  if (!std::holds_alternative<CieloCheckoutSaleRef>(sale) ||
      !IsValidOrderNumber(OrderNumberOf(sale))) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::SALE_REFERENCE_INVALID,
                     "sale.cielo_checkout.order_number: the checkout_cielo_order_number, letters "
                     "and digits only",
                     {{"field", "sale.cielo_checkout.order_number"}});
  }
  return QueryOrder(OrderNumberOf(sale), deadline);
}

absl::StatusOr<std::vector<OrderListing>> CieloCheckoutProvider::FindByMerchantOrderNumber(
    const std::string& merchant_order_number, absl::Time deadline) {
  if (!IsValidOrderNumber(merchant_order_number)) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::FIELD_INVALID,
                     "merchant order number: letters and digits only, at most 64",
                     {{"field", "merchant_order_number"}});
  }
  http::Request request;
  request.method = "GET";
  request.url = MerchantOrderNumberUrl(settings_.base_url, merchant_order_number);
  request.deadline = Deadline(deadline);
  request.idempotent = true;
  absl::StatusOr<http::Result> result = SendAuthorized(std::move(request));
  if (!result.ok()) return result.status();
  if (result->failure != http::Failure::kNone) return TransportError(*result, "order list");
  return ParseMerchantOrderList(result->response);
}

absl::Status CieloCheckoutProvider::CheckRules(const CancelCommand& command,
                                               const SaleSnapshot& sale, absl::Time now) const {
  return cielo_checkout::CheckRules(settings_, command, sale, now);
}

SaleLimits CieloCheckoutProvider::Limits(const CancelCommand& /*command*/,
                                         const SaleSnapshot& /*sale*/) const {
  return LimitsFor(settings_);
}

ProviderResult CieloCheckoutProvider::Cancel(const CancelCommand& command, absl::Time deadline) {
  std::optional<std::string> amount;
  if (!command.total) {
    absl::StatusOr<std::string> formatted =
        FormatAmount(command.amount_minor_units, settings_.void_amount_unit);
    if (!formatted.ok()) {
      return NotSent(v1::FAILURE_REASON_INVALID_REQUEST, "the amount cannot be sent to Cielo",
                     "not sent: invalid amount");
    }
    amount = *formatted;
  }
  http::Request request;
  request.method = "PUT";
  request.url = VoidUrl(settings_.base_url, OrderNumberOf(command.sale), amount);
  request.deadline = Deadline(deadline);
  request.idempotent = false;  // a repeated partial void is a second refund
  absl::StatusOr<http::Result> result = SendAuthorized(std::move(request));
  if (!result.ok()) {
    const bool auth = ErrorReasonOf(result.status()) == "PROVIDER_AUTH_FAILED";
    return NotSent(auth ? v1::FAILURE_REASON_PROVIDER_AUTHENTICATION
                        : v1::FAILURE_REASON_PROVIDER_UNAVAILABLE,
                   auth ? "Cielo Checkout refused the account's client credentials"
                        : "no Cielo Checkout token could be obtained; nothing was sent",
                   absl::StrCat("not sent: ", result.status().message()));
  }
  if (result->failure == http::Failure::kNotSent) {
    return NotSent(v1::FAILURE_REASON_PROVIDER_UNAVAILABLE,
                   "Cielo Checkout could not be reached; nothing was sent",
                   absl::StrCat("not sent: ", result->detail));
  }
  if (result->failure == http::Failure::kMaybeSent) {
    ProviderResult r;
    r.outcome = Outcome::kUnknown;
    r.note = absl::StrCat("no answer from Cielo Checkout (", result->detail,
                          "); will query the order");
    return r;
  }
  ProviderResult r = ParseVoidResponse(result->response, settings_);
  if (r.outcome != Outcome::kSucceeded) return r;

  // Confirm with the order query (the documented void answer repeats the capture's status 2).
  absl::StatusOr<SaleSnapshot> order = QueryOrder(OrderNumberOf(command.sale), deadline);
  if (!order.ok()) {
    r.note = absl::StrCat(r.note, "; confirmation query failed: ", order.status().message());
    return r;
  }
  r.echo.status = order->provider_status;
  r.echo.reference = order->reference;
  if (command.total && order->state != SaleState::kVoided) {
    log::Warn("Cielo Checkout confirmed a total void but the order is not Voided",
              {{"operation_id", command.operation_id}, {"order_status", order->provider_status}});
    r.note = absl::StrCat(r.note, "; the order still shows ", order->provider_status);
  } else {
    r.note = absl::StrCat(r.note, "; the order shows ", order->provider_status);
  }
  return r;
}

ProviderResult CieloCheckoutProvider::Reconcile(const CancelCommand& command,
                                                const ReconcileBasis& basis, absl::Time deadline) {
  ProviderResult r;
  r.outcome = Outcome::kUnknown;
  absl::StatusOr<SaleSnapshot> order = QueryOrder(OrderNumberOf(command.sale), deadline);
  if (!order.ok()) {
    r.note = absl::StrCat("Cielo Checkout query failed: ", order.status().message());
    return r;
  }
  r.echo.status = order->provider_status;
  r.echo.reference = order->reference;
  const int64_t sale_amount = std::max(order->captured_minor_units, order->authorized_minor_units);
  // A void of everything shows as Voided. A partial one shows only when it cancelled what was
  // left after the cancellations known to have succeeded; the order query shows no cancelled
  // amount, so any other partial stays unknown.
  const int64_t known_before =
      std::max(basis.cancelled_before_minor_units, basis.others_succeeded_minor_units);
  const bool covered_all = command.total || command.amount_minor_units >= sale_amount - known_before;
  if (order->state == SaleState::kVoided && covered_all) {
    r.outcome = Outcome::kSucceeded;
    r.note = absl::StrCat("Cielo Checkout shows the order ", order->provider_status);
    return r;
  }
  if (order->state == SaleState::kVoided) {
    r.note = "the order is fully cancelled; Cielo Checkout cannot tell whether this partial was part of it";
  } else if (command.total) {
    r.note = absl::StrCat("Cielo Checkout shows the order ", order->provider_status,
                          "; no cancellation yet");
  } else {
    r.note = absl::StrCat("Cielo Checkout's order query does not show partial cancellations (order ",
                          order->provider_status, "); check the order on the Cielo site");
  }
  return r;
}

absl::StatusOr<WebhookHint> CieloCheckoutProvider::ParseWebhook(
    const WebhookDelivery& delivery) const {
  auto notification = ParseNotification(delivery.content_type, delivery.body);
  if (!notification.ok()) return notification.status();
  WebhookHint hint;
  if (notification->checkout_order_number.empty()) {
    hint.event = "finalisation (JSON)";
    return hint;
  }
  hint.event = notification->payment_status
                   ? absl::StrCat("payment_status ", *notification->payment_status)
                   : "notification";
  hint.sales.push_back(CieloCheckoutSaleRef{notification->checkout_order_number});
  return hint;
}

absl::StatusOr<std::unique_ptr<Provider>> MakeCieloCheckoutProvider(
    const nlohmann::json& settings, http::HttpTransport& transport, const Clock& clock) {
  auto parsed = ParseSettings(settings);
  if (!parsed.ok()) return parsed.status();
  return std::unique_ptr<Provider>(new CieloCheckoutProvider(*std::move(parsed), transport, clock));
}

}  // namespace cancela::providers::cielo_checkout
