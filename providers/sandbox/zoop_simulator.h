#pragma once
// A local Zoop Marketplace API, speaking the real wire protocol over HTTP on loopback so the
// gateway's real adapter runs against it with no credentials and no network. One listener:
//   POST /v1/marketplaces/{mkp}/transactions/{id}/void      {"amount": cents, "on_behalf_of"}
//   GET  /v1/marketplaces/{mkp}/transactions/{id}[/receivables]
//   /__sandbox/…                                            the admin API (README.md)
// (/v2/… is answered the same way: some SDKs call it.) Tests drive it in-process through this
// class; the cancela_sandbox binary wraps it.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "providers/sandbox/fault_injector.h"
#include "providers/sandbox/http_server.h"
#include "providers/sandbox/ledger.h"
#include "providers/sandbox/reply_flood.h"
#include "providers/sandbox/sandbox_clock.h"
#include "providers/sandbox/zoop_book.h"
#include "providers/sandbox/zoop_types.h"

namespace cancela::sandbox {

class ZoopSimulator {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    int port = 0;                 // 0: ephemeral
    const Clock* clock = nullptr;  // nullptr: the system clock
    bool seed_transactions = true;  // the demo transactions of zoop_seed.h (sellers always)
    bool log_requests = false;      // one JSON line per request on stderr
    std::string api_key;            // the marketplace's key; empty: zoop_seed::kApiKey
  };

  explicit ZoopSimulator(Options options);
  ~ZoopSimulator();  // Stop()s
  ZoopSimulator(const ZoopSimulator&) = delete;
  ZoopSimulator& operator=(const ZoopSimulator&) = delete;

  absl::Status Start();
  void Stop();  // idempotent

  int port() const { return server_.port(); }
  // "http://127.0.0.1:PORT": the adapter's base_url (the version goes in the path).
  std::string base_url() const;
  const std::string& marketplace_id() const { return book_.marketplace_id(); }

  absl::StatusOr<ZoopTransaction> CreateTransaction(const ZoopTransactionSpec& spec) {
    return book_.CreateTransaction(spec);
  }
  std::optional<ZoopTransaction> GetTransaction(const std::string& id) const {
    return book_.GetTransaction(id);
  }
  std::vector<ZoopTransaction> Transactions() const { return book_.Transactions(); }
  // Webhook bodies Zoop would have posted (the sandbox posts none; tests and receivers read them).
  std::vector<std::string> Events() const { return book_.Events(); }

  const Ledger& ledger() const { return ledger_; }
  std::vector<LedgerExecution> ExecutionsFor(const std::string& id) const {
    return ledger_.Executions(id);
  }
  std::vector<LedgerRejection> RejectionsFor(const std::string& id) const {
    return ledger_.Rejections(id);
  }

  // Faults on protocol requests (never on /__sandbox/); rule.payment_id is a transaction id.
  int64_t InjectFault(FaultRule rule);
  void ClearFaults() { faults_.Clear(); }
  std::vector<FaultRule> ArmedFaults() const { return faults_.Armed(); }
  FaultInjector& faults() { return faults_; }

  absl::Time Now() const { return clock_.Now(); }
  const Clock& clock() const { return clock_; }
  SandboxClock& sandbox_clock() { return clock_; }
  void AdvanceClock(absl::Duration d) { clock_.Advance(d); }

  // Back to the seed: clock offset 0, transactions re-created, empty ledger, no faults.
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
  ZoopBook book_;
  HttpServer server_;
};

}  // namespace cancela::sandbox
