#pragma once
// A local PayU Latam, speaking its real wire protocol over HTTP on loopback, on one port:
//   POST /payments-api/4.0/service.cgi   SUBMIT_TRANSACTION (VOID, REFUND, PARTIAL_REFUND)
//   POST /reports-api/4.0/service.cgi    ORDER_DETAIL
//   /__sandbox/...                       the admin API (README.md)
// Refunds wait for a review the sandbox clock decides. Faults match an order id and the API:
// method "POST" = the Payments API, "GET" = the Queries API.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "providers/sandbox/fault_injector.h"
#include "providers/sandbox/http_server.h"
#include "providers/sandbox/ledger.h"
#include "providers/sandbox/reply_flood.h"
#include "providers/sandbox/payu_book.h"
#include "providers/sandbox/sandbox_clock.h"

namespace cancela::sandbox {

class PayuSimulator {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    int port = 0;                 // 0: ephemeral
    const Clock* clock = nullptr;  // nullptr: the system clock
    PayuRules rules;
    bool seed_sales = true;
    bool log_requests = false;
  };

  explicit PayuSimulator(Options options);
  ~PayuSimulator();
  PayuSimulator(const PayuSimulator&) = delete;
  PayuSimulator& operator=(const PayuSimulator&) = delete;

  absl::Status Start();
  void Stop();

  int port() const { return server_.port(); }
  std::string base_url() const;
  std::string payments_url() const { return base_url() + "/payments-api/4.0/service.cgi"; }
  std::string queries_url() const { return base_url() + "/reports-api/4.0/service.cgi"; }

  PayuBook& book() { return book_; }
  const Ledger& ledger() const { return ledger_; }
  std::vector<LedgerExecution> ExecutionsFor(const std::string& order_id) const {
    return ledger_.Executions(order_id);
  }
  std::vector<LedgerRejection> RejectionsFor(const std::string& order_id) const {
    return ledger_.Rejections(order_id);
  }
  int64_t InjectFault(FaultRule rule);
  void ClearFaults() { faults_.Clear(); }
  std::vector<FaultRule> ArmedFaults() const { return faults_.Armed(); }

  absl::Time Now() const { return clock_.Now(); }
  void AdvanceClock(absl::Duration d) { clock_.Advance(d); }
  absl::Duration ClockOffset() const { return clock_.Offset(); }

  // Clock offset 0, seed merchant and sales, empty ledger, no faults.
  void Reset();


  // The test hook that writes a text into every protocol reply (reply_flood.h).
  ReplyFlood& flood() { return flood_; }

 private:
  HttpReply Handle(const HttpRequest& request);
  HttpReply HandleProtocol(const HttpRequest& request, bool payments, const nlohmann::json& body);
  void Seed();

  const Options options_;
  SandboxClock clock_;
  Ledger ledger_;
  FaultInjector faults_;
  ReplyFlood flood_;
  PayuBook book_;
  HttpServer server_;
};

}  // namespace cancela::sandbox
