#pragma once
// Cielo Checkout code tables (providers.md §4.4): the order's payment status, which queries write
// as English text ("Paid"), notifications as a number (2), and the Portuguese screens as "Pago".

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cancela/v1/operation.pb.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_checkout {

struct OrderStatus {
  int value;              // 1..8
  const char* english;    // as the order query writes it
  const char* portuguese;
  SaleState state;
};

// "Paid", "paid", "Pago", 2 or "2" → the row; nullopt for anything else (a new status Cielo may
// add: the caller treats the sale as not cancellable and says so).
std::optional<OrderStatus> OrderStatusOf(std::string_view text);
std::optional<OrderStatus> OrderStatusOf(int value);

// A declined void's returnCode → normalized reason: the account's table first (Cielo never
// published one [U]), then PROVIDER_DECLINED.
v1::FailureReason ReasonForReturnCode(const std::string& return_code,
                                      const std::map<std::string, v1::FailureReason>& overrides);

}  // namespace cancela::providers::cielo_checkout
