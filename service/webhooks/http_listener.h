#pragma once
// A small HTTP/1.1 listener for what providers push to cancela (webhooks), over GNU
// libmicrohttpd. It only moves bytes: requests in, replies out; what they mean is the
// receiver's business (webhook_receiver.h).

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

struct MHD_Daemon;

namespace cancela::webhooks {

struct HttpCall {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

struct HttpAnswer {
  int status = 200;
  std::string body;  // text/plain
};

class HttpListener {
 public:
  // Runs on the listener's threads, concurrently; it must not block for long.
  using Handler = std::function<HttpAnswer(const HttpCall&)>;

  struct Options {
    size_t max_body_bytes = 64 * 1024;  // larger bodies are answered 413 unread
    unsigned threads = 2;
    unsigned connection_timeout_s = 10;
  };

  // Listens on "host:port" (port 0: an ephemeral one).
  static absl::StatusOr<std::unique_ptr<HttpListener>> Start(const std::string& listen,
                                                             Options options, Handler handler);
  ~HttpListener();  // stops: waits for the handlers running now
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  int port() const { return port_; }

 private:
  HttpListener(Options options, Handler handler)
      : options_(options), handler_(std::move(handler)) {}

  const Options options_;
  const Handler handler_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;

  friend struct HttpListenerCallbacks;
};

}  // namespace cancela::webhooks
