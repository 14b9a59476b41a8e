#pragma once
// PayU Latam's orders as the sandbox keeps them, and the Payments API (SUBMIT_TRANSACTION) and
// Queries API (ORDER_DETAIL) answers over them, apart from HTTP. Refunds wait for a review that
// the sandbox clock decides: approved or declined, as the order's seed or the admin API says.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/ledger.h"

namespace cancela::sandbox {

struct PayuMerchant {
  std::string name;
  std::string api_login;
  std::string api_key;
};

enum class PayuReview { kApprove, kDecline };

// A sale to seed or create: one order with its authorisation (and capture).
struct PayuSaleSpec {
  std::string order_id;        // digits
  std::string transaction_id;  // the parent transaction
  std::string merchant;        // PayuMerchant::name
  std::string country;         // AR, BR, CL, CO, MX, PA, PE
  std::string currency;
  int64_t amount_minor_units = 0;
  std::string payment_method = "VISA";  // brand, or PIX
  std::string network;                  // additionalInfo.paymentNetwork
  std::string card_type = "CREDIT";     // CREDIT, DEBIT, PREPAID
  std::string issuer_country;           // empty: the sale's country
  int installments = 1;
  bool captured = true;
  absl::Duration age = absl::Hours(24);  // how long ago it was approved
  PayuReview review = PayuReview::kApprove;
};

struct PayuTransactionRecord {
  std::string id;
  std::string type;  // AUTHORIZATION, AUTHORIZATION_AND_CAPTURE, VOID, REFUND, PARTIAL_REFUND
  std::string parent_id;
  std::string state;  // APPROVED, DECLINED, PENDING
  std::string response_code;
  std::string pending_reason;
  std::string response_message;
  int64_t amount_minor_units = 0;
  absl::Time at;                  // created
  std::optional<absl::Time> decide_at;  // refunds under review
  PayuReview review = PayuReview::kApprove;
};

struct PayuOrderRecord {
  PayuSaleSpec spec;
  std::string status;  // AUTHORIZED, CAPTURED, CANCELLED, REFUNDED
  std::vector<PayuTransactionRecord> transactions;  // oldest first
};

struct PayuRules {
  absl::Duration review_delay = absl::Hours(24);  // PayU staff take 1-3 business days
};

// An answer of either API: always HTTP 200 with PayU's envelope, as PayU does.
struct PayuReply {
  int http_status = 200;
  nlohmann::ordered_json body;
};

class PayuBook {
 public:
  PayuBook(const Clock& clock, Ledger& ledger, PayuRules rules);

  void AddMerchant(PayuMerchant merchant) ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<PayuOrderRecord> CreateSale(const PayuSaleSpec& spec) ABSL_LOCKS_EXCLUDED(mu_);
  std::optional<PayuOrderRecord> GetOrder(const std::string& order_id) ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<PayuOrderRecord> Orders() ABSL_LOCKS_EXCLUDED(mu_);
  // Sets how the order's refunds under review will be decided; with `now`, decides them now.
  absl::Status SetReview(const std::string& order_id, PayuReview review, bool now)
      ABSL_LOCKS_EXCLUDED(mu_);
  void Clear() ABSL_LOCKS_EXCLUDED(mu_);

  // The order a request body names (for faults and logs), or "".
  static std::string OrderIdOf(const nlohmann::json& body);

  PayuReply Submit(const nlohmann::json& body) ABSL_LOCKS_EXCLUDED(mu_);
  PayuReply Query(const nlohmann::json& body) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  const PayuMerchant* Authenticate(const nlohmann::json& body) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void DecideDueReviews(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Decide(PayuOrderRecord& order, PayuTransactionRecord& refund, absl::Time at)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  PayuReply Reject(const std::string& order_id, const std::string& type,
                   std::optional<int64_t> amount, const std::string& error)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  PayuReply Declined(const std::string& order_id, const std::string& type,
                     std::optional<int64_t> amount, const std::string& response_code)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string NewTransactionId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Clock& clock_;
  Ledger& ledger_;
  const PayuRules rules_;
  absl::Mutex mu_;
  std::map<std::string, PayuMerchant> merchants_ ABSL_GUARDED_BY(mu_);  // by name
  std::map<std::string, PayuOrderRecord> orders_ ABSL_GUARDED_BY(mu_);   // by order id
  int64_t next_transaction_ ABSL_GUARDED_BY(mu_) = 1;
};

// The admin view of an order.
nlohmann::ordered_json PayuOrderToAdminJson(const PayuOrderRecord& order);

}  // namespace cancela::sandbox
