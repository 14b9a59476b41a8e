#include "service/core/check_schedule.h"

#include <algorithm>

namespace cancela::core {

absl::Time CheckSchedule::Next(absl::Time now, int checks_done, double spread) const {
  if (daily_at) {
    const absl::CivilDay today = absl::ToCivilDay(now, zone);
    absl::Time next = absl::FromCivil(absl::CivilSecond(today), zone) + *daily_at;
    if (next <= now) next = absl::FromCivil(absl::CivilSecond(today + 1), zone) + *daily_at;
    return next + absl::Seconds(120) * spread;
  }
  if (backoff.empty()) return now + absl::Minutes(1);
  const size_t index =
      std::min(static_cast<size_t>(std::max(checks_done, 1) - 1), backoff.size() - 1);
  return now + backoff[index] * (0.9 + 0.2 * spread);
}

const CheckSchedule& CheckSchedules::For(const std::string& provider) const {
  auto it = by_provider.find(provider);
  return it == by_provider.end() ? fallback : it->second;
}

CheckSchedules DefaultCheckSchedules() {
  CheckSchedules s;
  const std::vector<absl::Duration> prompt = {absl::Minutes(1), absl::Minutes(5),
                                              absl::Minutes(30), absl::Hours(1)};
  // Card answers are synchronous (checks resolve lost answers); Pix refunds settle in minutes.
  s.by_provider["cielo_ecommerce"].backoff = prompt;
  s.by_provider["cielo_checkout"].backoff = prompt;
  s.by_provider["zoop"].backoff = prompt;
  // Results appear after the nightly batch (D+1, D+2 for same-day sales): read them at 08:05
  // every day, up to D+5, then alarm.
  CheckSchedule& unica = s.by_provider["cielo_unica"];
  unica.daily_at = absl::Hours(8) + absl::Minutes(5);
  unica.give_up_after = absl::Hours(24 * 6);
  // Staff review in 1–3 business days: hourly for a day, then every 6 h, up to about 5 business
  // days (a week of calendar time).
  CheckSchedule& payu = s.by_provider["payu"];
  payu.backoff.assign(24, absl::Hours(1));
  payu.backoff.push_back(absl::Hours(6));
  payu.give_up_after = absl::Hours(24 * 7);
  return s;
}

}  // namespace cancela::core
