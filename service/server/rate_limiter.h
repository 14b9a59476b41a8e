#pragma once
// Per-tenant token buckets, checked right after authentication so that a tenant over its limit
// costs the server no handler work (no store, no provider).

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "service/server/config.h"

namespace cancela::server {

class RateLimiter {
 public:
  // Each tenant's own limit (`own`, by tenant name), else `fallback`. `clock` is real time in
  // production; tests step it.
  RateLimiter(const std::map<std::string, RateLimitConfig>& own, const RateLimitConfig& fallback,
              const Clock& clock);

  // Takes one token of the tenant's bucket, or RESOURCE_EXHAUSTED/RATE_LIMITED with a RetryInfo
  // saying when the next token is there.
  absl::Status Admit(const std::string& tenant);

 private:
  struct Bucket {
    RateLimitConfig limit;
    double tokens = 0;
    absl::Time refilled;
  };

  const Clock& clock_;
  RateLimitConfig fallback_;
  absl::Mutex mu_;
  std::map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cancela::server
