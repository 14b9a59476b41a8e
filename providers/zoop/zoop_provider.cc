#include "providers/zoop/zoop_provider.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "providers/provider_results.h"
#include "providers/zoop/zoop_codes.h"
#include "providers/zoop/zoop_rules.h"
#include "providers/zoop/zoop_transformers.h"
#include "providers/zoop/zoop_webhook_events.h"

namespace cancela::providers::zoop {
namespace {

const ZoopSaleRef& RefOf(const SaleRef& sale) { return std::get<ZoopSaleRef>(sale); }

bool IsCancelled(const ParsedTransaction& t) { return t.sale.state == SaleState::kVoided; }

bool IsUsableRef(const ZoopSaleRef& ref) {
  return IsPathSafeId(ref.transaction_id) && IsPathSafeId(ref.on_behalf_of);
}

}  // namespace

ZoopProvider::ZoopProvider(Settings settings, http::HttpTransport& transport)
    : settings_(std::move(settings)), transport_(transport) {}

http::Headers ZoopProvider::Headers() const {
  return {{"Authorization", BasicAuthorization(settings_.api_key)},
          {"Accept", "application/json"},
          {"Content-Type", "application/json"}};
}

http::Request ZoopProvider::Get(const std::string& url, absl::Time deadline) const {
  http::Request request;
  request.method = "GET";
  request.url = url;
  request.headers = Headers();
  request.deadline = std::min(deadline, absl::Now() + settings_.request_timeout);
  request.idempotent = true;
  return request;
}

absl::StatusOr<SaleSnapshot> ZoopProvider::GetSale(const SaleRef& sale, absl::Time deadline) {
  if (!std::holds_alternative<ZoopSaleRef>(sale)) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::SALE_REFERENCE_INVALID,
                     "sale: a zoop reference is required", {{"field", "sale"}});
  }
  const ZoopSaleRef& ref = RefOf(sale);
  if (!IsUsableRef(ref)) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::SALE_REFERENCE_INVALID,
                     "sale.zoop: ids are letters, digits, - and _ (at most 64)", {{"field", "sale.zoop"}});
  }
  const http::Result result = transport_.Send(Get(TransactionUrl(settings_, ref.transaction_id), deadline));
  if (result.failure != http::Failure::kNone) {
    return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                     absl::StrCat("Zoop is unreachable: ", result.detail));
  }
  auto transaction = ParseTransactionResponse(result.response);
  if (!transaction.ok()) return transaction.status();
  // Another seller's transaction is, for this reference, a transaction that does not exist.
  if (!transaction->on_behalf_of.empty() && transaction->on_behalf_of != ref.on_behalf_of) {
    return MakeError(absl::StatusCode::kNotFound, v1::SALE_NOT_FOUND,
                     "Zoop knows this transaction under another seller (on_behalf_of)");
  }
  SaleSnapshot snapshot = transaction->sale;
  if (settings_.check_receivables && snapshot.state == SaleState::kCaptured) {
    const http::Result receivables =
        transport_.Send(Get(ReceivablesUrl(settings_, ref.transaction_id), deadline));
    if (receivables.failure != http::Failure::kNone) {
      return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                       absl::StrCat("Zoop's receivables are unreachable: ", receivables.detail));
    }
    auto settled = ParseReceivablesSettled(receivables.response);
    if (!settled.ok()) return settled.status();
    snapshot.settled = *settled;
  }
  return snapshot;
}

absl::Status ZoopProvider::CheckRules(const CancelCommand& command, const SaleSnapshot& sale,
                                      absl::Time now) const {
  return zoop::CheckRules(settings_, command, sale, now);
}

SaleLimits ZoopProvider::Limits(const CancelCommand& /*command*/, const SaleSnapshot& /*sale*/) const {
  return LimitsFor(settings_);
}

ProviderResult ZoopProvider::Cancel(const CancelCommand& command, absl::Time deadline) {
  const ZoopSaleRef& ref = RefOf(command.sale);
  if (!IsUsableRef(ref)) {
    return FailedResult(v1::FAILURE_REASON_INVALID_REQUEST, "Zoop ids are letters, digits, - and _",
                        "not sent: unusable sale reference");
  }
  http::Request request;
  request.method = "POST";
  request.url = VoidUrl(settings_, ref.transaction_id);
  request.headers = Headers();
  // A total is sent as the amount that remains: Zoop takes an amount on every void [C].
  request.body = VoidBody(command.amount_minor_units, ref.on_behalf_of);
  request.deadline = std::min(deadline, absl::Now() + settings_.request_timeout);
  request.idempotent = false;  // a repeated partial void is a second refund
  const http::Result result = transport_.Send(request);
  if (auto failed = OutcomeOfTransportFailure(result, "Zoop")) return *failed;
  return ParseVoidResponse(result.response, command);
}

