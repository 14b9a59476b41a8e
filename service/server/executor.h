#pragma once
// A fixed pool of worker threads. Handlers hand their work here so provider calls and store
// transactions never block gRPC's own threads.

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace cancela::server {

class Executor {
 public:
  explicit Executor(int threads);
  ~Executor();  // runs every task already queued, then joins
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  void Submit(std::function<void()> task);

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace cancela::server
