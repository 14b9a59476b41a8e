#include "providers/sandbox/ledger.h"

#include <utility>

namespace cancela::sandbox {

std::string FormatInstant(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone());
}

void Ledger::RecordExecution(LedgerExecution execution) {
  absl::MutexLock lock(&mu_);
  executions_.push_back(std::move(execution));
}

void Ledger::RecordRejection(LedgerRejection rejection) {
  absl::MutexLock lock(&mu_);
  rejections_.push_back(std::move(rejection));
}

void Ledger::CountRequest(const std::string& method, const std::string& payment_id) {
  absl::MutexLock lock(&mu_);
  ++requests_[method][payment_id];
}

std::vector<LedgerExecution> Ledger::Executions(const std::string& payment_id) const {
  absl::MutexLock lock(&mu_);
  std::vector<LedgerExecution> out;
  for (const auto& e : executions_) {
    if (payment_id.empty() || e.payment_id == payment_id) out.push_back(e);
  }
  return out;
}

std::vector<LedgerRejection> Ledger::Rejections(const std::string& payment_id) const {
  absl::MutexLock lock(&mu_);
  std::vector<LedgerRejection> out;
  for (const auto& r : rejections_) {
    if (payment_id.empty() || r.payment_id == payment_id) out.push_back(r);
  }
  return out;
}

int64_t Ledger::RequestCount(const std::string& method, const std::string& payment_id) const {
  absl::MutexLock lock(&mu_);
  auto by_method = requests_.find(method);
  if (by_method == requests_.end()) return 0;
  if (!payment_id.empty()) {
    auto it = by_method->second.find(payment_id);
    return it == by_method->second.end() ? 0 : it->second;
  }
  int64_t sum = 0;
  for (const auto& [id, count] : by_method->second) sum += count;
  return sum;
}

nlohmann::json Ledger::ToJson(const std::string& payment_id) const {
  nlohmann::json out = nlohmann::json::object();
  nlohmann::json executions = nlohmann::json::array();
  for (const LedgerExecution& e : Executions(payment_id)) {
    nlohmann::json j;
    j["provider"] = e.provider;
    j["payment_id"] = e.payment_id;
    j["amount"] = e.amount;
    j["total"] = e.total;
    j["at"] = FormatInstant(e.at);
    j["request_id"] = e.request_id;
    j["status_after"] = e.status_after;
    executions.push_back(std::move(j));
  }
  nlohmann::json rejections = nlohmann::json::array();
  for (const LedgerRejection& r : Rejections(payment_id)) {
    nlohmann::json j;
    j["provider"] = r.provider;
    j["payment_id"] = r.payment_id;
    if (r.amount.has_value()) j["amount"] = *r.amount;
    j["total"] = r.total;
    j["at"] = FormatInstant(r.at);
    j["request_id"] = r.request_id;
    j["http_status"] = r.http_status;
    j["code"] = r.code;
    j["message"] = r.message;
    rejections.push_back(std::move(j));
  }
  nlohmann::json requests = nlohmann::json::object();
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [method, by_id] : requests_) {
      int64_t count = 0;
      for (const auto& [id, n] : by_id) {
        if (payment_id.empty() || id == payment_id) count += n;
      }
      requests[method] = count;
    }
  }
  out["executions"] = std::move(executions);
  out["rejections"] = std::move(rejections);
  out["requests"] = std::move(requests);
  return out;
}

void Ledger::Clear() {
  absl::MutexLock lock(&mu_);
  executions_.clear();
  rejections_.clear();
  requests_.clear();
}

}  // namespace cancela::sandbox
