// cancela_sandbox: local simulators of the providers' wire protocols, for `make run`, the e2e
// tests and manual tries. No credentials, no network. Exits 0 on SIGTERM or SIGINT.

#include <pthread.h>
#include <signal.h>

#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "providers/sandbox/cielo_checkout_simulator.h"
#include "providers/sandbox/cielo_ecommerce_simulator.h"
#include "providers/sandbox/payu_simulator.h"
#include "providers/sandbox/zoop_simulator.h"
#include "providers/sandbox/cielo_unica_simulator.h"

ABSL_FLAG(std::string, host, "127.0.0.1", "Address every simulator listens on.");
ABSL_FLAG(int, cielo_ecommerce_port, 8101,
          "Cielo E-commerce transactional port (voids, and the /__sandbox/ admin API).");
ABSL_FLAG(int, cielo_ecommerce_query_port, 8102, "Cielo E-commerce query port.");
ABSL_FLAG(int, pix_settle_seconds, 60,
          "Seconds of sandbox clock after which a scheduled Pix refund completes.");
ABSL_FLAG(int, cielo_query_window_days, 0,
          "If above 0, queries of sales older than this answer 404, like Cielo's ~90-day window.");
ABSL_FLAG(int, payu_port, 8131,
          "PayU Latam port (Payments API, Queries API and the /__sandbox/ admin API).");
ABSL_FLAG(int, payu_review_seconds, 86400,
          "Seconds of sandbox clock after which PayU's review decides a refund.");
ABSL_FLAG(int, cielo_checkout_port, 8121,
          "Cielo Checkout / Link de Pagamento port (OAuth, orders, voids, /__sandbox/ admin).");
ABSL_FLAG(int, cielo_checkout_token_seconds, 1199,
          "Lifetime of a Cielo Checkout OAuth token, on the sandbox clock.");
ABSL_FLAG(int, cielo_checkout_query_window_days, 0,
          "If above 0, Checkout orders older than this answer 404, like Cielo's 45-day limit.");
ABSL_FLAG(int, zoop_port, 8141, "Zoop Marketplace API port (voids, queries, and its /__sandbox/ admin API).");
ABSL_FLAG(int, cielo_unica_port, 8111,
          "Cielo API Única port: OAuth token, cancellations, queries and letters (mutual TLS).");
ABSL_FLAG(int, cielo_unica_admin_port, 8112, "Cielo API Única /__sandbox/ admin port (plain HTTP).");
ABSL_FLAG(std::string, cielo_unica_tls_dir, "/tmp/cancela-sandbox-tls",
          "Folder with server.pem, server.key and ca.pem (scripts/make-tls-files.sh): the API Única "
          "listener speaks TLS and demands client certificates signed by ca.pem. Empty: plain HTTP.");
ABSL_FLAG(bool, log_requests, true, "Log one JSON line per request on stderr.");

