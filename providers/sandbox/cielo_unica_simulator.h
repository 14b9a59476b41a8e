#pragma once
// A local Cielo API Única de Cancelamento, speaking its wire protocol on loopback so the real
// adapter runs against it (providers.md §1):
//   protocol listener (TLS with client certificates when configured):
//     POST /auth/realms/MulesoftHML/protocol/openid-connect/token   (form body client credentials)
//     POST /refunds-api/v1/refunds                                   (queues cancellations)
//     GET  /refunds-api/v1/refunds/{refundID}/{merchantID}           (batch query)
//     GET  /refunds-api/v1/refunds?cancelStartDate&cancelEndDate&…  (7-day list query)
//     POST /refunds-api/v1/letter-api/pdf | /letter-api/zip          (letters of done ones)
//   admin listener (plain HTTP): /__sandbox/ledger, faults, clock, cancellations, reset
// Tokens expire on the sandbox clock, and so does the nightly batch run.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "providers/sandbox/cielo_unica_book.h"
#include "providers/sandbox/fault_injector.h"
#include "providers/sandbox/http_server.h"
#include "providers/sandbox/ledger.h"
#include "providers/sandbox/reply_flood.h"
#include "providers/sandbox/sandbox_clock.h"
#include "providers/sandbox/tls_server_context.h"

namespace cancela::sandbox {

class CieloUnicaSimulator {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    int port = 0;        // protocol listener; 0: ephemeral
    int admin_port = 0;  // admin listener; 0: ephemeral
    const Clock* clock = nullptr;  // nullptr: the system clock
    // Set: the protocol listener speaks TLS and demands a client certificate signed by
    // tls.client_ca_file (Cielo's mandatory mTLS). Unset: plain HTTP.
    std::optional<TlsServerFiles> tls;
    absl::Duration token_lifetime = absl::Minutes(5);  // Cielo: "renewed every 5 minutes"
    bool seed_sales = true;
    bool log_requests = false;
  };

  static constexpr char kTokenPath[] = "/auth/realms/MulesoftHML/protocol/openid-connect/token";
  static constexpr char kBasePath[] = "/refunds-api/v1";

  explicit CieloUnicaSimulator(Options options);
  ~CieloUnicaSimulator();
  CieloUnicaSimulator(const CieloUnicaSimulator&) = delete;
  CieloUnicaSimulator& operator=(const CieloUnicaSimulator&) = delete;

  absl::Status Start();
  void Stop();

  // "https://127.0.0.1:PORT/refunds-api/v1" (http:// without TLS): the adapter's base_url.
  std::string base_url() const;
  std::string token_url() const;
  std::string admin_url() const;  // "http://127.0.0.1:PORT"

  CieloUnicaBook& book() { return book_; }
  const Ledger& ledger() const { return ledger_; }
  // Faults on protocol requests; FaultRule::payment_id matches the authorization code of the
  // (first) cancellation a request names, "" any.
  int64_t InjectFault(FaultRule rule) { return faults_.Add(std::move(rule)); }
  // Tokens issued so far, for tests of the token lifecycle.
  int64_t tokens_issued() const ABSL_LOCKS_EXCLUDED(mu_);
  // Protocol requests received on `path` (e.g. kBasePath + "/letter-api/zip"), any outcome.
  int64_t RequestsTo(const std::string& path) const ABSL_LOCKS_EXCLUDED(mu_);

  absl::Time Now() const { return clock_.Now(); }
  const Clock& clock() const { return clock_; }
  void AdvanceClock(absl::Duration d) { clock_.Advance(d); }
  // Clock offset 0, seed data again, empty ledger, no faults, no tokens.
  void Reset() ABSL_LOCKS_EXCLUDED(mu_);


  // The test hook that writes a text into every protocol reply (reply_flood.h).
  ReplyFlood& flood() { return flood_; }

 private:
  HttpReply Handle(const HttpRequest& request);
  HttpReply HandleProtocol(const HttpRequest& request);
  HttpReply HandleToken(const HttpRequest& request) ABSL_LOCKS_EXCLUDED(mu_);
  HttpReply HandleAdmin(const HttpRequest& request);
  std::optional<UnicaClient> Authorized(const HttpRequest& request) ABSL_LOCKS_EXCLUDED(mu_);
  void Seed();

  const Options options_;
  SandboxClock clock_;
  Ledger ledger_;
  FaultInjector faults_;
  ReplyFlood flood_;
  CieloUnicaBook book_;
  std::shared_ptr<TlsServerContext> tls_;
  absl::Status tls_status_;

  mutable absl::Mutex mu_;
  struct Token {
    UnicaClient client;
    absl::Time expires_at;
  };
  std::map<std::string, Token> tokens_ ABSL_GUARDED_BY(mu_);
  int64_t tokens_issued_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::string, int64_t> requests_by_path_ ABSL_GUARDED_BY(mu_);

  std::unique_ptr<HttpServer> protocol_;
  std::unique_ptr<HttpServer> admin_;
};

}  // namespace cancela::sandbox
