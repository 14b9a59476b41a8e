#include "providers/http/curl_http_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace cancela::providers::http {
namespace {

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;

struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  const std::string_view line(data, size * count);
  const size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name = absl::AsciiStrToLower(absl::string_view(line.data(), colon));
    std::string value(absl::StripAsciiWhitespace(
        absl::string_view(line.data() + colon + 1, line.size() - colon - 1)));
    static_cast<Headers*>(user)->emplace_back(std::move(name), std::move(value));
  }
  return size * count;
}

// This thread's handles, kept between requests: making one costs more than a loopback request's
// own work. The query handle keeps its connection alive; every connection the other one makes
// is fresh and closed after its request (CURLOPT_FRESH_CONNECT, CURLOPT_FORBID_REUSE).
CURL* ThreadHandle(bool idempotent) {
  thread_local Easy query(curl_easy_init());
  thread_local Easy money_moving(curl_easy_init());
  return idempotent ? query.get() : money_moving.get();
}

}  // namespace

Result CurlHttpTransport::Send(const Request& request) {
  Result result;
  const absl::Duration budget = request.deadline - absl::Now();
  if (budget <= absl::ZeroDuration()) {
    result.failure = Failure::kNotSent;
    result.detail = "deadline passed before sending";
    return result;
  }

  CURL* easy = ThreadHandle(request.idempotent);
  if (easy == nullptr) {
    result.failure = Failure::kNotSent;
    result.detail = "cannot create a curl handle";
    return result;
  }
  curl_easy_reset(easy);  // forgets the previous request's options, keeps its caches

  const long budget_ms = std::max<long>(1, static_cast<long>(absl::ToInt64Milliseconds(budget)));
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, budget_ms);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, std::min(budget_ms, 10000L));
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  if (!request.client_certificate_file.empty()) {
    curl_easy_setopt(easy, CURLOPT_SSLCERT, request.client_certificate_file.c_str());
    curl_easy_setopt(easy, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(easy, CURLOPT_SSLKEY, request.client_key_file.c_str());
    curl_easy_setopt(easy, CURLOPT_SSLKEYTYPE, "PEM");
  }
  if (!request.ca_bundle_file.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, request.ca_bundle_file.c_str());
  }
  if (!request.idempotent) {
    curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
    // As a new handle would: no TLS session resumed from an earlier request either (a server that
    // asks for client certificates may refuse resumption, as the sandbox's Cielo API Única does).
    curl_easy_setopt(easy, CURLOPT_SSL_SESSIONID_CACHE, 0L);
  }

  std::unique_ptr<curl_slist, HeaderListDeleter> headers;
  auto add_header = [&headers](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  for (const auto& [name, value] : request.headers) add_header(absl::StrCat(name, ": ", value));
  add_header("Expect:");  // no 100-continue round trip
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());

  if (request.method == "GET") {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &result.response.body);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &result.response.headers);

  const CURLcode code = curl_easy_perform(easy);
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    result.response.status = static_cast<int>(status);
    return result;
  }

  // Did any byte of the request leave? If not, the provider cannot have acted on it.
  long request_bytes = 0;
  curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_bytes);
  const bool never_connected = code == CURLE_COULDNT_RESOLVE_HOST ||
                               code == CURLE_COULDNT_RESOLVE_PROXY ||
                               code == CURLE_COULDNT_CONNECT || code == CURLE_URL_MALFORMAT ||
                               code == CURLE_UNSUPPORTED_PROTOCOL ||
                               // TLS refused before any HTTP byte could go out
                               code == CURLE_SSL_CERTPROBLEM || code == CURLE_SSL_CACERT_BADFILE ||
                               code == CURLE_PEER_FAILED_VERIFICATION ||
                               code == CURLE_SSL_CONNECT_ERROR;
  result.failure = never_connected || request_bytes == 0 ? Failure::kNotSent : Failure::kMaybeSent;
  result.response = Response{};
  result.detail = absl::StrCat(curl_easy_strerror(code), " (curl ", static_cast<int>(code), ")");
  return result;
}

}  // namespace cancela::providers::http
