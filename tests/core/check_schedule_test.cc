#include "service/core/check_schedule.h"

#include "gtest/gtest.h"

namespace cancela::core {
namespace {

const absl::TimeZone kBrasilia = absl::FixedTimeZone(-3 * 3600);

absl::Time Brt(int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilSecond(2026, 12, day, hour, minute, 0), kBrasilia);
}

TEST(CheckScheduleTest, BackoffStepsThroughItsDelaysThenRepeatsTheLast) {
  CheckSchedule s;
  s.backoff = {absl::Minutes(1), absl::Minutes(10)};
  const absl::Time now = Brt(2, 12, 0);
  EXPECT_EQ(s.Next(now, 1, 0.5), now + absl::Minutes(1));
  EXPECT_EQ(s.Next(now, 2, 0.5), now + absl::Minutes(10));
  EXPECT_EQ(s.Next(now, 9, 0.5), now + absl::Minutes(10));
  // ±10% jitter at the ends of the spread.
  EXPECT_EQ(s.Next(now, 2, 0.0), now + absl::Minutes(9));
  EXPECT_EQ(s.Next(now, 2, 1.0), now + absl::Minutes(11));
}

TEST(CheckScheduleTest, ADailyScheduleWaitsForTheNextPublicationTime) {
  CheckSchedule s = DefaultCheckSchedules().For("cielo_unica");
  ASSERT_TRUE(s.daily_at.has_value());
  // A refund accepted in the afternoon is first checked the next morning at 08:05 BRT.
  EXPECT_EQ(s.Next(Brt(2, 15, 0), 1, 0.0), Brt(3, 8, 5));
  // Before 08:05 it is checked the same morning; exactly at 08:05, the next day.
  EXPECT_EQ(s.Next(Brt(3, 7, 0), 2, 0.0), Brt(3, 8, 5));
  EXPECT_EQ(s.Next(Brt(3, 8, 5), 2, 0.0), Brt(4, 8, 5));
  // Spread over two minutes so replicas and operations do not all ask at once.
  EXPECT_EQ(s.Next(Brt(3, 9, 0), 2, 0.5), Brt(4, 8, 5) + absl::Minutes(1));
}

TEST(CheckScheduleTest, ProvidersWithoutTheirOwnUseTheFallback) {
  const CheckSchedules schedules = DefaultCheckSchedules();
  EXPECT_EQ(&schedules.For("unknown"), &schedules.fallback);
  EXPECT_EQ(schedules.For("payu").backoff.front(), absl::Hours(1));
  EXPECT_EQ(schedules.For("payu").backoff.back(), absl::Hours(6));
  EXPECT_EQ(schedules.For("cielo_ecommerce").backoff.front(), absl::Minutes(1));
}

}  // namespace
}  // namespace cancela::core
