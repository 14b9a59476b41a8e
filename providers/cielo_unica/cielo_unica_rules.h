#pragma once
// The API Única's rules judged before calling (providers.md §1.5), pure functions of the command,
// the sale reference and the account's settings. The API has no sale query, so the sale's facts
// are the caller's reference; Cielo re-checks them in its batch.

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "providers/cielo_unica/cielo_unica_settings.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_unica {

// Brasília (UTC-3, no daylight saving since 2019): the API's dates and the batch's cut-off.
absl::TimeZone BrasiliaTime();

// The sale as its reference describes it: captured for its full amount, nothing cancelled yet as
// far as cancela can see (the store's ledger holds what cancela itself cancelled).
absl::StatusOr<SaleSnapshot> SnapshotOf(const SaleRef& sale);

absl::Status CheckRules(const Settings& settings, const CancelCommand& command,
                        const SaleSnapshot& sale, absl::Time now);

SaleLimits LimitsFor(const Settings& settings, const CancelCommand& command);

}  // namespace cancela::providers::cielo_unica
