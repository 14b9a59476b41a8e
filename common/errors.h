#pragma once
// The error model: every rejection is an absl::Status carrying a google.rpc.ErrorInfo
// (domain "cancela", reason from cancela.v1.ErrorReason) and, where a retry makes sense later,
// a google.rpc.RetryInfo. server/status_conversion turns these into grpc::Status details.

#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "cancela/v1/error_reason.pb.h"

namespace cancela {

inline constexpr char kErrorDomain[] = "cancela";

using ErrorMetadata = std::map<std::string, std::string>;

// Builds a rejection. `message` is for humans and must not contain secrets or card data; every
// dynamic part of it also goes into `metadata` (AIP-193). Both are scrubbed (common/scrub.h).
absl::Status MakeError(absl::StatusCode code, v1::ErrorReason reason, std::string_view message,
                       ErrorMetadata metadata = {});

// Same, with a RetryInfo telling the caller when the same request may succeed.
absl::Status MakeRetryableError(absl::StatusCode code, v1::ErrorReason reason,
                                std::string_view message, absl::Duration retry_after,
                                ErrorMetadata metadata = {});

// What a status carries, for tests and logs.
struct ErrorDetails {
  std::string reason;  // empty when the status has no ErrorInfo
  ErrorMetadata metadata;
  std::optional<absl::Duration> retry_after;
};
ErrorDetails GetErrorDetails(const absl::Status& status);

// The reason name of a status, or "" (shorthand for tests and metrics).
std::string ErrorReasonOf(const absl::Status& status);

}  // namespace cancela
