#pragma once
// The Cielo E-commerce 3.0 simulator's model: merchants, sales and their refunds, in the terms of
// the real API (providers.md §2).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"

namespace cancela::sandbox {

// Payment.Status values (providers.md §2.4).
namespace cielo_status {
inline constexpr int kNotFinished = 0;
inline constexpr int kAuthorized = 1;
inline constexpr int kPaymentConfirmed = 2;  // captured card, paid Pix
inline constexpr int kDenied = 3;
inline constexpr int kVoided = 10;
inline constexpr int kRefunded = 11;
inline constexpr int kPending = 12;
}  // namespace cielo_status

// Payment.Refunds[].Status values.
namespace cielo_refund_status {
inline constexpr int kScheduledPix = 1;
inline constexpr int kSuccess = 3;
inline constexpr int kDenied = 4;
}  // namespace cielo_refund_status

enum class CieloPaymentType { kCreditCard, kDebitCard, kPix };

// "CreditCard", "DebitCard", "Pix": Payment.Type on the wire.
std::string_view CieloPaymentTypeName(CieloPaymentType type);
// Also takes "credit", "debit" and any letter case.
std::optional<CieloPaymentType> CieloPaymentTypeFromName(std::string_view name);

struct CieloMerchant {
  std::string name;          // sandbox-only label, e.g. "loja-centro"
  std::string merchant_id;   // the MerchantId header (GUID)
  std::string merchant_key;  // the MerchantKey header (40 characters); a secret: never logged
  bool pix_balance = true;   // false: Pix refunds fail with HTTP 422 (no balance to refund from)
};

// An entry of Payment.Refunds[].
struct CieloRefund {
  int64_t amount = 0;
  int status = cielo_refund_status::kSuccess;
  absl::Time received_at;  // when it was requested
  absl::Time settles_at;   // Pix: when the Pix network completes it (sandbox clock)
};

// How a sale is created (the C++ side of POST /__sandbox/sales).
enum class CieloSaleState { kAuthorized, kCaptured, kDenied };  // a paid Pix is kCaptured

struct CieloSaleSpec {
  std::string merchant = "loja-centro";  // a merchant's name
  CieloPaymentType type = CieloPaymentType::kCreditCard;
  CieloSaleState state = CieloSaleState::kCaptured;
  int64_t amount = 10000;                 // centavos
  std::optional<int64_t> captured_amount;  // default: amount (cards only)
  std::string brand = "Visa";             // cards only
  int received_days_ago = 0;              // authorisation (Pix: payment) age
  std::optional<int> captured_days_ago;   // default: received_days_ago
  std::string payment_id;                 // empty: a fresh GUID
  std::string merchant_order_id;          // empty: derived from the sequence number
  bool deny_pix_refunds = false;  // Pix: the Pix network refuses its refunds when they settle
};

// A sale as the simulator holds it.
struct CieloSale {
  std::string payment_id;
  std::string merchant;  // merchant name
  std::string merchant_order_id;
  CieloPaymentType type = CieloPaymentType::kCreditCard;
  std::string brand;               // cards only
  std::string masked_card_number;  // cards only, e.g. "455187******0183"; never a full number
  int64_t amount = 0;
  int64_t captured_amount = 0;  // 0 when not captured (and always for Pix)
  int64_t voided_amount = 0;    // sum of completed cancellations
  int status = cielo_status::kAuthorized;
  absl::Time received_at;
  std::optional<absl::Time> captured_at;
  std::optional<absl::Time> voided_at;
  std::string tid;                 // cards only
  std::string proof_of_sale;       // cards only
  std::string authorization_code;  // cards; for Pix the EndToEndId
  std::string end_to_end_id;       // Pix only
  std::vector<CieloRefund> refunds;
  std::optional<absl::Time> last_cancellation_at;  // for the 5-second spacing rule
  int partial_cancellations = 0;                   // debit allows one
  bool deny_pix_refunds = false;

  bool is_pix() const { return type == CieloPaymentType::kPix; }
  // What may still be cancelled: captured (or, for Pix, paid) minus done and scheduled refunds.
  int64_t RemainingAmount() const;
  int64_t ScheduledAmount() const;  // Pix refunds not yet settled
};

}  // namespace cancela::sandbox
