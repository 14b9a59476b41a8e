#pragma once
// The contract between the engine and a provider adapter. Adapters know HTTP and JSON, nothing of
// gRPC or the store; the engine knows this interface, nothing of any provider's wire format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cancela/v1/operation.pb.h"

namespace cancela::providers {

enum class OperationKind { kRefund, kVoid };

// Provider-specific sale references (mirror cancela.v1.SaleReference).
struct CieloEcommerceSaleRef {
  std::string payment_id;
};
struct CieloCheckoutSaleRef {
  std::string order_number;
};
struct CieloUnicaSaleRef {
  std::string merchant_id;
  std::string authorization_code;
  std::string nsu;
  std::string tid;
  std::string sale_date;  // YYYY-MM-DD
  int64_t sale_amount_minor_units = 0;
  std::string sale_currency;
  std::string card_last_four;
  // "credit", "debit", "voucher", "pix", "pre_authorization"; empty when not given.
  std::string product;
  std::string brand;  // as given, e.g. "Mastercard"
};
struct PayuSaleRef {
  std::string order_id;
  std::string parent_transaction_id;
};
struct ZoopSaleRef {
  std::string transaction_id;
  std::string on_behalf_of;
};
using SaleRef = std::variant<CieloEcommerceSaleRef, CieloCheckoutSaleRef, CieloUnicaSaleRef,
                             PayuSaleRef, ZoopSaleRef>;

// "cielo_ecommerce", "cielo_checkout", "cielo_unica", "payu" or "zoop".
std::string_view ProviderIdOf(const SaleRef& sale);
// A stable, canonical key of the sale within its provider account (used for the per-sale ledger).
std::string SaleKeyOf(const SaleRef& sale);

enum class PaymentMethod { kUnknown, kCreditCard, kDebitCard, kPix, kVoucher, kOther };
enum class SaleState { kUnknown, kPending, kAuthorized, kCaptured, kVoided, kRefunded, kDenied, kAborted };

// The sale as the provider sees it now: the basis for rules and for the refund cap.
struct SaleSnapshot {
  SaleState state = SaleState::kUnknown;
  std::string provider_status;  // raw, e.g. Cielo "2"
  PaymentMethod method = PaymentMethod::kUnknown;
  std::string brand;               // e.g. "Visa", "Elo", "Alelo"
  std::string currency;            // ISO-4217
  int64_t authorized_minor_units = 0;
  int64_t captured_minor_units = 0;   // 0 while only authorised
  int64_t cancelled_minor_units = 0;  // everything voided/refunded so far, by any channel
  absl::Time sale_time = absl::InfinitePast();     // authorisation / receipt
  std::optional<absl::Time> capture_time;
  std::string card_last_four;  // never more than four digits
  std::string reference;       // TID, proof of sale or Pix EndToEndId
  // Facts some providers' rules turn on (PayU's per-country table); empty or zero when unknown.
  std::string country;              // ISO 3166-1 alpha-2 where the sale was processed
  std::string network;              // processing network or acquirer, e.g. "CIELO", "VISANET"
  int installments = 0;             // 0 or 1: paid at once
  bool international_card = false;  // issued outside `country`
  bool prepaid_card = false;
  // Some of the sale's money has already been paid out to the merchant (Zoop: a paid receivable).
  bool settled = false;
};

// One cancellation to execute.
struct CancelCommand {
  std::string operation_id;  // cancela's id, e.g. "op_..."; safe to send as a request id
  OperationKind kind = OperationKind::kRefund;
  SaleRef sale;
  bool total = true;            // no amount was given: cancel everything that remains
  int64_t amount_minor_units = 0;  // the amount to cancel (for total: what remained)
  std::string currency;
  std::string reason;  // the caller's reason; adapters that forward it must scrub it
};

// What the store enforces per sale, under its lock, for this provider and sale.
struct SaleLimits {
  absl::Duration min_interval_between_cancels = absl::ZeroDuration();
  std::optional<int> max_partial_cancels;  // e.g. debit: 1
};

enum class Outcome {
  kSucceeded,  // the provider confirmed the money movement
  kFailed,     // the provider declined, or the request provably never left cancela
  kScheduled,  // accepted, decided later (Pix, batches)
  kReview,     // accepted, under manual review
  kUnknown,    // may or may not have executed: must be reconciled by querying, never resent
  // Only from Reconcile: the provider shows no trace of the cancellation although enough time
  // has passed since it was sent for any request that reached it to show (per adapter, a
  // setting). It provably never executed, so the engine may send it once more.
  kNotExecuted,
};

// What the provider said, verbatim (mirrors cancela.v1.ProviderResponse).
struct ProviderEcho {
  std::string status;
  std::string code;
  std::string message;
  std::string reason_code;
  std::string reason_message;
  std::string reference;
};

struct ProviderResult {
  Outcome outcome = Outcome::kUnknown;
  v1::FailureReason failure_reason = v1::FAILURE_REASON_UNSPECIFIED;
  std::string failure_message;  // for humans; no secrets, no card data
  ProviderEcho echo;
  std::string note;  // one line for the operation's history; no secrets, no card data
};

// What the engine knew when it sent a cancellation, so a later query can tell whether it ran.
struct ReconcileBasis {
  int64_t cancelled_before_minor_units = 0;  // SaleSnapshot::cancelled_minor_units before sending
  absl::Time sent_at;     // when the latest attempt was sent
  ProviderEcho recorded;  // what the provider said so far, e.g. the id it gave the cancellation
  // What cancela's store shows SUCCEEDED for the sale's other operations now. Lets an adapter whose
  // query shows only "fully cancelled" (Cielo Checkout) tell that this operation completed it.
  int64_t others_succeeded_minor_units = 0;
};

// Official cancellation letters, for providers that issue them (Cielo API Única).
enum class LetterLanguage { kPortuguese, kEnglish };

// One succeeded cancellation whose official letter is wanted.
struct LetterSubject {
  CancelCommand command;  // as it was sent (the sale reference names the merchant)
  ProviderEcho echo;      // as recorded; echo.reference is the provider's id of the cancellation
};

// One PDF per subject, in the order asked. The adapter splits the request into provider-sized
// calls (Cielo Única: at most 10 per request, one merchant number per request).
struct IssuedLetters {
  std::vector<std::string> pdfs;
};

// A notification a provider pushed to cancela's webhook listener. Only a hint: cancela asks the
// provider for the truth before recording anything.
struct WebhookDelivery {
  std::string content_type;
  std::string body;
};

// The sales a notification says changed.
struct WebhookHint {
  std::string event;  // the provider's event name or code, for logs and metrics
  std::vector<SaleRef> sales;
};

class Provider {
 public:
  virtual ~Provider() = default;

