#pragma once
// Cielo writes dates as "YYYY-MM-DD HH:MM:SS" in Brasília time, and "the same day" for a void
// versus a refund is the Brasília calendar day. Brazil has had no daylight saving since 2019, so
// Brasília is a fixed UTC-03:00.

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace cancela::sandbox {

absl::TimeZone BrasiliaTimeZone();

// "2024-12-02 19:28:00".
std::string FormatBrasilia(absl::Time t);

absl::CivilDay BrasiliaDay(absl::Time t);

inline bool SameBrasiliaDay(absl::Time a, absl::Time b) { return BrasiliaDay(a) == BrasiliaDay(b); }

}  // namespace cancela::sandbox
