#include "service/server/watch_status_stream.h"

#include "service/server/proto_conversion.h"
#include "service/server/status_conversion.h"

namespace cancela::server {

// Threads: Deliver (publishers) and End (shutdown) run under the handle's lock, which OnDone
// takes before deleting the stream; gRPC runs no reaction concurrently with OnDone.

void WatchStreams::Add(std::shared_ptr<Handle> handle) {
  absl::MutexLock lock(&mu_);
  handles_.insert(std::move(handle));
}

void WatchStreams::Remove(const std::shared_ptr<Handle>& handle) {
  absl::MutexLock lock(&mu_);
  handles_.erase(handle);
}

void WatchStreams::EndAll(const grpc::Status& status) {
  std::set<std::shared_ptr<Handle>> handles;
  {
    absl::MutexLock lock(&mu_);
    handles = handles_;
  }
  for (const auto& handle : handles) {
    absl::MutexLock lock(&handle->mu);
    if (handle->stream != nullptr) handle->stream->End(status);
  }
}

WatchStatusStream::WatchStatusStream(core::RefundEngine& engine, WatchStreams& streams)
    : engine_(engine), streams_(streams), handle_(std::make_shared<WatchStreams::Handle>()) {}

WatchStatusStream* WatchStatusStream::Start(core::RefundEngine& engine, WatchStreams& streams,
                                            const std::string& tenant,
                                            const std::string& operation_id) {
  auto* stream = new WatchStatusStream(engine, streams);
  std::shared_ptr<WatchStreams::Handle> handle = stream->handle_;
  absl::MutexLock lock(&handle->mu);
  handle->stream = stream;
  streams.Add(handle);
  // Subscribe before reading, so that no change between the read and the subscription is lost.
  stream->subscription_ = engine.watchers().Subscribe(
      operation_id, [handle](const store::OperationRecord& record) {
        absl::MutexLock handle_lock(&handle->mu);
        if (handle->stream != nullptr) handle->stream->Deliver(record);
      });
  auto current = engine.Get(tenant, operation_id, /*refresh=*/false, absl::InfiniteFuture());
  if (!current.ok()) {
    stream->End(ToGrpcStatus(current.status()));
  } else {
    stream->Deliver(current->record);
  }
  return stream;
}

void WatchStatusStream::Deliver(const store::OperationRecord& record) {
  auto view = engine_.View(record);
  Action action;
  {
    absl::MutexLock lock(&mu_);
    if (finished_ || final_queued_ || end_) return;
    // Changes can arrive out of order (a publish racing the first read); history only grows.
    if (record.history.size() <= last_history_size_) return;
    last_history_size_ = record.history.size();
    v1::WatchStatusResponse response;
    *response.mutable_operation() =
        view.ok() ? ToProto(*view) : ToProto(core::OperationView{record, {}});
    final_queued_ = record.status != v1::OPERATION_STATUS_PENDING;
    next_ = std::move(response);  // replaces an older state not yet sent
    if (!writing_) PrepareWriteLocked(action);
  }
  Act(action);
}

void WatchStatusStream::PrepareWriteLocked(Action& action) {
  in_flight_ = *std::move(next_);
  next_.reset();
  final_written_ = in_flight_.operation().status() != v1::OPERATION_STATUS_PENDING;
  writing_ = true;
  action.write = true;
}

void WatchStatusStream::PrepareFinishLocked(Action& action, const grpc::Status& status) {
  if (finished_) return;
  finished_ = true;
  action.finish = status;
}

void WatchStatusStream::Act(const Action& action) {
  if (action.write) StartWrite(&in_flight_);  // in_flight_ is untouched while writing_
  if (action.finish) Finish(*action.finish);
}

void WatchStatusStream::OnWriteDone(bool ok) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) {
      PrepareFinishLocked(action, grpc::Status(grpc::StatusCode::CANCELLED, "the stream broke"));
    } else if (end_) {
      PrepareFinishLocked(action, *end_);
    } else if (final_written_) {
      PrepareFinishLocked(action, grpc::Status::OK);
    } else if (next_) {
      PrepareWriteLocked(action);
    }
  }
  Act(action);
}

void WatchStatusStream::OnCancel() {
  End(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the caller"));
}

void WatchStatusStream::End(const grpc::Status& status) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    if (writing_) {
      if (!end_) end_ = status;  // OnWriteDone finishes
    } else {
      PrepareFinishLocked(action, status);
    }
  }
  Act(action);
}

void WatchStatusStream::OnDone() {
  {
    absl::MutexLock lock(&handle_->mu);  // waits for a Deliver or End in progress
    handle_->stream = nullptr;
  }
  engine_.watchers().Unsubscribe(subscription_);
  streams_.Remove(handle_);
  delete this;
}

}  // namespace cancela::server
