#pragma once
// When the poller asks a provider again about a pending operation. Providers settle on very
// different clocks (providers.md §6.7): Cielo E-commerce answers in seconds, Pix refunds in
// minutes, Cielo Única only after its nightly batch, PayU staff in business days. Each provider
// gets its own schedule; all are configurable, the built-in ones are [I] starting points.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace cancela::core {

struct CheckSchedule {
  // The delay before each further check (the last one repeats), ±10% jitter.
  std::vector<absl::Duration> backoff = {absl::Seconds(30), absl::Minutes(2), absl::Minutes(10),
                                         absl::Minutes(30), absl::Hours(1)};
  // When set, `backoff` is not used: every check happens once a day at this local time of day
  // (e.g. 08:05 for Cielo Única, whose results are published after its nightly batch), spread
  // over the following two minutes.
  std::optional<absl::Duration> daily_at;
  absl::TimeZone zone = absl::FixedTimeZone(-3 * 3600);  // Brasília; Brazil has no DST since 2019
  // From the operation's creation: then the poller stops and raises the give-up alarm.
  absl::Duration give_up_after = absl::Hours(72);

  // When the next check is due, after `checks_done` checks, the latest at `now`. `spread` in
  // [0, 1) places it within the jitter window.
  absl::Time Next(absl::Time now, int checks_done, double spread) const;
};

struct CheckSchedules {
  CheckSchedule fallback;                           // providers without their own
  std::map<std::string, CheckSchedule> by_provider;  // "cielo_unica", "payu", …

  const CheckSchedule& For(const std::string& provider) const;
};

// The built-in schedules ([I], from providers.md §6.7).
CheckSchedules DefaultCheckSchedules();

}  // namespace cancela::core
