#pragma once
// A loopback TCP proxy in front of PostgreSQL that, when armed, lets the next COMMIT through to
// the server and then cuts the client's connection as soon as the server's answer arrives,
// without passing it on: the transaction is committed, and the client never hears so. This is
// the "COMMIT whose answer was lost" case the store must never report as success.

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace cancela::testing {

class CommitCuttingProxy {
 public:
  // Listens on an ephemeral loopback port, forwarding to 127.0.0.1:`target_port`.
  explicit CommitCuttingProxy(int target_port);
  ~CommitCuttingProxy();

  int port() const { return port_; }
  // The next COMMIT seen on any connection is executed but its answer is dropped.
  void ArmCut() { armed_ = true; }
  // Whether a cut happened since construction.
  bool cut() const { return cuts_ > 0; }

 private:
  void AcceptLoop();
  void Serve(int client);

  int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> armed_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<int> cuts_{0};
  std::thread acceptor_;
  absl::Mutex mu_;
  std::vector<std::thread> workers_ ABSL_GUARDED_BY(mu_);
  std::vector<int> sockets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cancela::testing
