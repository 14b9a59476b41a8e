#include "providers/sandbox/http_server.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "providers/sandbox/http_parsing.h"

namespace cancela::sandbox {
namespace {

// OpenSSL writes to the socket without MSG_NOSIGNAL, so answering a client that gave up (a
// timeout) or a close_notify to it raises SIGPIPE, which would kill the whole process hosting the
// simulator. Blocked on the server's own threads, the write just fails with EPIPE; a signal left
// pending for the thread goes away with it.
void BlockSigpipeOnThisThread() {
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
}

constexpr char kHeadEnd[] = "\r\n\r\n";

int PollMillis(absl::Duration timeout) {
  if (timeout == absl::InfiniteDuration()) return -1;
  if (timeout <= absl::ZeroDuration()) return 0;
  const int64_t ms = absl::ToInt64Milliseconds(absl::Ceil(timeout, absl::Milliseconds(1)));
  return ms > 1000 * 60 * 60 ? 1000 * 60 * 60 : static_cast<int>(ms);
}

std::string Serialize(const HttpReply& reply, bool keep_alive) {
  std::string out = absl::StrCat("HTTP/1.1 ", reply.status, " ", HttpReasonPhrase(reply.status),
                                 "\r\n");
  for (const auto& [name, value] : reply.headers) {
    const std::string lower = absl::AsciiStrToLower(name);
    if (lower == "content-length" || lower == "connection") continue;
    absl::StrAppend(&out, name, ": ", value, "\r\n");
  }
  absl::StrAppend(&out, "Content-Length: ", reply.body.size(), "\r\n");
  absl::StrAppend(&out, "Connection: ", keep_alive ? "keep-alive" : "close", "\r\n\r\n");
  out.append(reply.body);
  return out;
}

HttpReply PlainError(int status) {
  HttpReply reply;
  reply.status = status;
  reply.headers["Content-Type"] = "text/plain; charset=utf-8";
  reply.body = absl::StrCat(status, " ", HttpReasonPhrase(status), "\n");
  return reply;
}

bool HeaderHasToken(const HttpRequest& request, const char* name, const char* token) {
  auto it = request.headers.find(name);
  if (it == request.headers.end()) return false;
  return absl::StrContains(absl::AsciiStrToLower(it->second), token);
}

// Closes with SO_LINGER 0 so the kernel sends a RST instead of a FIN.
void ResetAndClose(int fd) {
  struct linger lin;
  lin.l_onoff = 1;
  lin.l_linger = 0;
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
  close(fd);
}

}  // namespace

HttpServer::HttpServer(Options options, Handler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {}

HttpServer::~HttpServer() { Stop(); }

absl::Status HttpServer::Start() {
  if (started_.exchange(true)) return absl::FailedPreconditionError("HttpServer already started");

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe2: ", std::strerror(errno)));
  }
  wake_read_fd_ = pipe_fds[0];
  wake_write_fd_ = pipe_fds[1];

  struct addrinfo hints;
  std::memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  struct addrinfo* addresses = nullptr;
  const std::string port_text = std::to_string(options_.port);
  const int gai = getaddrinfo(options_.host.c_str(), port_text.c_str(), &hints, &addresses);
  if (gai != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot resolve ", options_.host, ": ", gai_strerror(gai)));
  }
  std::string last_error = "no address";
  for (struct addrinfo* a = addresses; a != nullptr; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 128) != 0) {
      last_error = std::strerror(errno);
      close(fd);
      continue;
    }
    listen_fd_ = fd;
    break;
  }
  freeaddrinfo(addresses);
  if (listen_fd_ < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.host, ":", options_.port, ": ", last_error));
  }

  struct sockaddr_storage bound;
  socklen_t bound_len = sizeof(bound);
  if (getsockname(listen_fd_, reinterpret_cast<struct sockaddr*>(&bound), &bound_len) == 0) {
    if (bound.ss_family == AF_INET) {
      port_ = ntohs(reinterpret_cast<struct sockaddr_in*>(&bound)->sin_port);
    } else if (bound.ss_family == AF_INET6) {
      port_ = ntohs(reinterpret_cast<struct sockaddr_in6*>(&bound)->sin6_port);
    }
  }
  accept_thread_ = std::thread([this] {
    BlockSigpipeOnThisThread();
    AcceptLoop();
  });
  return absl::OkStatus();
}

