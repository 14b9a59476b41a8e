#pragma once
// A local Cielo Checkout / Link de Pagamento "API de Controle Transacional", speaking its wire
// protocol over HTTP on loopback, on one port:
//   POST /api/public/v2/token                           Cielo OAUTH (Basic client credentials)
//   GET  /api/public/v2/orders/{n}                      order query (Bearer)
//   PUT  /api/public/v2/orders/{n}/void[?amount=]       total or partial void (Bearer)
//   GET  /api/public/v2/merchantOrderNumber/{m}         orders by the store's order number
//   /__sandbox/...                                      admin API (README.md)
// Tests drive it in-process through this class; the cancela_sandbox binary wraps it.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "providers/sandbox/cielo_checkout_book.h"
#include "providers/sandbox/fault_injector.h"
#include "providers/sandbox/http_server.h"
#include "providers/sandbox/ledger.h"
#include "providers/sandbox/reply_flood.h"
#include "providers/sandbox/sandbox_clock.h"

namespace cancela::sandbox {

class CieloCheckoutSimulator {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: ephemeral
    // The time the simulator starts from; AdvanceClock() adds to it. nullptr: the system clock.
    const Clock* clock = nullptr;
    CheckoutRules rules;
    bool seed_orders = true;  // the orders of cielo_checkout_seed.h (merchants always)
    bool log_requests = false;
  };

  explicit CieloCheckoutSimulator(Options options);
  ~CieloCheckoutSimulator();
  CieloCheckoutSimulator(const CieloCheckoutSimulator&) = delete;
  CieloCheckoutSimulator& operator=(const CieloCheckoutSimulator&) = delete;

  absl::Status Start();
  void Stop();

  int port() const { return server_.port(); }
  // "http://127.0.0.1:PORT": the adapter's base_url.
  std::string base_url() const;

  absl::StatusOr<CheckoutOrder> CreateOrder(const CheckoutOrderSpec& spec) {
    return book_.CreateOrder(spec);
  }
  std::optional<CheckoutOrder> GetOrder(const std::string& n) const { return book_.GetOrder(n); }
  std::vector<CheckoutOrder> Orders() const { return book_.Orders(); }
  void AddMerchant(CheckoutMerchant merchant) { book_.AddMerchant(std::move(merchant)); }
  void RevokeTokens() { book_.RevokeTokens(); }
  int64_t tokens_issued() const { return book_.tokens_issued(); }

  const Ledger& ledger() const { return ledger_; }
  std::vector<LedgerExecution> ExecutionsFor(const std::string& order_number) const {
    return ledger_.Executions(order_number);
  }
  std::vector<LedgerRejection> RejectionsFor(const std::string& order_number) const {
    return ledger_.Rejections(order_number);
  }

  // Faults on protocol requests; rule.payment_id is the order number ("" any, the token too).
  int64_t InjectFault(FaultRule rule);
  void ClearFaults() { faults_.Clear(); }
  std::vector<FaultRule> ArmedFaults() const { return faults_.Armed(); }

  absl::Time Now() const { return clock_.Now(); }
  const Clock& clock() const { return clock_; }
  absl::Duration ClockOffset() const { return clock_.Offset(); }
  void AdvanceClock(absl::Duration d) { clock_.Advance(d); }

  // Back to the start: clock offset 0, seed merchants and orders, no tokens, empty ledger, no faults.
  void Reset();


  // The test hook that writes a text into every protocol reply (reply_flood.h).
  ReplyFlood& flood() { return flood_; }

 private:
  HttpReply Handle(const HttpRequest& request);
  HttpReply HandleProtocol(const HttpRequest& request);
  void Seed();

  const Options options_;
  SandboxClock clock_;
  Ledger ledger_;
  FaultInjector faults_;
  ReplyFlood flood_;
  CieloCheckoutBook book_;
  HttpServer server_;
};

}  // namespace cancela::sandbox
