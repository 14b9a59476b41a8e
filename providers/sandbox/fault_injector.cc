#include "providers/sandbox/fault_injector.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "common/json_access.h"

namespace cancela::sandbox {

std::string_view FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kLatency: return "latency";
    case FaultKind::kHttp500: return "http_500";
    case FaultKind::kReset: return "reset";
    case FaultKind::kClose: return "close";
    case FaultKind::kExecuteThenDrop: return "execute_then_drop";
  }
  return "unknown";
}

std::optional<FaultKind> FaultKindFromName(std::string_view name) {
  for (FaultKind kind : {FaultKind::kLatency, FaultKind::kHttp500, FaultKind::kReset,
                         FaultKind::kClose, FaultKind::kExecuteThenDrop}) {
    if (FaultKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

absl::StatusOr<FaultRule> FaultRuleFromJson(const nlohmann::json& body) {
  if (!body.is_object()) return absl::InvalidArgumentError("a fault is a JSON object");
  FaultRule rule;
  const std::optional<std::string> kind = json::GetString(body, "kind");
  if (!kind.has_value()) return absl::InvalidArgumentError("kind is required");
  const std::optional<FaultKind> parsed = FaultKindFromName(*kind);
  if (!parsed.has_value()) {
    return absl::InvalidArgumentError(
        "kind must be one of latency, http_500, reset, close, execute_then_drop");
  }
  rule.kind = *parsed;
  if (json::Find(body, "payment_id") != nullptr) {
    const std::optional<std::string> id = json::GetString(body, "payment_id");
    if (!id.has_value()) return absl::InvalidArgumentError("payment_id must be a string");
    rule.payment_id = *id;
  }
  if (json::Find(body, "method") != nullptr) {
    const std::optional<std::string> method = json::GetString(body, "method");
    if (!method.has_value()) return absl::InvalidArgumentError("method must be a string");
    std::string upper = absl::AsciiStrToUpper(*method);
    if (upper == "ANY" || upper == "*") upper.clear();
    if (!upper.empty() && upper != "GET" && upper != "PUT" && upper != "POST") {
      return absl::InvalidArgumentError("method must be GET, PUT, POST or any");
    }
    rule.method = std::move(upper);
  }
  if (json::Find(body, "count") != nullptr) {
    const std::optional<int64_t> count = json::GetInt(body, "count");
    if (!count.has_value() || *count < 1 || *count > 1000000) {
      return absl::InvalidArgumentError("count must be an integer from 1 to 1000000");
    }
    rule.count = static_cast<int>(*count);
  }
  if (json::Find(body, "delay_ms") != nullptr) {
    const std::optional<int64_t> delay_ms = json::GetInt(body, "delay_ms");
    if (!delay_ms.has_value() || *delay_ms < 0 || *delay_ms > 600000) {
      return absl::InvalidArgumentError("delay_ms must be an integer from 0 to 600000");
    }
    rule.delay = absl::Milliseconds(*delay_ms);
  }
  return rule;
}

nlohmann::json FaultRuleToJson(const FaultRule& rule) {
  nlohmann::json j;
  j["id"] = rule.id;
  j["kind"] = std::string(FaultKindName(rule.kind));
  j["payment_id"] = rule.payment_id.empty() ? std::string("any") : rule.payment_id;
  j["method"] = rule.method.empty() ? std::string("any") : rule.method;
  j["count"] = rule.count;
  j["delay_ms"] = absl::ToInt64Milliseconds(rule.delay);
  return j;
}

int64_t FaultInjector::Add(FaultRule rule) {
  absl::MutexLock lock(&mu_);
  rule.id = next_id_++;
  if (rule.count < 1) rule.count = 1;
  rules_.push_back(std::move(rule));
  return rules_.back().id;
}

void FaultInjector::Clear() {
  absl::MutexLock lock(&mu_);
  rules_.clear();
  ++clears_;
}

std::optional<FaultRule> FaultInjector::Take(std::string_view method,
                                             std::string_view payment_id) {
  absl::MutexLock lock(&mu_);
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (!it->method.empty() && it->method != method) continue;
    if (!it->payment_id.empty() && it->payment_id != payment_id) continue;
    FaultRule fired = *it;
    if (--it->count <= 0) rules_.erase(it);
    return fired;
  }
  return std::nullopt;
}

std::vector<FaultRule> FaultInjector::Armed() const {
  absl::MutexLock lock(&mu_);
  return rules_;
}

bool FaultInjector::WaitOut(absl::Duration delay) {
  absl::MutexLock lock(&mu_);
  const int64_t clears_before = clears_;
  auto over = [this, clears_before]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopped_ || clears_ != clears_before;
  };
  mu_.AwaitWithTimeout(absl::Condition(&over), delay);
  return !stopped_;
}

void FaultInjector::Stop() {
  absl::MutexLock lock(&mu_);
  stopped_ = true;
}

}  // namespace cancela::sandbox
