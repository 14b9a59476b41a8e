#pragma once
// The Cielo E-commerce 3.0 business rules, apart from HTTP: the merchants, their sales, and what a
// void / refund request does to a sale (providers.md §2.4–2.7). Every cancellation that reaches
// these rules lands in the ledger, as an execution or as a rejection.

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "providers/sandbox/cielo_ecommerce_types.h"
#include "providers/sandbox/cielo_ecommerce_wire.h"
#include "providers/sandbox/ledger.h"

namespace cancela::sandbox {

struct CieloRules {
  absl::Duration pix_settle_delay = absl::Seconds(60);  // a Pix refund completes this much later
  int card_window_days = 360;  // cancellable up to this long after authorisation
  int pix_window_days = 90;    // BACEN's Pix refund window
  absl::Duration min_cancel_interval = absl::Seconds(5);  // between cancellations of one sale
  // 0: queries see sales of any age. Cielo's real query host answers 404 for sales older than
  // about three months; set 90 to reproduce that.
  int query_window_days = 0;
};

// An HTTP answer of the protocol: a status and a body (empty for 401 and 404).
struct WireReply {
  int http_status = 200;
  std::string body;
};

struct CieloVoidRequest {
  std::string payment_id;
  std::optional<std::string> amount;  // the ?amount= parameter as sent; absent: total
  std::string request_id;             // the RequestId header, if any
};

class CieloEcommerceBook {
 public:
  CieloEcommerceBook(const Clock& clock, Ledger& ledger, CieloRules rules);

  void AddMerchant(CieloMerchant merchant) ABSL_LOCKS_EXCLUDED(mu_);
  // The merchant these credentials belong to, if both match.
  std::optional<CieloMerchant> Authenticate(const std::string& merchant_id,
                                            const std::string& merchant_key) const
      ABSL_LOCKS_EXCLUDED(mu_);
  std::optional<CieloMerchant> FindMerchant(const std::string& name) const
      ABSL_LOCKS_EXCLUDED(mu_);

  // InvalidArgument for an impossible sale, NotFound for an unknown merchant, AlreadyExists for a
  // taken PaymentId.
  absl::StatusOr<CieloSale> CreateSale(const CieloSaleSpec& spec) ABSL_LOCKS_EXCLUDED(mu_);
  // As of now: Pix refunds due by now have settled.
  std::optional<CieloSale> GetSale(const std::string& payment_id) ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<CieloSale> Sales() ABSL_LOCKS_EXCLUDED(mu_);
  // Forgets every merchant and sale.
  void Clear() ABSL_LOCKS_EXCLUDED(mu_);

  // GET /1/sales/{PaymentId}.
  WireReply Query(const CieloMerchant& merchant, const std::string& payment_id,
                  const CieloEndpoints& endpoints) ABSL_LOCKS_EXCLUDED(mu_);
  // PUT /1/sales/{PaymentId}/void[?amount=].
  WireReply Void(const CieloMerchant& merchant, const CieloVoidRequest& request,
                 const CieloEndpoints& endpoints) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  // Completes Pix refunds whose settle time has come.
  void SettleLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  WireReply VoidCardLocked(CieloSale& sale, std::optional<int64_t> amount,
                           const CieloVoidRequest& request, absl::Time now,
                           const CieloEndpoints& endpoints) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  WireReply RefundPixLocked(CieloSale& sale, const CieloMerchant& merchant,
                            std::optional<int64_t> amount, const CieloVoidRequest& request,
                            absl::Time now, const CieloEndpoints& endpoints)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  WireReply RejectLocked(const CieloVoidRequest& request, std::optional<int64_t> amount,
                         absl::Time now, int http_status, const std::string& code,
                         const std::string& message, std::string body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RecordExecutionLocked(const CieloSale& sale, int64_t amount, bool total,
                             const CieloVoidRequest& request, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string NewPaymentIdLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Clock& clock_;
  Ledger& ledger_;
  const CieloRules rules_;

  mutable absl::Mutex mu_;
  std::vector<CieloMerchant> merchants_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, CieloSale> sales_ ABSL_GUARDED_BY(mu_);  // by PaymentId
  // Sales with a Pix refund still scheduled: settling visits only these, not every sale (a
  // benchmark seeds tens of thousands).
  std::set<std::string> scheduled_pix_ ABSL_GUARDED_BY(mu_);
  int64_t next_sequence_ ABSL_GUARDED_BY(mu_) = 1;
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_);
};

// True for the 8-4-4-4-12 hexadecimal form.
bool IsGuid(const std::string& text);

}  // namespace cancela::sandbox
