#pragma once
// WatchStatus as a client service uses it: open a stream (token optional, 20 s deadline), read
// it to the final state.

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "cancela/v1/refund_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace cancela::testing {

inline std::unique_ptr<grpc::ClientReader<v1::WatchStatusResponse>> Watch(
    v1::RefundService::Stub& stub, grpc::ClientContext& context, const std::string& id,
    const char* token) {
  if (token != nullptr) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::WatchStatusRequest request;
  request.set_operation_id(id);
  return stub.WatchStatus(&context, request);
}


// Reads the stream until the operation is final (whoever records it: the test's own PollDue or
// the server's maintenance loop, which a notification also wakes). Blocks, never sleeps; the
// stream's deadline bounds it.
inline v1::Operation ReadUntilFinal(grpc::ClientReader<v1::WatchStatusResponse>& reader) {
  v1::WatchStatusResponse message;
  v1::Operation last;
  while (reader.Read(&message)) last = message.operation();
  return last;
}

}  // namespace cancela::testing
