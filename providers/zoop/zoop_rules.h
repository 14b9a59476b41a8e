#pragma once
// Zoop's rules, judged before calling (providers.md §5.5, seed zoop-cancelamento). Pure functions.

#include "absl/status/status.h"
#include "providers/provider.h"
#include "providers/zoop/zoop_settings.h"

namespace cancela::providers::zoop {

absl::Status CheckRules(const Settings& settings, const CancelCommand& command,
                        const SaleSnapshot& sale, absl::Time now);

SaleLimits LimitsFor(const Settings& settings);

}  // namespace cancela::providers::zoop
