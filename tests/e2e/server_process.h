#pragma once
// cancela_server as a separate process, started from a configuration file, killed with any
// signal and waited for. The test target defines CANCELA_SERVER_BINARY.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"

namespace cancela::testing {

class ServerProcess {
 public:
  // `log_path`: where the server's stdout and stderr go (inherited when empty).
  ServerProcess(std::string config_path, int port, std::string log_path = "")
      : config_(std::move(config_path)), port_(port), log_(std::move(log_path)) {}
  ~ServerProcess() { Kill(SIGKILL); WaitExit(); }

  void Start() {
    pid_ = fork();
    if (pid_ == 0) {
      if (!log_.empty()) {
        const int fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
          dup2(fd, 1);
          dup2(fd, 2);
        }
      }
      const std::string config_flag = "--config=" + config_;
      execl(CANCELA_SERVER_BINARY, "cancela_server", config_flag.c_str(), nullptr);
      _exit(127);
    }
  }
  // Waits until the server accepts connections.
  bool WaitReady() {
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_),
                                       grpc::InsecureChannelCredentials());
    for (int i = 0; i < 300; ++i) {
      if (channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::milliseconds(50))) {
        return true;
      }
    }
    return false;
  }
  void Kill(int signal) {
    if (pid_ > 0) kill(pid_, signal);
  }
  // The exit status after `signal` (or -1 when it did not exit in time).
  int WaitExit() {
    for (int i = 0; i < 1000 && pid_ > 0; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      absl::SleepFor(absl::Milliseconds(10));
    }
    return -1;
  }
  int port() const { return port_; }

 private:
  std::string config_;
  int port_;
  std::string log_;
  pid_t pid_ = -1;
};

}  // namespace cancela::testing
