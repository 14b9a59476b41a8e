#pragma once
// A local Cielo E-commerce 3.0, speaking the real wire protocol over HTTP on loopback so the
// gateway's real adapter runs against it with no credentials and no network:
//   transactional listener: PUT /1/sales/{PaymentId}/void[?amount={cents}], plus /__sandbox/ admin
//   query listener:         GET /1/sales/{PaymentId}
// Tests drive it in-process through this class; the cancela_sandbox binary wraps it.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "providers/sandbox/cielo_ecommerce_book.h"
#include "providers/sandbox/cielo_ecommerce_types.h"
#include "providers/sandbox/fault_injector.h"
#include "providers/sandbox/http_server.h"
#include "providers/sandbox/ledger.h"
#include "providers/sandbox/reply_flood.h"
#include "providers/sandbox/sandbox_clock.h"

namespace cancela::sandbox {

class CieloEcommerceSimulator {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    int transactional_port = 0;  // 0: ephemeral
    int query_port = 0;          // 0: ephemeral
    // The time the simulator starts from; AdvanceClock() adds to it. nullptr: the system clock.
    // Tests pass a ManualClock so that windows and schedules move only when told.
    const Clock* clock = nullptr;
    CieloRules rules;
    bool seed_sales = true;     // the demo sales of cielo_ecommerce_seed.h (merchants always)
    bool log_requests = false;  // one JSON line per request on stderr
  };

  explicit CieloEcommerceSimulator(Options options);
  ~CieloEcommerceSimulator();  // Stop()s
  CieloEcommerceSimulator(const CieloEcommerceSimulator&) = delete;
  CieloEcommerceSimulator& operator=(const CieloEcommerceSimulator&) = delete;

  // Binds both listeners. Call once.
  absl::Status Start();
  // Cuts pending fault delays short and stops both listeners. Idempotent.
  void Stop();

  int transactional_port() const { return transactional_.port(); }
  int query_port() const { return query_.port(); }
  // "http://127.0.0.1:PORT": what an adapter takes as its transactional / query base URL.
  std::string transactional_url() const;
  std::string query_url() const;

  // Sales and merchants.
  absl::StatusOr<CieloSale> CreateSale(const CieloSaleSpec& spec);
  std::optional<CieloSale> GetSale(const std::string& payment_id);
  std::vector<CieloSale> Sales();
  void AddMerchant(CieloMerchant merchant);  // replaces one of the same name

  // What was executed and refused.
  const Ledger& ledger() const { return ledger_; }
  std::vector<LedgerExecution> Executions() const { return ledger_.Executions(); }
  std::vector<LedgerExecution> ExecutionsFor(const std::string& payment_id) const {
    return ledger_.Executions(payment_id);
  }
  std::vector<LedgerRejection> Rejections() const { return ledger_.Rejections(); }
  std::vector<LedgerRejection> RejectionsFor(const std::string& payment_id) const {
    return ledger_.Rejections(payment_id);
  }

  // Faults on protocol requests (never on /__sandbox/). Returns the rule's id.
  int64_t InjectFault(FaultRule rule);
  // Disarms every rule; requests waiting out a latency rule are handled now.
  void ClearFaults() { faults_.Clear(); }
  std::vector<FaultRule> ArmedFaults() const { return faults_.Armed(); }
  FaultInjector& faults() { return faults_; }

  // The sandbox clock: the base clock plus what AdvanceClock() added.
  absl::Time Now() const { return clock_.Now(); }
  // For code that must see the sandbox's time, offsets included (an in-process gateway, say).
  const Clock& clock() const { return clock_; }
  absl::Duration ClockOffset() const { return clock_.Offset(); }
  void AdvanceClock(absl::Duration d) { clock_.Advance(d); }

  // Back to the start: clock offset 0, seed merchants and sales (relative to now), empty ledger,
  // no faults.
  void Reset();


  // The test hook that writes a text into every protocol reply (reply_flood.h).
  ReplyFlood& flood() { return flood_; }

 private:
  enum class Listener { kTransactional, kQuery };

  HttpReply Handle(Listener listener, const HttpRequest& request);
  HttpReply HandleProtocol(Listener listener, const HttpRequest& request,
                           const std::string& payment_id);
  void Seed();
  CieloEndpoints Endpoints() const;

  const Options options_;
  SandboxClock clock_;
  Ledger ledger_;
  FaultInjector faults_;
  ReplyFlood flood_;
  CieloEcommerceBook book_;
  HttpServer transactional_;
  HttpServer query_;
};

}  // namespace cancela::sandbox
