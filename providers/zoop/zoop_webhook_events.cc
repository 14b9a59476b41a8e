#include "providers/zoop/zoop_webhook_events.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/json_access.h"
#include "providers/zoop/zoop_transformers.h"

namespace cancela::providers::zoop {
namespace {

constexpr size_t kMaxBodyBytes = 1024 * 1024;

absl::Status Invalid(const std::string& field, std::string_view why) {
  return MakeError(absl::StatusCode::kInvalidArgument, v1::FIELD_INVALID,
                   std::string("Zoop webhook: ") + std::string(why), {{"field", field}});
}

std::optional<WebhookEventType> TypeOf(const std::string& name) {
  const std::string n = absl::AsciiStrToLower(name);
  if (n == "transaction.canceled") return WebhookEventType::kTransactionCanceled;
  if (n == "transaction.void.succeeded") return WebhookEventType::kVoidSucceeded;
  if (n == "transaction.void.failed") return WebhookEventType::kVoidFailed;
  return std::nullopt;
}

// "/v1/marketplaces/{mkp}/events/{id}" → mkp.
std::string MarketplaceFromUri(const std::string& uri) {
  const std::vector<std::string> parts = absl::StrSplit(uri, '/');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] == "marketplaces") return parts[i + 1];
  }
  return "";
}

// Some events carry only a short text; ids and statuses are bounded, as they are stored.
std::string Bounded(std::optional<std::string> text, size_t max) {
  std::string s = text.value_or("");
  if (s.size() > max) s.resize(max);
  return s;
}

}  // namespace

std::string_view WebhookEventTypeName(WebhookEventType type) {
  switch (type) {
    case WebhookEventType::kTransactionCanceled: return "transaction.canceled";
    case WebhookEventType::kVoidSucceeded: return "transaction.void.succeeded";
    case WebhookEventType::kVoidFailed: return "transaction.void.failed";
  }
  return "transaction.canceled";
}

absl::StatusOr<WebhookEvent> ParseWebhookEvent(std::string_view body) {
  if (body.size() > kMaxBodyBytes) return Invalid("body", "larger than 1 MiB");
  const std::optional<nlohmann::json> parsed = json::Parse(body);
  if (!parsed || !parsed->is_object()) return Invalid("body", "not a JSON object");
  const nlohmann::json& envelope = *parsed;
  const std::optional<std::string> type_name = json::GetString(envelope, "type");
  if (!type_name || type_name->empty()) return Invalid("type", "no event type");
  const std::optional<WebhookEventType> type = TypeOf(*type_name);
  if (!type) {
    return MakeError(absl::StatusCode::kUnimplemented, v1::OPERATION_NOT_SUPPORTED,
                     "Zoop webhook: not a cancellation event", {{"eventType", Bounded(type_name, 64)}});
  }
  const nlohmann::json* payload = json::Find(envelope, "payload");
  if (payload == nullptr || !payload->is_object()) return Invalid("payload", "no payload object");
  const nlohmann::json* object = json::Find(*payload, "object");
  const nlohmann::json& transaction =
      object != nullptr && object->is_object() ? *object : *payload;  // both envelopes exist

  WebhookEvent event;
  event.type = *type;
  event.event_id = Bounded(json::GetString(envelope, "id"), 64);
  event.marketplace_id = Bounded(MarketplaceFromUri(json::GetString(envelope, "uri").value_or("")), 64);
  if (auto created = json::GetString(envelope, "created_at")) event.created_at = ParseZoopTime(*created);
  event.transaction_id = Bounded(json::GetString(transaction, "id"), 64);
  if (event.transaction_id.empty()) return Invalid("payload.object.id", "no transaction id");
  event.transaction_status = Bounded(json::GetString(transaction, "status"), 32);
  event.on_behalf_of = Bounded(json::GetString(transaction, "on_behalf_of"), 64);
  for (const auto& [key, target] :
       {std::pair{"amount", &event.amount_minor_units},
        std::pair{"original_amount", &event.original_amount_minor_units}}) {
    const nlohmann::json* value = json::Find(transaction, key);
    if (value == nullptr || value->is_null()) continue;
    *target = ParseDecimalCents(*value);
    if (!*target) return Invalid(std::string("payload.object.") + key, "not a decimal amount");
  }
  if (auto error = ParseErrorEnvelope(*payload)) {
    event.error_type = Bounded(error->type, 64);
    event.error_category = Bounded(error->category, 64);
    event.error_message = Bounded(error->message, 512);
  }
  return event;
}

}  // namespace cancela::providers::zoop
