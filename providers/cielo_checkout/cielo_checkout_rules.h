#pragma once
// Cielo Checkout's rules, judged before calling (providers.md §4.5). Pure functions.

#include "absl/status/status.h"
#include "providers/cielo_checkout/cielo_checkout_settings.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_checkout {

absl::Status CheckRules(const Settings& settings, const CancelCommand& command,
                        const SaleSnapshot& sale, absl::Time now);

SaleLimits LimitsFor(const Settings& settings);

}  // namespace cancela::providers::cielo_checkout
