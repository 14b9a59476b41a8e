#pragma once
// The sandbox's notion of now: a base clock (the system's, or a test's ManualClock) plus an offset
// that only grows, so a test or an operator can jump the simulators forward ("the Pix refund has
// settled", "the 5 seconds have passed") without touching the clock the gateway reads.

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace cancela::sandbox {

class SandboxClock final : public Clock {
 public:
  explicit SandboxClock(const Clock& base) : base_(base) {}

  absl::Time Now() const override { return base_.Now() + Offset(); }

  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    offset_ += d;
  }
  void ResetOffset() {
    absl::MutexLock lock(&mu_);
    offset_ = absl::ZeroDuration();
  }
  absl::Duration Offset() const {
    absl::MutexLock lock(&mu_);
    return offset_;
  }

 private:
  const Clock& base_;
  mutable absl::Mutex mu_;
  absl::Duration offset_ ABSL_GUARDED_BY(mu_) = absl::ZeroDuration();
};

}  // namespace cancela::sandbox
