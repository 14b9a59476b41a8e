#pragma once
// Who is watching which operation. The engine publishes every recorded change; WatchStatus
// streams subscribe. Publishing never blocks on a subscriber: each callback only hands the new
// state to its stream, which keeps the latest one if its reader is slow.

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "absl/synchronization/mutex.h"
#include "service/store/operation_record.h"

namespace cancela::core {

class OperationWatchers {
 public:
  using Callback = std::function<void(const store::OperationRecord&)>;

  // An empty `operation_id` receives every operation's changes. Returns a handle for Unsubscribe.
  int64_t Subscribe(const std::string& operation_id, Callback callback);
  void Unsubscribe(int64_t handle);
  void Publish(const store::OperationRecord& record);
  size_t size() const;

 private:
  struct Entry {
    std::string operation_id;
    Callback callback;
  };
  mutable absl::Mutex mu_;
  int64_t next_handle_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<int64_t, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cancela::core
