#pragma once
// Cielo E-commerce's rules, judged before calling (providers.md §2.5). Pure functions.

#include "absl/status/status.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_settings.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_ecommerce {

absl::Status CheckRules(const Settings& settings, const CancelCommand& command,
                        const SaleSnapshot& sale, absl::Time now);

SaleLimits LimitsFor(const Settings& settings, const SaleSnapshot& sale);

}  // namespace cancela::providers::cielo_ecommerce
