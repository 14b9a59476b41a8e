#include "providers/http/oauth_token_cache.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace cancela::providers::http {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

class OAuthTokenCacheTest : public ::testing::Test {
 protected:
  OAuthTokenCache MakeCache() {
    return OAuthTokenCache(
        [this](absl::Time) -> absl::StatusOr<OAuthToken> {
          ++fetches_;
          if (!next_error_.ok()) return next_error_;
          return OAuthToken{Secret("token-" + std::to_string(fetches_.load())), absl::Minutes(5)};
        },
        clock_, absl::Seconds(30));
  }

  ManualClock clock_{kStart};
  std::atomic<int> fetches_{0};
  absl::Status next_error_;
};

TEST_F(OAuthTokenCacheTest, ReusesTheTokenUntilTheRefreshMargin) {
  OAuthTokenCache cache = MakeCache();
  EXPECT_EQ(cache.Get(absl::InfiniteFuture())->Reveal(), "token-1");
  clock_.Advance(absl::Minutes(4));  // 60 s left: still usable
  EXPECT_EQ(cache.Get(absl::InfiniteFuture())->Reveal(), "token-1");
  clock_.Advance(absl::Seconds(31));  // 29 s left: inside the margin, refreshed
  EXPECT_EQ(cache.Get(absl::InfiniteFuture())->Reveal(), "token-2");
  EXPECT_EQ(fetches_, 2);
}

TEST_F(OAuthTokenCacheTest, InvalidateForgetsOnlyTheRejectedToken) {
  OAuthTokenCache cache = MakeCache();
  const Secret first = *cache.Get(absl::InfiniteFuture());
  cache.Invalidate(first);
  const Secret second = *cache.Get(absl::InfiniteFuture());
  EXPECT_EQ(second.Reveal(), "token-2");
  cache.Invalidate(first);  // a late 401 for the old token does not throw the new one away
  EXPECT_EQ(cache.Get(absl::InfiniteFuture())->Reveal(), "token-2");
  EXPECT_EQ(cache.fetch_count(), 2);
}

TEST_F(OAuthTokenCacheTest, AFailedFetchCachesNothing) {
  OAuthTokenCache cache = MakeCache();
  next_error_ = absl::UnavailableError("token endpoint down");
  EXPECT_EQ(cache.Get(absl::InfiniteFuture()).status().code(), absl::StatusCode::kUnavailable);
  next_error_ = absl::OkStatus();
  EXPECT_EQ(cache.Get(absl::InfiniteFuture())->Reveal(), "token-2");
}

TEST(OAuthTokenCacheConcurrency, ConcurrentCallersShareOneFetch) {
  ManualClock clock(kStart);
  std::atomic<int> fetches{0};
  absl::Notification fetch_started, release_fetch;
  OAuthTokenCache cache(
      [&](absl::Time) -> absl::StatusOr<OAuthToken> {
        ++fetches;
        fetch_started.Notify();
        release_fetch.WaitForNotification();
        return OAuthToken{Secret("shared"), absl::Minutes(5)};
      },
      clock);

  std::vector<std::thread> callers;
  std::atomic<int> got_shared{0};
  auto call = [&] {
    if (auto token = cache.Get(absl::InfiniteFuture()); token.ok() && token->Reveal() == "shared") {
      ++got_shared;
    }
  };
  callers.emplace_back(call);
  fetch_started.WaitForNotification();
  for (int i = 0; i < 31; ++i) callers.emplace_back(call);
  release_fetch.Notify();
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(fetches, 1);
  EXPECT_EQ(got_shared, 32);
}

TEST(OAuthTokenCacheConcurrency, AWaiterGivesUpAtItsDeadline) {
  ManualClock clock(kStart);
  absl::Notification fetch_started, release_fetch;
  OAuthTokenCache cache(
      [&](absl::Time) -> absl::StatusOr<OAuthToken> {
        fetch_started.Notify();
        release_fetch.WaitForNotification();
        return OAuthToken{Secret("late"), absl::Minutes(5)};
      },
      clock);
  std::thread fetcher([&] { (void)cache.Get(absl::InfiniteFuture()); });
  fetch_started.WaitForNotification();
  EXPECT_EQ(cache.Get(absl::Now() + absl::Milliseconds(20)).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  release_fetch.Notify();
  fetcher.join();
}

}  // namespace
}  // namespace cancela::providers::http
