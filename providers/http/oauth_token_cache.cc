#include "providers/http/oauth_token_cache.h"

#include <utility>

namespace cancela::providers::http {

OAuthTokenCache::OAuthTokenCache(FetchFn fetch, const Clock& clock,
                                 absl::Duration refresh_margin)
    : fetch_(std::move(fetch)), clock_(clock), refresh_margin_(refresh_margin) {}

bool OAuthTokenCache::UsableLocked(absl::Time now) const {
  return !token_.empty() && now + refresh_margin_ < expires_at_;
}

absl::StatusOr<Secret> OAuthTokenCache::Get(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  if (UsableLocked(clock_.Now())) return token_;

  if (fetching_) {
    // Someone else is fetching: wait for that fetch and share its outcome.
    const int64_t awaited = finished_fetches_ + 1;
    auto done = [this, awaited]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return finished_fetches_ >= awaited;
    };
    if (!mu_.AwaitWithDeadline(absl::Condition(&done), deadline)) {
      return absl::DeadlineExceededError("timed out waiting for an OAuth token");
    }
    if (UsableLocked(clock_.Now())) return token_;
    if (!last_fetch_error_.ok()) return last_fetch_error_;
    return absl::UnavailableError("the OAuth token fetched was already expiring");
  }

  fetching_ = true;
  ++fetch_count_;
  const absl::Time started = clock_.Now();
  mu_.Unlock();
  absl::StatusOr<OAuthToken> fetched = fetch_(deadline);
  mu_.Lock();
  fetching_ = false;
  ++finished_fetches_;
  if (!fetched.ok()) {
    last_fetch_error_ = fetched.status();
    return fetched.status();
  }
  last_fetch_error_ = absl::OkStatus();
  token_ = std::move(fetched->access_token);
  // Counted from when the request left, so a slow answer never makes the token look younger.
  expires_at_ = started + fetched->lifetime;
  return token_;
}

void OAuthTokenCache::Invalidate(const Secret& rejected) {
  absl::MutexLock lock(&mu_);
  if (token_.Reveal() == rejected.Reveal()) {
    token_ = Secret();
    expires_at_ = absl::InfinitePast();
  }
}

int64_t OAuthTokenCache::fetch_count() const {
  absl::MutexLock lock(&mu_);
  return fetch_count_;
}

}  // namespace cancela::providers::http
