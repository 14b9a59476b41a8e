#include "service/server/rate_limiter.h"

#include "common/clock.h"
#include "common/errors.h"
#include "gtest/gtest.h"

namespace cancela::server {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);
// The fallback for tenants without their own limit, high enough never to bind here.
const RateLimitConfig kUnlimited{1e6, 1000000};

TEST(RateLimiterTest, AllowsTheBurstThenRefusesWithTheTimeUntilTheNextCall) {
  ManualClock clock(kStart);
  RateLimiter limiter({{"acme", RateLimitConfig{10, 3}}}, kUnlimited, clock);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("acme").ok()) << i;

  const absl::Status refused = limiter.Admit("acme");
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  const ErrorDetails details = GetErrorDetails(refused);
  EXPECT_EQ(details.reason, "RATE_LIMITED");
  ASSERT_TRUE(details.retry_after.has_value());
  EXPECT_EQ(*details.retry_after, absl::Milliseconds(100));  // one call every 100 ms at 10/s

  clock.Advance(absl::Milliseconds(99));
  EXPECT_FALSE(limiter.Admit("acme").ok());
  clock.Advance(absl::Milliseconds(1));
  EXPECT_TRUE(limiter.Admit("acme").ok());
  EXPECT_FALSE(limiter.Admit("acme").ok());
}

TEST(RateLimiterTest, RefillsUpToTheBurstOnly) {
  ManualClock clock(kStart);
  RateLimiter limiter({{"acme", RateLimitConfig{1, 2}}}, kUnlimited, clock);
  clock.Advance(absl::Hours(1));
  EXPECT_TRUE(limiter.Admit("acme").ok());
  EXPECT_TRUE(limiter.Admit("acme").ok());
  EXPECT_FALSE(limiter.Admit("acme").ok());
}

TEST(RateLimiterTest, OneTenantsFloodDoesNotTouchAnother) {
  ManualClock clock(kStart);
  RateLimiter limiter({{"acme", RateLimitConfig{1, 1}}, {"globex", RateLimitConfig{1, 1}}}, kUnlimited, clock);
  EXPECT_TRUE(limiter.Admit("acme").ok());
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(limiter.Admit("acme").ok());
  EXPECT_TRUE(limiter.Admit("globex").ok());
  // A tenant without its own limit gets the fallback.
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Admit("initech").ok());
}

TEST(RateLimiterTest, AClockSteppingBackRefillsNothing) {
  ManualClock clock(kStart);
  RateLimiter limiter({{"acme", RateLimitConfig{1, 1}}}, kUnlimited, clock);
  EXPECT_TRUE(limiter.Admit("acme").ok());
  clock.Advance(-absl::Hours(1));
  EXPECT_FALSE(limiter.Admit("acme").ok());
}

}  // namespace
}  // namespace cancela::server
