#pragma once
// Cielo Checkout's notifications (providers.md §4.6): the status-change notification and the
// POST-type finalisation notification are forms (application/x-www-form-urlencoded) naming the
// order by checkout_cielo_order_number, with its payment_status. They are not authenticated
// by Cielo, so they are only hints: cancela re-queries the order before recording anything.

#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace cancela::providers::cielo_checkout {

struct Notification {
  // Empty for the JSON-type finalisation notification ({MerchantId, MerchantOrderNumber, Url}),
  // which names only the store's own order number.
  std::string checkout_order_number;
  std::optional<int> payment_status;  // 1 Pendente … 5 Cancelado … 8 Chargeback
};

// INVALID_ARGUMENT when the body is neither such a form nor the JSON-type notification: an
// unreadable escape, a repeated field, an order number the adapter would not send, a
// payment_status that is not a small integer.
absl::StatusOr<Notification> ParseNotification(const std::string& content_type,
                                               const std::string& body);

}  // namespace cancela::providers::cielo_checkout
