#pragma once
// The simulated API Única's state and rules: cancellation requests are queued as "pending" and
// decided by a nightly batch (cut-off 18:30 Brasília, answers from 08:00 on D+1, or D+2 for
// requests made on the sale's own day), driven by the sandbox clock. Letters exist only for
// cancellations the batch carried out.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "providers/sandbox/cielo_unica_types.h"
#include "providers/sandbox/cielo_unica_wire.h"
#include "providers/sandbox/ledger.h"

namespace cancela::sandbox {

// GET /refunds?cancelStartDate&cancelEndDate&rows&page&merchantId&authorizationCode|nsu|saleAmount
struct UnicaListQuery {
  std::string merchant_id;
  absl::CivilDay from;
  absl::CivilDay to;
  std::string authorization_code;
  std::string nsu;
  std::optional<int64_t> sale_amount;
  int rows = 25;
  int page = 1;
};

// When the batch's answer for a request made at `requested` is out.
absl::Time UnicaFinalAt(absl::Time requested, absl::CivilDay sale_day);

class CieloUnicaBook {
 public:
  CieloUnicaBook(const Clock& clock, Ledger& ledger) : clock_(clock), ledger_(ledger) {}

  void AddClient(UnicaClient client) ABSL_LOCKS_EXCLUDED(mu_);
  std::optional<UnicaClient> FindClient(const std::string& id, const std::string& secret) const
      ABSL_LOCKS_EXCLUDED(mu_);
  void AddSale(UnicaSale sale) ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<UnicaSale> Sales() ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<UnicaCancellation> Cancellations() ABSL_LOCKS_EXCLUDED(mu_);

  // POST /refunds: one batch of the items, each pending or rejected at once.
  UnicaAnswer Submit(const UnicaClient& client, const std::vector<UnicaCancelItem>& items)
      ABSL_LOCKS_EXCLUDED(mu_);
  // GET /refunds/{refundID}/{merchantID}
  UnicaAnswer QueryBatch(const UnicaClient& client, int64_t refund_id, const std::string& ec)
      ABSL_LOCKS_EXCLUDED(mu_);
  // GET /refunds?… : a JSON array of batches holding the matching cancellations.
  UnicaAnswer List(const UnicaClient& client, const UnicaListQuery& query) ABSL_LOCKS_EXCLUDED(mu_);
  // POST /letter-api/pdf and /letter-api/zip.
  UnicaAnswer LetterPdf(const UnicaClient& client, const std::string& ec, int64_t control_id,
                        const std::string& language) ABSL_LOCKS_EXCLUDED(mu_);
  UnicaAnswer LetterZip(const UnicaClient& client, const std::string& ec,
                        const std::vector<int64_t>& control_ids, const std::string& language)
      ABSL_LOCKS_EXCLUDED(mu_);

  void Clear() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  // Runs every batch whose answer time has come.
  void SettleLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Decide(UnicaCancellation& c) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool ClientOwns(const UnicaClient& client, const std::string& ec) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The done cancellation's letter, or an error answer.
  std::optional<UnicaAnswer> LetterProblem(const UnicaClient& client, const std::string& ec,
                                           int64_t control_id, const std::string& language)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string LetterOf(const UnicaCancellation& c, const std::string& language) const;

  const Clock& clock_;
  Ledger& ledger_;
  mutable absl::Mutex mu_;
  std::vector<UnicaClient> clients_ ABSL_GUARDED_BY(mu_);
  std::vector<UnicaSale> sales_ ABSL_GUARDED_BY(mu_);
  std::vector<UnicaCancellation> cancellations_ ABSL_GUARDED_BY(mu_);  // by control id
  std::vector<UnicaBatch> batches_ ABSL_GUARDED_BY(mu_);
  int64_t next_refund_id_ ABSL_GUARDED_BY(mu_) = 140426;
  int64_t next_control_id_ ABSL_GUARDED_BY(mu_) = 26032304382552;
};

}  // namespace cancela::sandbox
