#include "service/server/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace cancela::server {

RateLimiter::RateLimiter(const std::map<std::string, RateLimitConfig>& own,
                         const RateLimitConfig& fallback, const Clock& clock)
    : clock_(clock), fallback_(fallback) {
  const absl::Time now = clock_.Now();
  for (const auto& [tenant, limit] : own) {
    Bucket bucket;
    bucket.limit = limit;
    bucket.tokens = limit.burst;  // a tenant starts with a full burst
    bucket.refilled = now;
    buckets_[tenant] = bucket;
  }
}

absl::Status RateLimiter::Admit(const std::string& tenant) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  auto [it, inserted] = buckets_.try_emplace(tenant);
  Bucket& bucket = it->second;
  if (inserted) {
    bucket.limit = fallback_;
    bucket.tokens = fallback_.burst;
    bucket.refilled = now;
  }
  // A clock that steps back refills nothing rather than draining the bucket.
  const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - bucket.refilled));
  bucket.tokens = std::min<double>(bucket.limit.burst,
                                   bucket.tokens + elapsed * bucket.limit.per_second);
  bucket.refilled = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return absl::OkStatus();
  }
  // Round up to whole milliseconds: retrying at the delay given must find a token.
  const double wait_ms = std::ceil((1 - bucket.tokens) / bucket.limit.per_second * 1000);
  return MakeRetryableError(absl::StatusCode::kResourceExhausted, v1::RATE_LIMITED,
                            "too many requests for this tenant; retry after the delay given",
                            absl::Milliseconds(std::max(1.0, wait_ms)),
                            {{"perSecond", absl::StrCat(bucket.limit.per_second)},
                             {"burst", absl::StrCat(bucket.limit.burst)}});
}

}  // namespace cancela::server
