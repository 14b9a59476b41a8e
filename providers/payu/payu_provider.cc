#include "providers/payu/payu_provider.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "providers/payu/payu_codes.h"
#include "providers/payu/payu_rules.h"
#include "providers/payu/payu_transformers.h"

namespace cancela::providers::payu {
namespace {

const PayuSaleRef* RefOf(const SaleRef& sale) { return std::get_if<PayuSaleRef>(&sale); }

}  // namespace

PayuProvider::PayuProvider(Settings settings, http::HttpTransport& transport)
    : settings_(std::move(settings)), transport_(transport) {}

http::Request PayuProvider::Post(const std::string& url, const nlohmann::json& body,
                                 absl::Time deadline, bool idempotent) const {
  http::Request request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/json; charset=utf-8"},
                     {"Accept", "application/json"}};
  request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // Transport deadlines are real time, whatever clock the rules are judged by.
  request.deadline = std::min(deadline, absl::Now() + settings_.request_timeout);
  request.idempotent = idempotent;
  return request;
}

absl::StatusOr<PayuOrder> PayuProvider::QueryOrder(const std::string& order_id, absl::Time deadline) {
  const http::Result result = transport_.Send(
      Post(settings_.queries_url, ToOrderDetailRequest(settings_, order_id), deadline, true));
  if (result.failure != http::Failure::kNone) {
    return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                     absl::StrCat("PayU's Queries API is unreachable: ", result.detail));
  }
  return ParseOrderDetailResponse(result.response, settings_);
}

absl::StatusOr<SaleSnapshot> PayuProvider::GetSale(const SaleRef& sale, absl::Time deadline) {
  const PayuSaleRef* ref = RefOf(sale);
  if (ref == nullptr) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::SALE_REFERENCE_INVALID,
                     "sale: a payu reference is required", {{"field", "sale"}});
  }
  auto order = QueryOrder(ref->order_id, deadline);
  if (!order.ok()) return order.status();
  return SnapshotOf(*order, ref->parent_transaction_id);
}

absl::Status PayuProvider::CheckRules(const CancelCommand& command, const SaleSnapshot& sale,
                                      absl::Time now) const {
  return payu::CheckRules(settings_, command, sale, now);
}

SaleLimits PayuProvider::Limits(const CancelCommand& /*command*/, const SaleSnapshot& sale) const {
  return LimitsFor(settings_, sale);
}

ProviderResult PayuProvider::Cancel(const CancelCommand& command, absl::Time deadline) {
  ProviderResult r;
  auto body = RefOf(command.sale) != nullptr ? ToSubmitRequest(settings_, command)
                                             : absl::StatusOr<nlohmann::json>(absl::InvalidArgumentError(
                                                   "not a PayU sale"));
  if (!body.ok()) {
    r.outcome = Outcome::kFailed;
    r.failure_reason = v1::FAILURE_REASON_INVALID_REQUEST;
    r.failure_message = std::string(body.status().message());
    r.note = "not sent: the request could not be built";
    return r;
  }
  // Never resent: a second SUBMIT_TRANSACTION could be a second refund.
  const http::Result result = transport_.Send(Post(settings_.payments_url, *body, deadline, false));
  if (result.failure == http::Failure::kNotSent) {
    r.outcome = Outcome::kFailed;
    r.failure_reason = v1::FAILURE_REASON_PROVIDER_UNAVAILABLE;
    r.failure_message = "PayU could not be reached; nothing was sent";
    r.note = absl::StrCat("not sent: ", result.detail);
    return r;
  }
  if (result.failure == http::Failure::kMaybeSent) {
    r.outcome = Outcome::kUnknown;
    r.note = absl::StrCat("no answer from PayU (", result.detail, "); will ask PayU");
    return r;
  }
  return ParseSubmitResponse(result.response, command.kind, settings_);
}

ProviderResult PayuProvider::Reconcile(const CancelCommand& command, const ReconcileBasis& basis,
                                       absl::Time deadline) {
  ProviderResult r;
  r.outcome = OutcomeSoFar(basis.recorded);
  r.echo = basis.recorded;
  const PayuSaleRef* ref = RefOf(command.sale);
  if (ref == nullptr) {
    r.note = "not a PayU sale";
    return r;
  }
  auto order = QueryOrder(ref->order_id, deadline);
  if (!order.ok()) {
    r.note = absl::StrCat("PayU query failed: ", order.status().message());
    return r;
  }
  return ReconcileWithOrder(*order, command, basis);
}

absl::StatusOr<std::unique_ptr<Provider>> MakePayuProvider(const nlohmann::json& settings,
                                                           http::HttpTransport& transport,
                                                           const Clock& /*clock*/) {
  auto parsed = ParseSettings(settings);
  if (!parsed.ok()) return parsed.status();
  return std::unique_ptr<Provider>(new PayuProvider(*std::move(parsed), transport));
}

}  // namespace cancela::providers::payu
