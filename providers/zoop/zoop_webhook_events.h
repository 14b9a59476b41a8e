#pragma once
// Zoop webhook events about cancellations, parsed into typed events (providers.md §5.6). A
// webhook is a hint: the receiver re-reads the transaction before acting on it. Pure, no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace cancela::providers::zoop {

enum class WebhookEventType {
  kTransactionCanceled,     // "transaction.canceled": a total or a partial cancel was approved
  kVoidSucceeded,           // "transaction.void.succeeded"
  kVoidFailed,              // "transaction.void.failed"
};

// "transaction.canceled", "transaction.void.succeeded", "transaction.void.failed".
std::string_view WebhookEventTypeName(WebhookEventType type);

struct WebhookEvent {
  std::string event_id;     // the envelope's id (for de-duplicating deliveries)
  WebhookEventType type = WebhookEventType::kTransactionCanceled;
  std::string marketplace_id;  // from the envelope's uri, when it has one
  std::optional<absl::Time> created_at;
  // The transaction the event is about.
  std::string transaction_id;
  std::string transaction_status;  // e.g. "succeeded" after a partial, "canceled" after a total
  std::string on_behalf_of;
  std::optional<int64_t> amount_minor_units;           // what remains
  std::optional<int64_t> original_amount_minor_units;  // the sale's original amount
  // The error object some failure events carry ({"error": {...}} in the payload).
  std::string error_type;
  std::string error_category;
  std::string error_message;
};

// Parses one webhook body. Both envelopes are accepted: payload.object = the transaction [C],
// and the transaction directly under payload [U]. Errors:
//   INVALID_ARGUMENT/FIELD_INVALID (metadata `field`): not JSON, no type, no transaction id, an
//     unreadable amount;
//   UNIMPLEMENTED/OPERATION_NOT_SUPPORTED (metadata `eventType`): a well-formed event of another
//     type (transaction.succeeded, buyer.*, …), which the receiver acknowledges and ignores.
absl::StatusOr<WebhookEvent> ParseWebhookEvent(std::string_view body);

}  // namespace cancela::providers::zoop
