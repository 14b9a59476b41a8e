#pragma once
// Real libcurl requests for the sandbox tests: the simulators must be exercised the way the
// gateway's adapters reach them, over TCP on loopback.

#include <curl/curl.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace cancela::sandbox::testing {

struct CurlRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::optional<std::string> body;   // absent: no body at all; "" sends Content-Length: 0
  absl::Duration timeout = absl::Seconds(5);
};

struct CurlResult {
  CURLcode code = CURLE_OK;
  long status = 0;  // NOLINT(runtime/int): libcurl's type
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  long new_connections = 0;  // NOLINT(runtime/int): connections this request opened
  absl::Duration elapsed;

  bool ok() const { return code == CURLE_OK; }
  // The body parsed; a discarded value when it is not JSON.
  nlohmann::json Json() const;
};

// One request on its own connection.
CurlResult Perform(const CurlRequest& request);

// Several requests over one handle, so keep-alive connections are reused.
class CurlSession {
 public:
  CurlSession();
  ~CurlSession();
  CurlSession(const CurlSession&) = delete;
  CurlSession& operator=(const CurlSession&) = delete;
  CurlResult Perform(const CurlRequest& request);

 private:
  CURL* handle_;
};

}  // namespace cancela::sandbox::testing
