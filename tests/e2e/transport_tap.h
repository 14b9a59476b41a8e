#pragma once
// The server's provider transport (real libcurl) with every exchange kept: what the gateway sent
// to the providers and what they answered, for tests that must prove a value reached a provider
// or that every answer carried something.

#include <memory>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "providers/http/curl_http_transport.h"
#include "providers/http/http_transport.h"

namespace cancela::testing {

struct Exchange {
  providers::http::Request request;
  providers::http::Result result;
};

class ExchangeLog {
 public:
  void Add(Exchange exchange) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    exchanges_.push_back(std::move(exchange));
  }
  std::vector<Exchange> exchanges() const ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return exchanges_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<Exchange> exchanges_ ABSL_GUARDED_BY(mu_);
};

class TappedTransport final : public providers::http::HttpTransport {
 public:
  explicit TappedTransport(std::shared_ptr<ExchangeLog> log) : log_(std::move(log)) {}

  providers::http::Result Send(const providers::http::Request& request) override {
    providers::http::Result result = curl_.Send(request);
    log_->Add({request, result});
    return result;
  }

 private:
  providers::http::CurlHttpTransport curl_;
  std::shared_ptr<ExchangeLog> log_;
};

}  // namespace cancela::testing