namespace {
void IgnoreSignal(int) {}
}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // As in cancela_server: Debian's Abseil keeps Mutex deadlock detection on, a global lock graph
  // every request would pass through; the benchmark's floor measures this process.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // sigwait below is the only receiver.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A shell starts background jobs with SIGINT ignored, and an ignored signal is discarded even
  // while blocked: give both a handler so sigwait sees them.
  struct sigaction action = {};
  action.sa_handler = IgnoreSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  cancela::sandbox::CieloEcommerceSimulator::Options options;
  options.host = absl::GetFlag(FLAGS_host);
  options.transactional_port = absl::GetFlag(FLAGS_cielo_ecommerce_port);
  options.query_port = absl::GetFlag(FLAGS_cielo_ecommerce_query_port);
  options.rules.pix_settle_delay = absl::Seconds(absl::GetFlag(FLAGS_pix_settle_seconds));
  options.rules.query_window_days = absl::GetFlag(FLAGS_cielo_query_window_days);
  options.log_requests = absl::GetFlag(FLAGS_log_requests);
  cancela::sandbox::CieloEcommerceSimulator cielo_ecommerce(options);
  if (absl::Status started = cielo_ecommerce.Start(); !started.ok()) {
    cancela::log::Error("sandbox could not start", {{"error", started.ToString()}});
    return 1;
  }
  cancela::log::Info("sandbox serving",
                     {{"provider", "cielo_ecommerce"},
                      {"transactional_url", cielo_ecommerce.transactional_url()},
                      {"query_url", cielo_ecommerce.query_url()},
                      {"admin_url", cielo_ecommerce.transactional_url() + "/__sandbox/"}});

  cancela::sandbox::PayuSimulator::Options payu_options;
  payu_options.host = options.host;
  payu_options.port = absl::GetFlag(FLAGS_payu_port);
  payu_options.rules.review_delay = absl::Seconds(absl::GetFlag(FLAGS_payu_review_seconds));
  payu_options.log_requests = options.log_requests;
  cancela::sandbox::PayuSimulator payu(payu_options);
  if (absl::Status started = payu.Start(); !started.ok()) {
    cancela::log::Error("sandbox could not start", {{"provider", "payu"}, {"error", started.ToString()}});
    return 1;
  }
  cancela::log::Info("sandbox serving", {{"provider", "payu"},
                                         {"payments_url", payu.payments_url()},
                                         {"queries_url", payu.queries_url()},
                                         {"admin_url", payu.base_url() + "/__sandbox/"}});
  cancela::sandbox::CieloCheckoutSimulator::Options checkout_options;
  checkout_options.host = absl::GetFlag(FLAGS_host);
  checkout_options.port = absl::GetFlag(FLAGS_cielo_checkout_port);
  checkout_options.rules.token_lifetime = absl::Seconds(absl::GetFlag(FLAGS_cielo_checkout_token_seconds));
  checkout_options.rules.query_window_days = absl::GetFlag(FLAGS_cielo_checkout_query_window_days);
  checkout_options.log_requests = absl::GetFlag(FLAGS_log_requests);
  cancela::sandbox::CieloCheckoutSimulator cielo_checkout(checkout_options);
  if (absl::Status started = cielo_checkout.Start(); !started.ok()) {
    cancela::log::Error("sandbox could not start", {{"provider", "cielo_checkout"},
                                                    {"error", started.ToString()}});
    return 1;
  }
  cancela::log::Info("sandbox serving", {{"provider", "cielo_checkout"},
                                         {"base_url", cielo_checkout.base_url()},
                                         {"admin_url", cielo_checkout.base_url() + "/__sandbox/"}});
  cancela::sandbox::ZoopSimulator::Options zoop_options;
  zoop_options.host = absl::GetFlag(FLAGS_host);
  zoop_options.port = absl::GetFlag(FLAGS_zoop_port);
  zoop_options.log_requests = absl::GetFlag(FLAGS_log_requests);
  cancela::sandbox::ZoopSimulator zoop(zoop_options);
  if (absl::Status started = zoop.Start(); !started.ok()) {
    cancela::log::Error("sandbox could not start", {{"provider", "zoop"}, {"error", started.ToString()}});
    return 1;
  }
  cancela::log::Info("sandbox serving", {{"provider", "zoop"},
                                         {"base_url", zoop.base_url()},
                                         {"marketplace_id", zoop.marketplace_id()},
                                         {"admin_url", zoop.base_url() + "/__sandbox/"}});
  cancela::sandbox::CieloUnicaSimulator::Options unica_options;
  unica_options.host = absl::GetFlag(FLAGS_host);
  unica_options.port = absl::GetFlag(FLAGS_cielo_unica_port);
  unica_options.admin_port = absl::GetFlag(FLAGS_cielo_unica_admin_port);
  unica_options.log_requests = absl::GetFlag(FLAGS_log_requests);
  if (const std::string dir = absl::GetFlag(FLAGS_cielo_unica_tls_dir); !dir.empty()) {
    unica_options.tls = cancela::sandbox::TlsServerFiles{dir + "/server.pem", dir + "/server.key",
                                                         dir + "/ca.pem"};
  }
  cancela::sandbox::CieloUnicaSimulator cielo_unica(unica_options);
  if (absl::Status started = cielo_unica.Start(); !started.ok()) {
    cancela::log::Error("sandbox could not start", {{"error", started.ToString()}});
    cielo_ecommerce.Stop();
    return 1;
  }
  cancela::log::Info("sandbox serving", {{"provider", "cielo_unica"},
                                         {"base_url", cielo_unica.base_url()},
                                         {"token_url", cielo_unica.token_url()},
                                         {"admin_url", cielo_unica.admin_url() + "/__sandbox/"}});

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  cancela::log::Info("sandbox stopping", {{"signal", std::to_string(signal_number)}});
  payu.Stop();
  cielo_checkout.Stop();
  zoop.Stop();
  cielo_unica.Stop();
  cielo_ecommerce.Stop();
  return 0;
}
