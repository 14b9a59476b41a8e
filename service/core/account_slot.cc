#include "service/core/account_slot.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace cancela::core {

absl::StatusOr<AccountSlot> AccountSlot::Take(const ProviderAccount& account) {
  const int before = account.in_flight->fetch_add(1);
  if (before >= account.max_concurrent_calls) {
    account.in_flight->fetch_sub(1);
    // A short delay: a place frees up as soon as one of the calls in flight ends.
    return MakeRetryableError(absl::StatusCode::kResourceExhausted, v1::ACCOUNT_BUSY,
                              absl::StrCat("provider account \"", account.name,
                                           "\" has too many calls in flight; retry shortly"),
                              absl::Milliseconds(500),
                              {{"providerAccount", account.name},
                               {"maxConcurrentCalls", absl::StrCat(account.max_concurrent_calls)}});
  }
  return AccountSlot(account.in_flight);
}

AccountSlot::~AccountSlot() {
  if (in_flight_) in_flight_->fetch_sub(1);
}

}  // namespace cancela::core
