#pragma once
// What the simulators did, kept so tests can prove "executed exactly once" and "the gateway never
// sent a request the provider had to refuse". Shared by every simulated provider.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace cancela::sandbox {

// A cancellation the provider carried out (a void, a refund, a scheduled Pix refund).
struct LedgerExecution {
  std::string provider;    // "cielo_ecommerce"
  std::string payment_id;
  int64_t amount = 0;      // minor units actually cancelled by this request
  bool total = false;      // requested without an amount
  absl::Time at;           // sandbox clock
  std::string request_id;  // the request's own id header, if it sent one
  std::string status_after;  // the sale's status right after, as the provider writes it ("10")
};

// A cancellation request that reached the business rules and was refused.
struct LedgerRejection {
  std::string provider;
  std::string payment_id;
  std::optional<int64_t> amount;  // as requested; absent for a total or an unreadable amount
  bool total = false;             // requested without an amount
  absl::Time at;
  std::string request_id;
  int http_status = 0;
  std::string code;  // the provider's ReturnCode or error Code, as text ("51", "309")
  std::string message;
};

class Ledger {
 public:
  void RecordExecution(LedgerExecution execution) ABSL_LOCKS_EXCLUDED(mu_);
  void RecordRejection(LedgerRejection rejection) ABSL_LOCKS_EXCLUDED(mu_);
  // Every protocol request (not admin ones), by method; payment_id may be empty.
  void CountRequest(const std::string& method, const std::string& payment_id)
      ABSL_LOCKS_EXCLUDED(mu_);

  // An empty payment_id means all of them.
  std::vector<LedgerExecution> Executions(const std::string& payment_id = "") const
      ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<LedgerRejection> Rejections(const std::string& payment_id = "") const
      ABSL_LOCKS_EXCLUDED(mu_);
  int64_t RequestCount(const std::string& method, const std::string& payment_id = "") const
      ABSL_LOCKS_EXCLUDED(mu_);

  // {"executions": [...], "rejections": [...], "requests": {"GET": n, "PUT": n}}.
  nlohmann::json ToJson(const std::string& payment_id = "") const ABSL_LOCKS_EXCLUDED(mu_);

  void Clear() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  std::vector<LedgerExecution> executions_ ABSL_GUARDED_BY(mu_);
  std::vector<LedgerRejection> rejections_ ABSL_GUARDED_BY(mu_);
  // method -> payment_id ("" for requests naming none) -> count
  std::map<std::string, std::map<std::string, int64_t>> requests_ ABSL_GUARDED_BY(mu_);
};

// RFC 3339 in UTC with milliseconds, the form every sandbox admin answer uses for instants.
std::string FormatInstant(absl::Time t);

}  // namespace cancela::sandbox
