#include "service/core/operation_watchers.h"

#include <vector>

namespace cancela::core {

int64_t OperationWatchers::Subscribe(const std::string& operation_id, Callback callback) {
  absl::MutexLock lock(&mu_);
  const int64_t handle = next_handle_++;
  entries_[handle] = Entry{operation_id, std::move(callback)};
  return handle;
}

void OperationWatchers::Unsubscribe(int64_t handle) {
  absl::MutexLock lock(&mu_);
  entries_.erase(handle);
}

void OperationWatchers::Publish(const store::OperationRecord& record) {
  std::vector<Callback> targets;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [handle, entry] : entries_) {
      if (entry.operation_id.empty() || entry.operation_id == record.operation_id) {
        targets.push_back(entry.callback);
      }
    }
  }
  for (const Callback& callback : targets) callback(record);  // outside the lock
}

size_t OperationWatchers::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

}  // namespace cancela::core
