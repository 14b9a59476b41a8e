#pragma once
// How both stores keep instants: integer microseconds since the Unix epoch, with the infinite
// past and future as the int64 extremes (a lease that never ran, a check that is never due).

#include <cstdint>

#include "absl/time/time.h"

namespace cancela::store {

inline int64_t ToMicros(absl::Time t) {
  if (t == absl::InfinitePast()) return INT64_MIN;
  if (t == absl::InfiniteFuture()) return INT64_MAX;
  return absl::ToUnixMicros(t);
}

inline absl::Time FromMicros(int64_t micros) {
  if (micros == INT64_MIN) return absl::InfinitePast();
  if (micros == INT64_MAX) return absl::InfiniteFuture();
  return absl::FromUnixMicros(micros);
}

}  // namespace cancela::store
