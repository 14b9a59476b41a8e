#include "service/server/status_conversion.h"

#include <string>

#include "common/errors.h"
#include "common/scrub.h"
#include "google/rpc/status.pb.h"

namespace cancela::server {
namespace {

// A status that carries no ErrorInfo still gets one, so callers can always switch on a reason.
v1::ErrorReason DefaultReason(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable: return v1::SERVICE_UNAVAILABLE;
    case absl::StatusCode::kUnauthenticated: return v1::CREDENTIALS_INVALID;
    case absl::StatusCode::kInvalidArgument: return v1::FIELD_INVALID;
    case absl::StatusCode::kUnimplemented: return v1::RPC_NOT_IMPLEMENTED;
    default: return v1::INTERNAL_ERROR;
  }
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& in) {
  if (in.ok()) return grpc::Status::OK;
  absl::Status status = in;
  if (GetErrorDetails(status).reason.empty()) {
    status = MakeError(status.code(), DefaultReason(status.code()), std::string(status.message()));
  }
  // MakeError, the only builder of ErrorInfo, scrubs message and metadata; the message is scrubbed
  // once more here, the last exit, whoever built the status.
  const std::string message = ScrubbedMessage(status);
  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(message);
  status.ForEachPayload([&details](absl::string_view type_url, const absl::Cord& payload) {
    auto* any = details.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message,
                      details.SerializeAsString());
}

}  // namespace cancela::server
