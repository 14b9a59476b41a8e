#pragma once
// A small HTTP/1.1 server over POSIX sockets, enough to speak providers' REST protocols on
// loopback: keep-alive, Content-Length bodies, one thread per connection (bounded), and replies
// that can also reset or silently close the connection. Not for production traffic.

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "providers/sandbox/http_message.h"
#include "providers/sandbox/tls_server_context.h"

typedef struct ssl_st SSL;

namespace cancela::sandbox {

class HttpServer {
 public:
  // Called on the connection's thread, concurrently for different connections. It must return
  // promptly once Stop() has begun: Stop() waits for it.
  using Handler = std::function<HttpReply(const HttpRequest&)>;

  struct Options {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: an ephemeral port, see port()
    int max_connections = 512;  // beyond this, new connections get a 503 and are closed
    size_t max_head_bytes = 64 * 1024;
    size_t max_body_bytes = 1024 * 1024;
    // An idle keep-alive connection is closed after this. Longer than libcurl's 118 s reuse limit,
    // so a client never picks a connection the server is closing.
    absl::Duration idle_timeout = absl::Seconds(120);
    // Set: every connection speaks TLS (and must show a client certificate if the context asks).
    std::shared_ptr<TlsServerContext> tls;
  };

  HttpServer(Options options, Handler handler);
  ~HttpServer();  // Stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts accepting. Fails if the address cannot be bound.
  absl::Status Start();
  // Unblocks every connection (idle, reading, or waiting out a reply's delay), closes them and
  // joins all threads. Idempotent.
  void Stop();

  // The bound port (meaningful after a successful Start()).
  int port() const { return port_.load(); }

 private:
  struct Connection {
    int fd = -1;
    SSL* ssl = nullptr;  // set once a TLS handshake succeeded
    std::thread thread;
    std::atomic<bool> done{false};
  };

  void AcceptLoop();
  void Serve(Connection* connection);
  void ReapFinished() ABSL_LOCKS_EXCLUDED(mu_);
  size_t ActiveConnections() ABSL_LOCKS_EXCLUDED(mu_);

  // Waits until `fd` has `events` or the timeout passes. False on timeout, error or Stop().
  bool WaitFor(int fd, short events, absl::Duration timeout) const;
  // Appends what is readable to `buffer`. False on end of stream, error, timeout or Stop().
  bool ReadMore(const Connection& connection, std::string* buffer, absl::Duration timeout) const;
  // Writes all of `data`. False if the peer went away or Stop() began.
  bool WriteAll(const Connection& connection, const std::string& data) const;
  // Runs the TLS handshake on the connection. False if it failed (a refused client certificate).
  bool AcceptTls(Connection* connection) const;
  // Waits for what OpenSSL asked for after `ret`; false when it is an error, not a wait.
  bool WaitForTls(const Connection& connection, int ret, absl::Duration timeout) const;
  // Waits `delay` unless Stop() begins first; false if it did.
  bool SleepUnlessStopping(absl::Duration delay) const;

  const Options options_;
  const Handler handler_;
  std::atomic<int> port_{0};
  int listen_fd_ = -1;
  int wake_read_fd_ = -1;   // readable once Stop() begins: every poll includes it
  int wake_write_fd_ = -1;
  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;

  absl::Mutex mu_;
  std::list<std::unique_ptr<Connection>> connections_ ABSL_GUARDED_BY(mu_);
  absl::Mutex stop_mu_;  // serialises Stop()
};

}  // namespace cancela::sandbox
