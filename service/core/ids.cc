#include "service/core/ids.h"

#include <cstdint>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"

namespace cancela::core {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

absl::BitGen& Generator() {
  thread_local absl::BitGen gen;
  return gen;
}

}  // namespace

std::string NewOperationId(absl::Time now) {
  const uint64_t millis = static_cast<uint64_t>(absl::ToUnixMillis(now)) & ((1ULL << 48) - 1);
  const uint64_t rand_hi = absl::Uniform<uint64_t>(Generator()) & ((1ULL << 16) - 1);
  const uint64_t rand_lo = absl::Uniform<uint64_t>(Generator());
  // 128 bits, hi:lo = millis (48) | rand_hi (16) | rand_lo (64), as 26 base-32 digits (the top
  // two of 130 bits are zero).
  uint64_t hi = (millis << 16) | rand_hi;
  uint64_t lo = rand_lo;
  std::string out(26, '0');
  for (int i = 25; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kCrockford[lo & 31];
    lo = (lo >> 5) | (hi << 59);
    hi >>= 5;
  }
  return "op_" + out;
}

std::string NewRequestId() {
  auto& gen = Generator();
  return absl::StrFormat("%08x-%04x-4%03x-%04x-%012x", absl::Uniform<uint32_t>(gen),
                         absl::Uniform<uint32_t>(gen) & 0xffff,
                         absl::Uniform<uint32_t>(gen) & 0xfff,
                         (absl::Uniform<uint32_t>(gen) & 0x3fff) | 0x8000,
                         absl::Uniform<uint64_t>(gen) & 0xffffffffffffULL);
}

}  // namespace cancela::core
