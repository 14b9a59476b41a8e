#pragma once
// The Cielo Checkout / Link de Pagamento rules, apart from HTTP (providers.md §4): merchants and
// their OAuth clients, bearer tokens that expire on the sandbox clock, orders, and what a void
// does to an order. Every void that reaches these rules lands in the ledger.

#include <cstdint>
#include <map>
#include <optional>
#include <random>
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

struct CheckoutRules {
  absl::Duration token_lifetime = absl::Seconds(1199);  // Cielo's documented expires_in
  absl::Duration min_cancel_interval = absl::Seconds(5);
  // 0: orders of any age answer queries. Cielo answers only up to 45 days; set 45 to reproduce.
  int query_window_days = 0;
};

struct CheckoutMerchant {
  std::string name;           // "loja-checkout"
  std::string merchant_id;    // GUID shown in order answers
  std::string client_id;      // OAuth client
  std::string client_secret;
};

// Checkout's payment status values (1..8) as the order query writes them.
namespace checkout_status {
inline constexpr int kPending = 1, kPaid = 2, kDenied = 3, kExpired = 4, kVoided = 5,
                     kNotFinalized = 6, kAuthorized = 7, kChargeback = 8;
}
const char* CheckoutStatusName(int status);  // "Paid"

struct CheckoutOrderSpec {
  std::string order_number;           // empty: a random 32-hex number
  std::string merchant = "loja-checkout";
  std::string merchant_order_number;  // the store's own number (may repeat)
  std::string payment_type = "creditCard";  // creditCard, debitCard, pix, boleto
  int status = checkout_status::kPaid;
  int64_t items_amount = 10000;       // centavos, one cart item
  int64_t shipping_amount = 0;        // centavos
  std::string brand = "Visa";
  int days_ago = 0;
};

struct CheckoutOrder {
  CheckoutOrderSpec spec;
  absl::Time created_at;
  int status = checkout_status::kPaid;
  int64_t voided_amount = 0;
  std::optional<absl::Time> last_cancellation_at;
  std::string tid, nsu, authorization_code, masked_card;
  int64_t amount() const { return spec.items_amount + spec.shipping_amount; }
  int64_t remaining() const { return amount() - voided_amount; }
};

// An answer of the protocol.
struct CheckoutReply {
  int http_status = 200;
  std::string body;
};

class CieloCheckoutBook {
 public:
  CieloCheckoutBook(const Clock& clock, Ledger& ledger, CheckoutRules rules);

  void AddMerchant(CheckoutMerchant merchant) ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<CheckoutOrder> CreateOrder(const CheckoutOrderSpec& spec) ABSL_LOCKS_EXCLUDED(mu_);
  std::optional<CheckoutOrder> GetOrder(const std::string& order_number) const
      ABSL_LOCKS_EXCLUDED(mu_);
  std::vector<CheckoutOrder> Orders() const ABSL_LOCKS_EXCLUDED(mu_);

  // POST /api/public/v2/token with the Authorization header and the form body as sent.
  CheckoutReply IssueToken(const std::string& authorization, const std::string& body)
      ABSL_LOCKS_EXCLUDED(mu_);
  // The merchant a "Bearer ..." header stands for, if its token is known and unexpired.
  std::optional<std::string> Authenticate(const std::string& authorization) const
      ABSL_LOCKS_EXCLUDED(mu_);
  // Forgets every token issued so far (their next use answers 401).
  void RevokeTokens() ABSL_LOCKS_EXCLUDED(mu_);
  int64_t tokens_issued() const ABSL_LOCKS_EXCLUDED(mu_);

  CheckoutReply QueryOrder(const std::string& merchant, const std::string& order_number,
                           const std::string& base_url) const ABSL_LOCKS_EXCLUDED(mu_);
  CheckoutReply ListByMerchantOrderNumber(const std::string& merchant,
                                          const std::string& merchant_order_number,
                                          const std::string& base_url) const
      ABSL_LOCKS_EXCLUDED(mu_);
  // PUT …/orders/{n}/void[?amount=]; `amount` as sent, absent for a total void.
  CheckoutReply Void(const std::string& merchant, const std::string& order_number,
                     const std::optional<std::string>& amount, const std::string& base_url)
      ABSL_LOCKS_EXCLUDED(mu_);

  void Clear() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  nlohmann::ordered_json OrderJson(const CheckoutOrder& order, const std::string& base_url) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string RandomHex(size_t length) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Clock& clock_;
  Ledger& ledger_;
  const CheckoutRules rules_;
  mutable absl::Mutex mu_;
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, CheckoutMerchant> merchants_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, CheckoutOrder> orders_ ABSL_GUARDED_BY(mu_);
  struct Token {
    std::string merchant;
    absl::Time expires_at;
  };
  std::map<std::string, Token> tokens_ ABSL_GUARDED_BY(mu_);
  int64_t tokens_issued_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace cancela::sandbox