void HttpServer::Stop() {
  absl::MutexLock stop_lock(&stop_mu_);
  if (!started_.load() || stopping_.exchange(true)) return;
  // Never read: the pipe stays readable, so every present and future poll wakes up.
  if (wake_write_fd_ >= 0) {
    const char byte = 'x';
    (void)!write(wake_write_fd_, &byte, 1);
  }
  if (accept_thread_.joinable()) accept_thread_.join();
  std::list<std::unique_ptr<Connection>> connections;
  {
    absl::MutexLock lock(&mu_);
    connections.swap(connections_);
  }
  for (auto& connection : connections) connection->thread.join();
  if (listen_fd_ >= 0) close(listen_fd_);
  if (wake_read_fd_ >= 0) close(wake_read_fd_);
  if (wake_write_fd_ >= 0) close(wake_write_fd_);
  listen_fd_ = wake_read_fd_ = wake_write_fd_ = -1;
}

void HttpServer::AcceptLoop() {
  while (!stopping_.load()) {
    if (!WaitFor(listen_fd_, POLLIN, absl::InfiniteDuration())) {
      if (stopping_.load()) return;
      continue;
    }
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      // Out of descriptors and the like: back off a little instead of spinning.
      if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) {
        SleepUnlessStopping(absl::Milliseconds(10));
      }
      continue;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    ReapFinished();
    if (ActiveConnections() >= static_cast<size_t>(options_.max_connections)) {
      Connection refused;
      refused.fd = fd;
      if (!options_.tls) (void)WriteAll(refused, Serialize(PlainError(503), /*keep_alive=*/false));
      close(fd);
      continue;
    }
    auto connection = std::make_unique<Connection>();
    connection->fd = fd;
    Connection* raw = connection.get();
    absl::MutexLock lock(&mu_);
    connections_.push_back(std::move(connection));
    raw->thread = std::thread([this, raw] {
      BlockSigpipeOnThisThread();
      Serve(raw);
    });
  }
}

void HttpServer::ReapFinished() {
  std::list<std::unique_ptr<Connection>> finished;
  {
    absl::MutexLock lock(&mu_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      if ((*it)->done.load()) {
        finished.push_back(std::move(*it));
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& connection : finished) connection->thread.join();
}

size_t HttpServer::ActiveConnections() {
  absl::MutexLock lock(&mu_);
  return connections_.size();
}

bool HttpServer::WaitFor(int fd, short events, absl::Duration timeout) const {
  const absl::Time deadline =
      timeout == absl::InfiniteDuration() ? absl::InfiniteFuture() : absl::Now() + timeout;
  while (true) {
    struct pollfd fds[2];
    fds[0].fd = fd;
    fds[0].events = events;
    fds[0].revents = 0;
    fds[1].fd = wake_read_fd_;
    fds[1].events = POLLIN;
    fds[1].revents = 0;
    const absl::Duration left =
        deadline == absl::InfiniteFuture() ? absl::InfiniteDuration() : deadline - absl::Now();
    const int n = poll(fds, 2, PollMillis(left));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (fds[1].revents != 0 || stopping_.load()) return false;
    if (n == 0) return false;  // timed out
    return fds[0].revents != 0;
  }
}

bool HttpServer::WaitForTls(const Connection& connection, int ret, absl::Duration timeout) const {
  switch (SSL_get_error(connection.ssl, ret)) {
    case SSL_ERROR_WANT_READ: return WaitFor(connection.fd, POLLIN, timeout);
    case SSL_ERROR_WANT_WRITE: return WaitFor(connection.fd, POLLOUT, timeout);
    default: return false;
  }
}

bool HttpServer::AcceptTls(Connection* connection) const {
  SSL* ssl = SSL_new(options_.tls->get());
  if (ssl == nullptr) return false;
  const int flags = fcntl(connection->fd, F_GETFL, 0);
  fcntl(connection->fd, F_SETFL, flags | O_NONBLOCK);
  SSL_set_fd(ssl, connection->fd);
  connection->ssl = ssl;
  while (true) {
    const int ret = SSL_accept(ssl);
    if (ret == 1) return true;
    if (!WaitForTls(*connection, ret, options_.idle_timeout)) break;
  }
  SSL_free(ssl);
  connection->ssl = nullptr;
  return false;
}

bool HttpServer::ReadMore(const Connection& connection, std::string* buffer,
                          absl::Duration timeout) const {
  const int fd = connection.fd;
  if (connection.ssl != nullptr) {
    while (!stopping_.load()) {
      char chunk[16 * 1024];
      const int n = SSL_read(connection.ssl, chunk, sizeof(chunk));
      if (n > 0) {
        buffer->append(chunk, static_cast<size_t>(n));
        return true;
      }
      if (!WaitForTls(connection, n, timeout)) return false;
    }
    return false;
  }
  while (true) {
    if (!WaitFor(fd, POLLIN, timeout)) return false;
    char chunk[16 * 1024];
    const ssize_t n = recv(fd, chunk, sizeof(chunk), MSG_DONTWAIT);
    if (n > 0) {
      buffer->append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n == 0) return false;  // the peer closed
    if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
    return false;
  }
}

bool HttpServer::WriteAll(const Connection& connection, const std::string& data) const {
  const int fd = connection.fd;
  if (connection.ssl != nullptr) {
    size_t done = 0;
    while (done < data.size()) {
      const int n = SSL_write(connection.ssl, data.data() + done,
                              static_cast<int>(data.size() - done));
      if (n > 0) {
        done += static_cast<size_t>(n);
        continue;
      }
      if (!WaitForTls(connection, n, options_.idle_timeout)) return false;
    }
    return true;
  }
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EINTR)) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!WaitFor(fd, POLLOUT, options_.idle_timeout)) return false;
      continue;
    }
    return false;
  }
  return true;
}

