#include "providers/sandbox/brasilia_time.h"

namespace cancela::sandbox {

absl::TimeZone BrasiliaTimeZone() { return absl::FixedTimeZone(-3 * 60 * 60); }

std::string FormatBrasilia(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", t, BrasiliaTimeZone());
}

absl::CivilDay BrasiliaDay(absl::Time t) { return absl::ToCivilDay(t, BrasiliaTimeZone()); }

}  // namespace cancela::sandbox
