#pragma once
// A cached OAuth2 access token shared by every call of one provider account. Tokens live minutes
// (Cielo API Única ~5, Cielo Checkout ~20), so the cache refreshes shortly before expiry, lets
// only one caller fetch at a time (the others wait for that fetch), and forgets a token the
// provider rejected so the caller can retry once with a fresh one.

#include <cstdint>
#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/secret.h"

namespace cancela::providers::http {

struct OAuthToken {
  Secret access_token;
  absl::Duration lifetime;  // the provider's expires_in
};

class OAuthTokenCache {
 public:
  // Asks the provider for a new token within `deadline`. Its errors are returned to the callers
  // waiting on that fetch and nothing is cached.
  using FetchFn = std::function<absl::StatusOr<OAuthToken>(absl::Time deadline)>;

  OAuthTokenCache(FetchFn fetch, const Clock& clock,
                  absl::Duration refresh_margin = absl::Seconds(30));

  // A token with more than the refresh margin left: the cached one, or one fetched now.
  absl::StatusOr<Secret> Get(absl::Time deadline);

  // The provider answered 401 to `rejected`: forget it unless a newer token replaced it already,
  // so the next Get fetches anew (one refresh however many callers saw the 401).
  void Invalidate(const Secret& rejected);

  // How many fetches were started, for tests and metrics.
  int64_t fetch_count() const;

 private:
  bool UsableLocked(absl::Time now) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const FetchFn fetch_;
  const Clock& clock_;
  const absl::Duration refresh_margin_;

  mutable absl::Mutex mu_;
  Secret token_ ABSL_GUARDED_BY(mu_);
  absl::Time expires_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool fetching_ ABSL_GUARDED_BY(mu_) = false;
  int64_t fetch_count_ ABSL_GUARDED_BY(mu_) = 0;
  // Outcome of the last finished fetch, for the callers that waited on it.
  int64_t finished_fetches_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status last_fetch_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cancela::providers::http
