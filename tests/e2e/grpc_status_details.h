#pragma once
// Reads the ErrorInfo reason and metadata a caller sees in a grpc::Status, as a Go, Java or
// Python client would, and expects refusals by them.

#include <map>
#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"

namespace cancela::testing {

struct CallerError {
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string domain;
  std::string reason;
  std::map<std::string, std::string> metadata;
  bool has_retry_info = false;
  long retry_after_ms = 0;
};

inline CallerError ReadError(const grpc::Status& status) {
  CallerError out;
  out.code = status.error_code();
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return out;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::RetryInfo retry;
    if (any.UnpackTo(&info)) {
      out.domain = info.domain();
      out.reason = info.reason();
      for (const auto& [k, v] : info.metadata()) out.metadata[k] = v;
    } else if (any.UnpackTo(&retry)) {
      out.has_retry_info = true;
      out.retry_after_ms = static_cast<long>(retry.retry_delay().seconds() * 1000 +
                                             retry.retry_delay().nanos() / 1000000);
    }
  }
  return out;
}

// Expects a refusal with `code` and, in cancela's domain, `reason`.
inline void ExpectRejected(const grpc::Status& status, grpc::StatusCode code,
                           const std::string& reason) {
  EXPECT_EQ(status.error_code(), code) << status.error_message();
  const CallerError error = ReadError(status);
  EXPECT_EQ(error.domain, "cancela");
  EXPECT_EQ(error.reason, reason) << status.error_message();
}

}  // namespace cancela::testing
