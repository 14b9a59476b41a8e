#pragma once
// The idempotency keys this process is executing right now. A duplicate that arrives while the
// first request is still talking to the provider is answered IN_USE at once, instead of taking a
// place on the account and reading the sale from the provider only to lose the race in the
// store. The store stays the authority (across replicas too); this only spares the provider.

#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"

namespace cancela::core {

class InflightKeys {
 public:
  // Held while a request executes under its key; releases the key when destroyed.
  class Claim {
   public:
    Claim(Claim&& other) noexcept : owner_(other.owner_), key_(std::move(other.key_)) {
      other.owner_ = nullptr;
    }
    Claim& operator=(Claim&&) = delete;
    Claim(const Claim&) = delete;
    ~Claim();

   private:
    friend class InflightKeys;
    Claim(InflightKeys* owner, std::string key) : owner_(owner), key_(std::move(key)) {}
    InflightKeys* owner_;
    std::string key_;
  };

  // The key of `tenant`, or nothing when another request of this process holds it.
  std::optional<Claim> TryClaim(const std::string& tenant, const std::string& key)
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  absl::Mutex mu_;
  absl::flat_hash_set<std::string> held_ ABSL_GUARDED_BY(mu_);  // tenant '\0' key
};

}  // namespace cancela::core
