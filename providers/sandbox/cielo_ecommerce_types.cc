#include "providers/sandbox/cielo_ecommerce_types.h"

#include "absl/strings/ascii.h"

namespace cancela::sandbox {

std::string_view CieloPaymentTypeName(CieloPaymentType type) {
  switch (type) {
    case CieloPaymentType::kCreditCard: return "CreditCard";
    case CieloPaymentType::kDebitCard: return "DebitCard";
    case CieloPaymentType::kPix: return "Pix";
  }
  return "CreditCard";
}

std::optional<CieloPaymentType> CieloPaymentTypeFromName(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
  if (lower == "creditcard" || lower == "credit") return CieloPaymentType::kCreditCard;
  if (lower == "debitcard" || lower == "debit") return CieloPaymentType::kDebitCard;
  if (lower == "pix") return CieloPaymentType::kPix;
  return std::nullopt;
}

int64_t CieloSale::ScheduledAmount() const {
  int64_t scheduled = 0;
  for (const CieloRefund& refund : refunds) {
    if (refund.status == cielo_refund_status::kScheduledPix) scheduled += refund.amount;
  }
  return scheduled;
}

int64_t CieloSale::RemainingAmount() const {
  // An authorised card is cancelled on what was authorised, a captured one on what was captured.
  const int64_t base = !is_pix() && captured_at.has_value() ? captured_amount : amount;
  const int64_t remaining = base - voided_amount - ScheduledAmount();
  return remaining > 0 ? remaining : 0;
}

}  // namespace cancela::sandbox