bool HttpServer::SleepUnlessStopping(absl::Duration delay) const {
  if (delay <= absl::ZeroDuration()) return !stopping_.load();
  struct pollfd fds[1];
  const absl::Time deadline = absl::Now() + delay;
  while (!stopping_.load()) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return true;
    fds[0].fd = wake_read_fd_;
    fds[0].events = POLLIN;
    fds[0].revents = 0;
    const int n = poll(fds, 1, PollMillis(left));
    if (n > 0) return false;
  }
  return false;
}

void HttpServer::Serve(Connection* connection) {
  const int fd = connection->fd;
  const Connection& io = *connection;
  std::string buffer;
  bool reset = false;
  const bool handshake_ok = !options_.tls || AcceptTls(connection);
  while (handshake_ok && !stopping_.load()) {
    // The head.
    size_t head_end;
    bool have_head = true;
    while ((head_end = buffer.find(kHeadEnd)) == std::string::npos) {
      if (buffer.size() > options_.max_head_bytes) {
        (void)WriteAll(io, Serialize(PlainError(431), false));
        have_head = false;
        break;
      }
      if (!ReadMore(io, &buffer, options_.idle_timeout)) {
        have_head = false;
        break;
      }
    }
    if (!have_head) break;
    absl::StatusOr<ParsedHead> head =
        ParseRequestHead(std::string_view(buffer.data(), head_end));
    if (!head.ok()) {
      (void)WriteAll(io, Serialize(PlainError(400), false));
      break;
    }
    HttpRequest& request = head->request;

    // The body: Content-Length only.
    if (request.headers.count("transfer-encoding") != 0) {
      (void)WriteAll(io, Serialize(PlainError(501), false));
      break;
    }
    size_t body_length = 0;
    if (auto it = request.headers.find("content-length"); it != request.headers.end()) {
      uint64_t parsed = 0;
      if (it->second.empty() ||
          it->second.find_first_not_of("0123456789") != std::string::npos ||
          !absl::SimpleAtoi(it->second, &parsed)) {
        (void)WriteAll(io, Serialize(PlainError(400), false));
        break;
      }
      if (parsed > options_.max_body_bytes) {
        (void)WriteAll(io, Serialize(PlainError(413), false));
        break;
      }
      body_length = static_cast<size_t>(parsed);
    }
    const size_t body_start = head_end + std::strlen(kHeadEnd);
    if (body_length > 0 && buffer.size() < body_start + body_length &&
        HeaderHasToken(request, "expect", "100-continue")) {
      if (!WriteAll(io, "HTTP/1.1 100 Continue\r\n\r\n")) break;
    }
    bool have_body = true;
    while (buffer.size() < body_start + body_length) {
      if (!ReadMore(io, &buffer, options_.idle_timeout)) {
        have_body = false;
        break;
      }
    }
    if (!have_body) break;
    request.body = buffer.substr(body_start, body_length);
    buffer.erase(0, body_start + body_length);

    const bool keep_alive = head->minor_version >= 1
                                ? !HeaderHasToken(request, "connection", "close")
                                : HeaderHasToken(request, "connection", "keep-alive");
    HttpReply reply = handler_(request);
    if (!SleepUnlessStopping(reply.delay)) break;
    if (reply.action == ReplyAction::kResetBeforeResponse) {
      reset = true;
      break;
    }
    if (reply.action == ReplyAction::kCloseWithoutResponse) break;
    if (!WriteAll(io, Serialize(reply, keep_alive)) || !keep_alive) break;
  }
  if (connection->ssl != nullptr) {
    if (!reset) SSL_shutdown(connection->ssl);  // one close_notify, not waiting for the peer's
    SSL_free(connection->ssl);
    connection->ssl = nullptr;
  }
  if (reset) {
    ResetAndClose(fd);
  } else {
    close(fd);
  }
  connection->done.store(true);
}

}  // namespace cancela::sandbox
