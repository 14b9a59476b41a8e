#pragma once
// PayU's rules judged before calling (payu_country_rules.cc holds the values): windows, the
// minimum delay before a refund, unsupported voids, partial-refund limits, amounts.

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "providers/payu/payu_settings.h"
#include "providers/provider.h"

namespace cancela::providers::payu {

absl::Status CheckRules(const Settings& settings, const CancelCommand& command,
                        const SaleSnapshot& sale, absl::Time now);

SaleLimits LimitsFor(const Settings& settings, const SaleSnapshot& sale);

}  // namespace cancela::providers::payu
