#pragma once
// curl_global_init must run once, before any thread starts (libcurl: "not thread safe").

namespace cancela::providers::http {

class CurlGlobal {
 public:
  CurlGlobal();
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

}  // namespace cancela::providers::http
