#pragma once
// Faults a test or an operator arms against a simulator, to produce the three outcomes a gateway
// must tell apart: the request was not executed, it may have been, or it was and the answer was
// lost. Each rule matches {payment id or any} x {method or any} and fires for its next N matches.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace cancela::sandbox {

enum class FaultKind {
  kLatency,          // wait `delay`, then handle the request normally
  kHttp500,          // answer 500 without executing
  kReset,            // TCP reset without executing or answering
  kClose,            // close cleanly without executing or answering
  kExecuteThenDrop,  // execute (and record it), then reset instead of answering
};

// "latency", "http_500", "reset", "close", "execute_then_drop".
std::string_view FaultKindName(FaultKind kind);
std::optional<FaultKind> FaultKindFromName(std::string_view name);

struct FaultRule {
  int64_t id = 0;          // assigned by FaultInjector::Add
  std::string payment_id;  // empty: any sale (and requests naming none)
  std::string method;      // "GET", "PUT"; empty: any
  FaultKind kind = FaultKind::kHttp500;
  absl::Duration delay = absl::ZeroDuration();  // latency's wait; for the others, before acting
  int count = 1;           // how many more matching requests it applies to
};

// {"kind": "reset", "payment_id": "...", "method": "PUT"|"GET"|"any", "count": 1, "delay_ms": 0}.
absl::StatusOr<FaultRule> FaultRuleFromJson(const nlohmann::json& body);
nlohmann::json FaultRuleToJson(const FaultRule& rule);

class FaultInjector {
 public:
  // Returns the rule's id.
  int64_t Add(FaultRule rule) ABSL_LOCKS_EXCLUDED(mu_);
  // Disarms every rule and releases the requests waiting out a latency rule: they go on now
  // (a benchmark holds calls open with a long latency, then lets them all finish at once).
  void Clear() ABSL_LOCKS_EXCLUDED(mu_);
  // The oldest armed rule matching the request, consuming one of its uses.
  std::optional<FaultRule> Take(std::string_view method, std::string_view payment_id)
      ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<FaultRule> Armed() const ABSL_LOCKS_EXCLUDED(mu_);

  // Waits out a latency rule's `delay`. True when it passed or Clear() released the wait; false
  // once Stop() was called (the simulator is shutting down: answer nothing).
  bool WaitOut(absl::Duration delay) ABSL_LOCKS_EXCLUDED(mu_);
  // Ends every wait, present and future, with false. Idempotent.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  std::vector<FaultRule> rules_ ABSL_GUARDED_BY(mu_);
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  int64_t clears_ ABSL_GUARDED_BY(mu_) = 0;  // Clear() calls so far: a wait ends when it moves
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace cancela::sandbox
