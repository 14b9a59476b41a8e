#pragma once
// The one place absl::Status becomes grpc::Status: same code, same message, and every payload
// (ErrorInfo, RetryInfo) packed into google.rpc.Status details, which Go, Java and Python clients
// read with their standard status helpers.

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace cancela::server {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace cancela::server
