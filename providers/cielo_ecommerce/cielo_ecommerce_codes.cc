#include "providers/cielo_ecommerce/cielo_ecommerce_codes.h"

#include <array>
#include <utility>

namespace cancela::providers::cielo_ecommerce {
namespace {

using R = v1::FailureReason;

struct Row {
  std::string_view code;
  R reason;
  const char* meaning;
};

// Cancellation ReturnCode table, providers.md §2.4, categories from §6.5.
constexpr std::array<Row, 48> kReturnCodes = {{
    {"3", R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "nonexistent transaction"},
    {"5", R::FAILURE_REASON_PROVIDER_UNAVAILABLE, "effectuation error"},
    {"10", R::FAILURE_REASON_DUPLICATE_IN_PROGRESS, "pending request with the same information"},
    {"17", R::FAILURE_REASON_NOT_ELIGIBLE, "existing cancellation or dispute"},
    {"40", R::FAILURE_REASON_WINDOW_EXPIRED, "deadline expired"},
    {"41", R::FAILURE_REASON_NOT_ELIGIBLE, "the sale's status does not allow it"},
    {"42", R::FAILURE_REASON_NOT_ELIGIBLE, "existing cancellation or dispute"},
    {"43", R::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE, "insufficient agenda balance"},
    {"51", R::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING, "above the original amount"},
    {"52", R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "original sale not found"},
    {"53", R::FAILURE_REASON_NOT_ELIGIBLE, "the product does not allow it"},
    {"54", R::FAILURE_REASON_MANUAL_PROCESSING, "contact the Cielo call center"},
    {"55", R::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE, "insufficient sale balance"},
    {"56", R::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE, "insufficient merchant balance"},
    {"57", R::FAILURE_REASON_PROVIDER_UNAVAILABLE, "processing failure, retry"},
    {"58", R::FAILURE_REASON_INVALID_REQUEST, "card differs from the sale"},
    {"60", R::FAILURE_REASON_INVALID_REQUEST, "card type differs"},
    {"72", R::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE, "insufficient agenda balance"},
    {"76", R::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE, "the merchant has no balance"},
    {"77", R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "original sale not found"},
    {"97", R::FAILURE_REASON_PROVIDER_UNAVAILABLE, "system unavailable"},
    {"99", R::FAILURE_REASON_PROVIDER_UNAVAILABLE, "processing failure, retry"},
    {"100", R::FAILURE_REASON_NOT_ELIGIBLE, "payment method or brand does not allow cancellation"},
    {"101", R::FAILURE_REASON_WINDOW_EXPIRED, "beyond the card brand's window"},
    {"102", R::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING, "above the original amount"},
    {"103", R::FAILURE_REASON_PERMISSION, "registration restriction"},
    {"104", R::FAILURE_REASON_PERMISSION, "registration restriction"},
    {"105", R::FAILURE_REASON_PERMISSION, "registration restriction"},
    {"106", R::FAILURE_REASON_PERMISSION, "registration restriction"},
    {"107", R::FAILURE_REASON_PERMISSION, "registration restriction"},
    {"108", R::FAILURE_REASON_PERMISSION, "merchant (EC) not found"},
    {"116", R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "cancellation not found"},
    {"117", R::FAILURE_REASON_PROVIDER_UNAVAILABLE, "clearing error"},
    {"120", R::FAILURE_REASON_NOT_ELIGIBLE, "the product does not allow it"},
    {"121", R::FAILURE_REASON_NOT_ELIGIBLE, "MCC 3000/3001 instalments"},
    {"130", R::FAILURE_REASON_NOT_ELIGIBLE, "brand does not allow; cancellation or chargeback exists"},
    {"160", R::FAILURE_REASON_INVALID_REQUEST, "card type differs"},
    {"206", R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "not found with the amount"},
    {"209", R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "not found with the product"},
    {"215", R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "not found with the brand"},
    {"217", R::FAILURE_REASON_INVALID_REQUEST, "more than one sale matches"},
    {"221", R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "not found with the cancellation amount"},
    {"223", R::FAILURE_REASON_DUPLICATE_IN_PROGRESS, "pending duplicate"},
    {"475", R::FAILURE_REASON_PROVIDER_DECLINED, "not successful"},
    {"476", R::FAILURE_REASON_DUPLICATE_IN_PROGRESS, "a cancellation is already in processing"},
    {"477", R::FAILURE_REASON_PROVIDER_UNAVAILABLE, "not carried out"},
    {"576", R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "main pre-authorisation not found"},
    {"9016", R::FAILURE_REASON_PROVIDER_DECLINED, "undone"},
}};

}  // namespace

std::optional<Decline> DeclineForReturnCode(std::string_view return_code) {
  for (const Row& row : kReturnCodes) {
    if (row.code == return_code) return Decline{row.reason, row.meaning};
  }
  return std::nullopt;
}

bool IsTimeoutReturnCode(std::string_view return_code) {
  return return_code == "98" || return_code == "504";
}

Decline DeclineForApiErrorCode(int code) {
  switch (code) {
    case 307: return {R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "transaction not found"};
    case 318: return {R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "transaction not found"};
    case 309: return {R::FAILURE_REASON_NOT_ELIGIBLE, "transaction not available to void"};
    case 310: return {R::FAILURE_REASON_NOT_ELIGIBLE, "payment method does not support it"};
    case 312: return {R::FAILURE_REASON_NOT_ELIGIBLE, "transaction not available to refund"};
    case 311: return {R::FAILURE_REASON_PERMISSION, "refund is not enabled for this merchant"};
    case 114: case 115: case 116: case 120: case 131: case 132: case 301: case 306:
      return {R::FAILURE_REASON_PERMISSION, "merchant not allowed"};
    default: return {R::FAILURE_REASON_INVALID_REQUEST, "request rejected by validation"};
  }
}

SaleState SaleStateOf(int status) {
  switch (status) {
    case 0: return SaleState::kPending;
    case 1: return SaleState::kAuthorized;
    case 2: return SaleState::kCaptured;
    case 3: return SaleState::kDenied;
    case 10: return SaleState::kVoided;
    case 11: return SaleState::kRefunded;
    case 12: return SaleState::kPending;
    case 13: return SaleState::kAborted;
    case 20: return SaleState::kPending;
    default: return SaleState::kUnknown;
  }
}

}  // namespace cancela::providers::cielo_ecommerce