ProviderResult ZoopProvider::Reconcile(const CancelCommand& command, const ReconcileBasis& basis,
                                       absl::Time deadline) {
  ProviderResult r;
  r.outcome = Outcome::kUnknown;
  if (!IsUsableRef(RefOf(command.sale))) {
    r.note = "unusable sale reference";
    return r;
  }
  const http::Result result =
      transport_.Send(Get(TransactionUrl(settings_, RefOf(command.sale).transaction_id), deadline));
  if (result.failure != http::Failure::kNone) {
    r.note = absl::StrCat("Zoop query failed: ", result.detail);
    return r;
  }
  auto transaction = ParseTransactionResponse(result.response);
  if (!transaction.ok()) {
    r.note = absl::StrCat("Zoop query failed: ", transaction.status().message());
    return r;
  }
  r.echo.status = transaction->status.substr(0, 32);

  // Cancellation entries that can be this one: the one Zoop named before, or those with our
  // amount stamped since we sent it.
  const HistoryEntry* succeeded = nullptr;
  const HistoryEntry* failed = nullptr;
  const HistoryEntry* pending = nullptr;
  for (const HistoryEntry& e : transaction->history) {
    if (!IsCancellationEntry(e.operation_type)) continue;
    const bool named = !basis.recorded.reference.empty() && e.id == basis.recorded.reference;
    const bool candidate = e.amount_minor_units == command.amount_minor_units &&
                           (!e.created_at || *e.created_at >= basis.sent_at - settings_.history_clock_skew);
    if (!named && !candidate) continue;
    if (e.status == "succeeded") succeeded = &e;
    if (e.status == "failed") failed = &e;
    if (e.status == "pending") pending = &e;
    if (named) break;
  }
  const int64_t moved = transaction->sale.cancelled_minor_units - basis.cancelled_before_minor_units;
  const bool shown = moved >= command.amount_minor_units || (command.total && IsCancelled(*transaction));
  if (shown && (succeeded != nullptr || failed == nullptr)) {
    r.outcome = Outcome::kSucceeded;
    if (succeeded != nullptr) {
      r.echo.reference = succeeded->id.substr(0, 64);
      r.echo.code = succeeded->response_code.substr(0, 16);
      r.echo.message = succeeded->response_message.substr(0, 512);
    }
    r.note = absl::StrCat("Zoop's history shows the cancellation (status ", r.echo.status,
                          ", cancelled ", transaction->sale.cancelled_minor_units, ")");
    return r;
  }
  if (failed != nullptr) {
    r.outcome = Outcome::kFailed;
    r.failure_reason = v1::FAILURE_REASON_PROVIDER_DECLINED;
    r.failure_message = "Zoop: the issuer declined the cancellation";
    r.echo.reference = failed->id.substr(0, 64);
    r.echo.code = failed->response_code.substr(0, 16);
    r.echo.message = failed->response_message.substr(0, 512);
    r.note = "Zoop's history shows the cancellation failed";
    return r;
  }
  if (pending != nullptr) {
    r.outcome = Outcome::kScheduled;
    r.echo.reference = pending->id.substr(0, 64);
    r.note = "Zoop's history shows the cancellation pending";
    return r;
  }
  r.note = "Zoop's history shows no cancellation since it was sent";
  return r;
}

absl::StatusOr<WebhookHint> ZoopProvider::ParseWebhook(const WebhookDelivery& delivery) const {
  auto event = ParseWebhookEvent(delivery.body);
  if (absl::IsUnimplemented(event.status())) {
    // transaction.succeeded, buyer.*, …: Zoop posts every event it has; none of them is ours.
    WebhookHint ignored;
    ignored.event = GetErrorDetails(event.status()).metadata["eventType"];
    return ignored;
  }
  if (!event.ok()) return event.status();
  if (!event->marketplace_id.empty() && event->marketplace_id != settings_.marketplace_id) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::FIELD_INVALID,
                     "Zoop webhook: the event is about another marketplace", {{"field", "uri"}});
  }
  // The seller is half of the sale's key: without it the event could name no operation.
  const ZoopSaleRef ref{event->transaction_id, event->on_behalf_of};
  if (!IsUsableRef(ref)) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::FIELD_INVALID,
                     "Zoop webhook: the transaction has no usable id or seller",
                     {{"field", "payload.object.on_behalf_of"}});
  }
  WebhookHint hint;
  hint.event = std::string(WebhookEventTypeName(event->type));
  hint.sales.push_back(ref);
  return hint;
}

absl::StatusOr<std::unique_ptr<Provider>> MakeZoopProvider(const nlohmann::json& settings,
                                                           http::HttpTransport& transport,
                                                           const Clock& /*clock*/) {
  auto parsed = ParseSettings(settings);
  if (!parsed.ok()) return parsed.status();
  return std::unique_ptr<Provider>(new ZoopProvider(*std::move(parsed), transport));
}

}  // namespace cancela::providers::zoop
