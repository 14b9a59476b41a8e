// cancela_server: the gRPC refund gateway. Wiring only; everything testable lives in libraries.

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "common/log.h"
#include "common/scrub.h"
#include "providers/http/curl_global.h"
#include "service/server/config.h"
#include "service/server/server.h"

ABSL_FLAG(std::string, config, "config/sandbox.json", "Path of the JSON configuration file.");
ABSL_FLAG(std::string, listen, "", "Overrides `listen` from the configuration (host:port).");
ABSL_FLAG(std::string, sqlite_path, "", "Overrides `store.sqlite_path` from the configuration.");

namespace {

// Start-up failures go straight to stderr, scrubbed as log lines are (a connection error may
// quote the DSN, a parse error the text around it).
int Fail(const absl::Status& status) {
  std::cerr << cancela::ScrubbedMessage(status) << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("cancela gRPC refund gateway. Usage: cancela_server --config=FILE");
  absl::ParseCommandLine(argc, argv);
  // Debian builds Abseil without NDEBUG, which leaves Mutex deadlock detection on: every lock
  // taken while another is held updates a global lock graph under one global lock (about 2% of
  // a refund's instructions, and a point every thread meets). The tests keep it on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // Signals are taken by one thread with sigwait; block them before any other thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  cancela::providers::http::CurlGlobal curl;  // curl_global_init before any thread

  auto config = cancela::server::LoadConfigFile(absl::GetFlag(FLAGS_config));
  if (!config.ok()) return Fail(config.status());
  if (!absl::GetFlag(FLAGS_listen).empty()) config->listen = absl::GetFlag(FLAGS_listen);
  if (!absl::GetFlag(FLAGS_sqlite_path).empty()) {
    config->sqlite_path = absl::GetFlag(FLAGS_sqlite_path);
  }
  if (config->log_level == "debug") cancela::log::SetMinimumLevel(cancela::log::Level::kDebug);
  if (config->log_level == "warn") cancela::log::SetMinimumLevel(cancela::log::Level::kWarn);
  if (config->log_level == "error") cancela::log::SetMinimumLevel(cancela::log::Level::kError);

  auto server = cancela::server::CancelaServer::Create(*config, cancela::SystemClock::Get());
  if (!server.ok()) return Fail(server.status());
  if (absl::Status started = (*server)->Start(); !started.ok()) return Fail(started);

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  cancela::log::Info("signal received", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*server)->Shutdown(config->shutdown_grace);
  cancela::log::Info("stopped");
  return 0;
}
