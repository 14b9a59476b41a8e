#include "tests/providers/conformance/conformance_transport.h"

#include <utility>

#include "absl/strings/match.h"

namespace cancela::conformance {
namespace {

// An OAuth client-credentials token request (form body) moves no money; API Única fetches its
// token lazily, right before the first cancellation, so the cancellation's answer is the next.
bool IsTokenRequest(const providers::http::Request& request) {
  return absl::StrContains(request.body, "grant_type=");
}

}  // namespace

providers::http::Result ConformanceTransport::Send(const providers::http::Request& request) {
  std::function<std::string(const std::string&)> corrupt;
  {
    absl::MutexLock lock(&mu_);
    sent_.push_back(request);
    if (!request.idempotent && !IsTokenRequest(request)) std::swap(corrupt, corrupt_);
  }
  providers::http::Result result = curl_.Send(request);
  if (corrupt && result.failure == providers::http::Failure::kNone) {
    result.response.status = 200;
    result.response.body = corrupt(result.response.body);
  }
  return result;
}

void ConformanceTransport::CorruptNextCancelAnswer(
    std::function<std::string(const std::string&)> corrupt) {
  absl::MutexLock lock(&mu_);
  corrupt_ = std::move(corrupt);
}

std::vector<providers::http::Request> ConformanceTransport::sent() const {
  absl::MutexLock lock(&mu_);
  return sent_;
}

}  // namespace cancela::conformance
