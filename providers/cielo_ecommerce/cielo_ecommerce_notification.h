#pragma once
// Cielo E-commerce's "Post de Notificação": {"RecurrentPaymentId": …, "PaymentId": …,
// "ChangeType": n} (providers.md §2.6). It carries no state; cancela re-queries the sale.

#include <string>

#include "absl/status/statusor.h"

namespace cancela::providers::cielo_ecommerce {

struct Notification {
  std::string payment_id;  // a GUID
  int change_type = 0;     // 1 status change, 5 cancellation denied, …
};

// INVALID_ARGUMENT when the body is not such a notification.
absl::StatusOr<Notification> ParseNotification(const std::string& body);

}  // namespace cancela::providers::cielo_ecommerce