  virtual std::string_view id() const = 0;

  // The sale's current facts. Errors carry reasons: NOT_FOUND/SALE_NOT_FOUND,
  // UNAVAILABLE/PROVIDER_UNAVAILABLE, INTERNAL/PROVIDER_AUTH_FAILED or PROVIDER_RESPONSE_INVALID.
  virtual absl::StatusOr<SaleSnapshot> GetSale(const SaleRef& sale, absl::Time deadline) = 0;

  // The provider's rules that can be judged before calling: windows, states, payment methods,
  // partial rules, currency. Returns OK or a rejection with its reason. Pure: no I/O.
  virtual absl::Status CheckRules(const CancelCommand& command, const SaleSnapshot& sale,
                                  absl::Time now) const = 0;

  // Limits the store enforces atomically with the refund cap.
  virtual SaleLimits Limits(const CancelCommand& command, const SaleSnapshot& sale) const = 0;

  // Sends the cancellation exactly once. Never resends a request that may have reached the
  // provider; such a case is Outcome::kUnknown.
  virtual ProviderResult Cancel(const CancelCommand& command, absl::Time deadline) = 0;

  // Asks the provider what became of an earlier Cancel whose outcome was scheduled or unknown.
  // kUnknown when it cannot tell yet.
  virtual ProviderResult Reconcile(const CancelCommand& command, const ReconcileBasis& basis,
                                   absl::Time deadline) = 0;

  // Reads a notification this provider pushed. INVALID_ARGUMENT for a body it cannot read (a
  // malformed or unknown payload is refused, never guessed at); UNIMPLEMENTED for providers
  // that push none.
  virtual absl::StatusOr<WebhookHint> ParseWebhook(const WebhookDelivery& delivery) const {
    (void)delivery;
    return absl::UnimplementedError("this provider sends no notifications");
  }

  // True for providers that issue official letters; cancela renders its own for the others.
  virtual bool IssuesLetters() const { return false; }

  // The provider's official letters (only for cancellations it reports done). Errors carry
  // reasons: UNAVAILABLE/LETTER_NOT_READY (not issued yet),
  // UNAVAILABLE/PROVIDER_UNAVAILABLE, INTERNAL/PROVIDER_AUTH_FAILED or PROVIDER_RESPONSE_INVALID.
  virtual absl::StatusOr<IssuedLetters> FetchLetters(const std::vector<LetterSubject>& subjects,
                                                     LetterLanguage language, absl::Time deadline) {
    (void)subjects;
    (void)language;
    (void)deadline;
    return absl::UnimplementedError("this provider issues no letters");
  }
};

}  // namespace cancela::providers
