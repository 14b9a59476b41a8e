#include "providers/zoop/zoop_codes.h"

#include <array>
#include <string>

#include "absl/strings/ascii.h"

namespace cancela::providers::zoop {
namespace {

using R = v1::FailureReason;

struct CategoryRow {
  std::string_view category;
  R reason;
  const char* meaning;
};

// Categories seen in dumps [C] or used by the sandbox for the rules of seed 004 [I]. Zoop's full
// catalogue is not published [U]; anything else falls back to the HTTP status below.
constexpr std::array<CategoryRow, 9> kCategories = {{
    {"invalid_payment_information", R::FAILURE_REASON_INVALID_REQUEST, "invalid payment information"},
    {"invalid_parameter", R::FAILURE_REASON_INVALID_REQUEST, "invalid request parameter"},
    {"resource_not_found", R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "transaction not found"},
    {"amount_exceeds_remaining", R::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING, "amount above what remains"},
    {"split_rule_exceeds_amount", R::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING, "a split rule exceeds what would remain"},
    {"transaction_not_voidable", R::FAILURE_REASON_NOT_ELIGIBLE, "the transaction cannot be cancelled"},
    {"partial_void_not_allowed", R::FAILURE_REASON_NOT_ELIGIBLE, "partial cancellation only for captured credit"},
    {"settled_sale_release_required", R::FAILURE_REASON_MANUAL_PROCESSING, "a settled sale needs Zoop's prior release"},
    {"void_declined", R::FAILURE_REASON_PROVIDER_DECLINED, "the issuer declined the cancellation"},
}};

}  // namespace

Decline DeclineForError(int status_code, std::string_view type, std::string_view category) {
  const std::string lower_category = absl::AsciiStrToLower(std::string(category));
  for (const CategoryRow& row : kCategories) {
    if (row.category == lower_category) return {row.reason, row.meaning};
  }
  const std::string lower_type = absl::AsciiStrToLower(std::string(type));
  if (status_code == 401 || lower_type == "authentication_error") {
    return {R::FAILURE_REASON_PROVIDER_AUTHENTICATION, "Zoop rejected the account's API key"};
  }
  if (status_code == 403) return {R::FAILURE_REASON_PERMISSION, "the key may not act for this seller"};
  if (status_code == 404) return {R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "transaction not found"};
  if (status_code == 402) return {R::FAILURE_REASON_PROVIDER_DECLINED, "the cancellation was declined"};
  if (status_code == 409) return {R::FAILURE_REASON_DUPLICATE_IN_PROGRESS, "a conflicting operation is in progress"};
  return {R::FAILURE_REASON_INVALID_REQUEST, "request rejected by validation"};
}

bool IsProviderFault(int status_code, std::string_view type) {
  return status_code >= 500 || absl::AsciiStrToLower(std::string(type)) == "api_error";
}

SaleState SaleStateOf(std::string_view status) {
  const std::string s = absl::AsciiStrToLower(std::string(status));
  if (s == "succeeded" || s == "partial_refunded") return SaleState::kCaptured;
  if (s == "pre_authorized") return SaleState::kAuthorized;
  if (s == "canceled" || s == "reversed") return SaleState::kVoided;
  if (s == "refunded") return SaleState::kRefunded;
  if (s == "failed") return SaleState::kDenied;
  if (s == "new" || s == "pending") return SaleState::kPending;
  return SaleState::kUnknown;  // dispute, charged_back and anything new: not cancellable here
}

bool IsCancellationEntry(std::string_view operation_type) {
  const std::string t = absl::AsciiStrToLower(std::string(operation_type));
  return t == "void" || t == "void_partial";
}

}  // namespace cancela::providers::zoop
