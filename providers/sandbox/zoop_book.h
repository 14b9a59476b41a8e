#pragma once
// The Zoop business rules, apart from HTTP: the marketplace, its sellers, their transactions and
// what a void does to one (seed zoop-cancelamento, providers.md §5.3–5.5). Every void that
// reaches these rules lands in the ledger, as an execution or as a rejection.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "providers/sandbox/http_message.h"
#include "providers/sandbox/ledger.h"
#include "providers/sandbox/zoop_types.h"

namespace cancela::sandbox {

class ZoopBook {
 public:
  ZoopBook(const Clock& clock, Ledger& ledger, std::string marketplace_id, std::string api_key);

  const std::string& marketplace_id() const { return marketplace_id_; }
  // True for "Basic base64(api_key:)" — the key as the user, an empty password.
  bool Authenticate(const std::string& authorization_header) const;

  void AddSeller(ZoopSeller seller) ABSL_LOCKS_EXCLUDED(mu_);
  // InvalidArgument for an impossible transaction, NotFound for an unknown seller,
  // AlreadyExists for a taken id.
  absl::StatusOr<ZoopTransaction> CreateTransaction(const ZoopTransactionSpec& spec)
      ABSL_LOCKS_EXCLUDED(mu_);
  std::optional<ZoopTransaction> GetTransaction(const std::string& id) const ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<ZoopTransaction> Transactions() const ABSL_LOCKS_EXCLUDED(mu_);
  void Clear() ABSL_LOCKS_EXCLUDED(mu_);
  // The webhook events the cancellations so far would have posted, oldest first (JSON bodies):
  // transaction.canceled and transaction.void.succeeded for each executed void (partials too, the
  // sale still succeeded), transaction.void.failed for an issuer decline.
  std::vector<std::string> Events() const ABSL_LOCKS_EXCLUDED(mu_);

  // GET /v1/marketplaces/{mkp}/transactions/{id}
  HttpReply Get(const std::string& marketplace_id, const std::string& id) const
      ABSL_LOCKS_EXCLUDED(mu_);
  // GET /v1/marketplaces/{mkp}/transactions/{id}/receivables
  HttpReply Receivables(const std::string& marketplace_id, const std::string& id) const
      ABSL_LOCKS_EXCLUDED(mu_);
  // POST /v1/marketplaces/{mkp}/transactions/{id}/void {"amount": cents, "on_behalf_of": seller}
  HttpReply Void(const std::string& marketplace_id, const std::string& id, const std::string& body)
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  HttpReply RejectLocked(const std::string& id, std::optional<int64_t> amount, int http_status,
                         const std::string& category, const std::string& message)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string NewIdLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void EmitLocked(const std::string& type, const ZoopTransaction& t, absl::Time at)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Clock& clock_;
  Ledger& ledger_;
  const std::string marketplace_id_;
  const std::string api_key_;  // sandbox-only; never logged

  mutable absl::Mutex mu_;
  std::vector<ZoopSeller> sellers_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, ZoopTransaction> transactions_ ABSL_GUARDED_BY(mu_);
  int64_t next_sequence_ ABSL_GUARDED_BY(mu_) = 1;
  std::vector<std::string> events_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cancela::sandbox
