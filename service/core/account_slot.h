#pragma once
// A bound on the provider calls in flight per provider account, so that one slow account cannot
// take every worker thread. At the bound the caller is refused at once (ADR 0010): nothing is
// queued, recorded or sent.

#include <atomic>
#include <memory>

#include "absl/status/statusor.h"
#include "service/core/provider_accounts.h"

namespace cancela::core {

// Held while a request talks to the account's provider; releases its place when destroyed.
class AccountSlot {
 public:
  // A place on `account`, or RESOURCE_EXHAUSTED/ACCOUNT_BUSY (with RetryInfo) when it has
  // max_concurrent_calls calls in flight already.
  static absl::StatusOr<AccountSlot> Take(const ProviderAccount& account);

  AccountSlot(AccountSlot&& other) noexcept : in_flight_(std::move(other.in_flight_)) {}
  AccountSlot& operator=(AccountSlot&&) = delete;
  AccountSlot(const AccountSlot&) = delete;
  ~AccountSlot();

 private:
  explicit AccountSlot(std::shared_ptr<std::atomic<int>> in_flight)
      : in_flight_(std::move(in_flight)) {}
  std::shared_ptr<std::atomic<int>> in_flight_;
};

}  // namespace cancela::core
