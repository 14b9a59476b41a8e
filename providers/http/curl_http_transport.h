#pragma once
// HttpTransport over libcurl. Queries (idempotent) reuse a kept-alive connection per thread;
// money-moving requests always get a fresh connection that is closed afterwards, because libcurl
// silently resends a request when a reused connection turns out dead — a second refund. (The
// curl handles themselves are kept per thread: a handle is not a connection.)

#include "providers/http/http_transport.h"

namespace cancela::providers::http {

class CurlHttpTransport final : public HttpTransport {
 public:
  Result Send(const Request& request) override;
};

}  // namespace cancela::providers::http
