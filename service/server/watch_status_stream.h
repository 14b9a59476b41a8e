#pragma once
// One WatchStatus call: the operation's current state, then each recorded change, until it is
// final. A slow reader never holds anyone up: while a write is in flight only the newest state
// is kept, and intermediate ones are skipped (each message is a full Operation with history).

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/synchronization/mutex.h"
#include "cancela/v1/refund_service.grpc.pb.h"
#include "service/core/refund_engine.h"

namespace cancela::server {

class WatchStatusStream;

// The open streams, so that shutdown can end them instead of waiting for them.
class WatchStreams {
 public:
  struct Handle {
    absl::Mutex mu;
    WatchStatusStream* stream ABSL_GUARDED_BY(mu) = nullptr;  // null once the stream is done
  };
  void Add(std::shared_ptr<Handle> handle);
  void Remove(const std::shared_ptr<Handle>& handle);
  // Ends every open stream with `status`.
  void EndAll(const grpc::Status& status);

 private:
  absl::Mutex mu_;
  std::set<std::shared_ptr<Handle>> handles_ ABSL_GUARDED_BY(mu_);
};

class WatchStatusStream final : public grpc::ServerWriteReactor<v1::WatchStatusResponse> {
 public:
  // Starts streaming the tenant's operation; finishes at once with NOT_FOUND when it is not.
  static WatchStatusStream* Start(core::RefundEngine& engine, WatchStreams& streams,
                                  const std::string& tenant, const std::string& operation_id);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

  // Ends the stream with `status` (after the write in flight, if any).
  void End(const grpc::Status& status);

 private:
  WatchStatusStream(core::RefundEngine& engine, WatchStreams& streams);
  // What to do once mu_ is released: gRPC is never called with mu_ held.
  struct Action {
    bool write = false;
    std::optional<grpc::Status> finish;
  };
  void Deliver(const store::OperationRecord& record);
  void Act(const Action& action);
  void PrepareWriteLocked(Action& action) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void PrepareFinishLocked(Action& action, const grpc::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  core::RefundEngine& engine_;
  WatchStreams& streams_;
  std::shared_ptr<WatchStreams::Handle> handle_;
  int64_t subscription_ = 0;

  absl::Mutex mu_;
  v1::WatchStatusResponse in_flight_ ABSL_GUARDED_BY(mu_);  // must outlive its write
  std::optional<v1::WatchStatusResponse> next_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool final_written_ ABSL_GUARDED_BY(mu_) = false;
  bool final_queued_ ABSL_GUARDED_BY(mu_) = false;
  size_t last_history_size_ ABSL_GUARDED_BY(mu_) = 0;
  std::optional<grpc::Status> end_ ABSL_GUARDED_BY(mu_);  // end requested while writing
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace cancela::server
