#pragma once
// The only way adapters reach the network. CurlHttpTransport is the real one; tests substitute
// recorded exchanges.

#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace cancela::providers::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "PUT", "POST"
  std::string url;
  Headers headers;     // values may hold credentials: the transport never logs them
  std::string body;
  absl::Time deadline = absl::InfiniteFuture();  // total budget, from the caller's RPC deadline
  // True only for requests that are safe to repeat (queries). Money-moving requests are never
  // sent on a reused connection, so libcurl cannot silently resend them.
  bool idempotent = false;
  // Mutual TLS, for providers that require it (Cielo API Única): PEM files of the provider
  // account's client certificate and key, and optionally the CA bundle that signs the provider's
  // server certificate (empty: the system's). Paths, never the contents: nothing secret is held.
  std::string client_certificate_file;
  std::string client_key_file;
  std::string ca_bundle_file;
};

struct Response {
  int status = 0;
  Headers headers;  // names lower-cased
  std::string body;
};

enum class Failure {
  kNone,
  kNotSent,    // provably never reached the provider: DNS, refused, deadline gone before sending
  kMaybeSent,  // may have reached it: timeout or reset after the request started going out
};

struct Result {
  Failure failure = Failure::kNone;
  Response response;   // valid when failure == kNone
  std::string detail;  // why it failed; never contains header values or bodies
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual Result Send(const Request& request) = 0;
};

}  // namespace cancela::providers::http
