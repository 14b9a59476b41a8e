#include "tests/support/commit_cutting_proxy.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string_view>

namespace cancela::testing {
namespace {

int ConnectLoopback(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

CommitCuttingProxy::CommitCuttingProxy(int target_port) : target_port_(target_port) {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t length = sizeof(addr);
  bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  listen(listener_, 64);
  getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &length);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

CommitCuttingProxy::~CommitCuttingProxy() {
  stopping_ = true;
  shutdown(listener_, SHUT_RDWR);
  acceptor_.join();
  close(listener_);
  std::vector<std::thread> workers;
  {
    absl::MutexLock lock(&mu_);
    for (int fd : sockets_) shutdown(fd, SHUT_RDWR);
    workers.swap(workers_);
  }
  for (auto& t : workers) t.join();
  absl::MutexLock lock(&mu_);
  for (int fd : sockets_) close(fd);
}

void CommitCuttingProxy::AcceptLoop() {
  while (!stopping_) {
    const int client = accept(listener_, nullptr, nullptr);
    if (client < 0) return;
    absl::MutexLock lock(&mu_);
    workers_.emplace_back([this, client] { Serve(client); });
  }
}

void CommitCuttingProxy::Serve(int client) {
  const int server = ConnectLoopback(target_port_);
  {
    absl::MutexLock lock(&mu_);
    sockets_.push_back(client);
    if (server >= 0) sockets_.push_back(server);
  }
  if (server < 0) {
    shutdown(client, SHUT_RDWR);
    return;
  }
  std::atomic<bool> dropping{false};
  // Server → client: once a cut COMMIT is on its way, its answer is swallowed and the client's
  // connection closed.
  std::thread replies([&] {
    char buffer[16384];
    for (;;) {
      const ssize_t n = recv(server, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      if (dropping) break;
      if (!SendAll(client, buffer, static_cast<size_t>(n))) break;
    }
    shutdown(client, SHUT_RDWR);
    shutdown(server, SHUT_RDWR);
  });
  char buffer[16384];
  for (;;) {
    const ssize_t n = recv(client, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    // A simple-query COMMIT: 'Q', length, "COMMIT\0".
    const std::string_view chunk(buffer, static_cast<size_t>(n));
    if (armed_ && chunk.find(std::string_view("COMMIT\0", 7)) != std::string_view::npos) {
      bool expected = true;
      if (armed_.compare_exchange_strong(expected, false)) {
        dropping = true;
        ++cuts_;
      }
    }
    if (!SendAll(server, buffer, static_cast<size_t>(n))) break;
  }
  shutdown(server, SHUT_RDWR);
  replies.join();
}

}  // namespace cancela::testing
