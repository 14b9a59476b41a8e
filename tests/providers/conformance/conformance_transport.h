#pragma once
// Real libcurl, with two test hooks: every request is kept, and the answer to the next
// money-moving request can be corrupted after the provider executed it (the worst case of a
// malformed answer: money moved, the reply unreadable).

#include <functional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "providers/http/curl_http_transport.h"

namespace cancela::conformance {

class ConformanceTransport final : public providers::http::HttpTransport {
 public:
  providers::http::Result Send(const providers::http::Request& request) override;

  // The next non-idempotent request's answer body (not a token's) goes through `corrupt`
  // (status becomes 200).
  void CorruptNextCancelAnswer(std::function<std::string(const std::string&)> corrupt);
  std::vector<providers::http::Request> sent() const;

 private:
  providers::http::CurlHttpTransport curl_;
  mutable absl::Mutex mu_;
  std::vector<providers::http::Request> sent_ ABSL_GUARDED_BY(mu_);
  std::function<std::string(const std::string&)> corrupt_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cancela::conformance
