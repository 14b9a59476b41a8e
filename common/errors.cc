#include "common/errors.h"

#include "absl/strings/cord.h"
#include "common/scrub.h"
#include "google/protobuf/duration.pb.h"
#include "google/rpc/error_details.pb.h"

namespace cancela {
namespace {

constexpr char kErrorInfoUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
constexpr char kRetryInfoUrl[] = "type.googleapis.com/google.rpc.RetryInfo";

}  // namespace

absl::Status MakeError(absl::StatusCode code, v1::ErrorReason reason, std::string_view message,
                       ErrorMetadata metadata) {
  // Messages and metadata often quote what the caller or a provider sent: scrubbed at the source.
  absl::Status status(code, Scrubbed(message));
  google::rpc::ErrorInfo info;
  info.set_reason(v1::ErrorReason_Name(reason));
  info.set_domain(kErrorDomain);
  for (auto& [key, value] : metadata) {
    ScrubInPlace(value);
    (*info.mutable_metadata())[key] = std::move(value);
  }
  status.SetPayload(kErrorInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

absl::Status MakeRetryableError(absl::StatusCode code, v1::ErrorReason reason,
                                std::string_view message, absl::Duration retry_after,
                                ErrorMetadata metadata) {
  const int64_t retry_ms = absl::ToInt64Milliseconds(retry_after);
  metadata["retryAfterMs"] = std::to_string(retry_ms);
  absl::Status status = MakeError(code, reason, message, std::move(metadata));
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(retry_ms / 1000);
  retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>((retry_ms % 1000) * 1000000));
  status.SetPayload(kRetryInfoUrl, absl::Cord(retry.SerializeAsString()));
  return status;
}

ErrorDetails GetErrorDetails(const absl::Status& status) {
  ErrorDetails details;
  if (auto payload = status.GetPayload(kErrorInfoUrl)) {
    google::rpc::ErrorInfo info;
    if (info.ParseFromString(std::string(*payload))) {
      details.reason = info.reason();
      for (const auto& [key, value] : info.metadata()) details.metadata[key] = value;
    }
  }
  if (auto payload = status.GetPayload(kRetryInfoUrl)) {
    google::rpc::RetryInfo retry;
    if (retry.ParseFromString(std::string(*payload))) {
      details.retry_after = absl::Seconds(retry.retry_delay().seconds()) +
                            absl::Nanoseconds(retry.retry_delay().nanos());
    }
  }
  return details;
}

std::string ErrorReasonOf(const absl::Status& status) { return GetErrorDetails(status).reason; }

}  // namespace cancela
