#include "providers/payu/payu_codes.h"

#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace cancela::providers::payu {
namespace {

struct CodeRow {
  std::string_view code;
  v1::FailureReason reason;
  const char* meaning;
};

// providers.md §3.4 (responseCode values) and §6.5 (categories).
constexpr std::array<CodeRow, 27> kResponseCodes = {{
    {"ANTIFRAUD_REJECTED", v1::FAILURE_REASON_PROVIDER_DECLINED, "rejected by anti-fraud"},
    {"BANK_FRAUD_REJECTED", v1::FAILURE_REASON_PROVIDER_DECLINED, "rejected by the bank as fraud"},
    {"PAYMENT_NETWORK_REJECTED", v1::FAILURE_REASON_PROVIDER_DECLINED, "rejected by the network"},
    {"ENTITY_DECLINED", v1::FAILURE_REASON_PROVIDER_DECLINED, "declined by the issuer"},
    {"CONTACT_THE_ENTITY", v1::FAILURE_REASON_PROVIDER_DECLINED, "the issuer asks to be contacted"},
    {"INVALID_RESPONSE_PARTIAL_APPROVAL", v1::FAILURE_REASON_PROVIDER_DECLINED,
     "partial approval is not valid"},
    {"INTERNAL_PAYMENT_PROVIDER_ERROR", v1::FAILURE_REASON_PROVIDER_UNAVAILABLE,
     "internal error of the payment provider"},
    {"PAYMENT_NETWORK_NO_CONNECTION", v1::FAILURE_REASON_PROVIDER_UNAVAILABLE,
     "no connection to the network"},
    {"PAYMENT_NETWORK_NO_RESPONSE", v1::FAILURE_REASON_PROVIDER_UNAVAILABLE,
     "the network did not answer"},
    {"PAYMENT_NETWORK_BAD_RESPONSE", v1::FAILURE_REASON_PROVIDER_UNAVAILABLE,
     "the network answered badly"},
    {"BANK_UNREACHABLE", v1::FAILURE_REASON_PROVIDER_UNAVAILABLE, "the bank is unreachable"},
    {"ENTITY_MESSAGING_ERROR", v1::FAILURE_REASON_PROVIDER_UNAVAILABLE,
     "messaging error with the issuer"},
    {"ERROR", v1::FAILURE_REASON_PROVIDER_UNAVAILABLE, "processing error"},
    {"INACTIVE_PAYMENT_PROVIDER", v1::FAILURE_REASON_PERMISSION, "the payment provider is inactive"},
    {"DIGITAL_CERTIFICATE_NOT_FOUND", v1::FAILURE_REASON_PERMISSION,
     "the digital certificate was not found"},
    {"INVALID_TRANSACTION", v1::FAILURE_REASON_NOT_ELIGIBLE, "the transaction is not valid"},
    {"NOT_ACCEPTED_TRANSACTION", v1::FAILURE_REASON_NOT_ELIGIBLE, "the transaction is not accepted"},
    {"INVALID_CARD", v1::FAILURE_REASON_NOT_ELIGIBLE, "the card is not valid"},
    {"EXPIRED_CARD", v1::FAILURE_REASON_NOT_ELIGIBLE, "the card has expired"},
    {"RESTRICTED_CARD", v1::FAILURE_REASON_NOT_ELIGIBLE, "the card is restricted"},
    {"CREDIT_CARD_NOT_AUTHORIZED_FOR_INTERNET_TRANSACTIONS", v1::FAILURE_REASON_NOT_ELIGIBLE,
     "the card is not enabled for internet transactions"},
    {"INVALID_EXPIRATION_DATE_OR_SECURITY_CODE", v1::FAILURE_REASON_NOT_ELIGIBLE,
     "invalid expiration date or security code"},
    {"EXCEEDED_AMOUNT", v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING, "the amount is too high"},
    {"INSUFFICIENT_FUNDS", v1::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE, "insufficient funds"},
    {"EXPIRED_TRANSACTION", v1::FAILURE_REASON_WINDOW_EXPIRED, "the transaction has expired"},
    {"REPEAT_TRANSACTION", v1::FAILURE_REASON_DUPLICATE_IN_PROGRESS, "repeated transaction"},
    {"ERROR_CONVERTING_TRANSACTION_AMOUNTS", v1::FAILURE_REASON_INVALID_REQUEST,
     "the amounts could not be converted"},
}};

struct TextRow {
  std::string_view text;  // lower case
  v1::FailureReason reason;
};

// Texts of `{"code":"ERROR","error":...}` answers (providers.md §3.4, §6.4).
constexpr std::array<TextRow, 5> kErrorTexts = {{
    {"invalid credentials", v1::FAILURE_REASON_PROVIDER_AUTHENTICATION},  // [C] fixture
    {"already registered", v1::FAILURE_REASON_DUPLICATE_IN_PROGRESS},     // [U] exact text unknown
    {"must not be null", v1::FAILURE_REASON_INVALID_REQUEST},             // [C] fixture
    {"property:", v1::FAILURE_REASON_INVALID_REQUEST},                    // [C] fixture
    {"not found", v1::FAILURE_REASON_ORIGINAL_NOT_FOUND},                 // [I]
}};

}  // namespace

Outcome OutcomeOfState(std::string_view state) {
  const std::string s = absl::AsciiStrToUpper(std::string(state));
  if (s == "APPROVED") return Outcome::kSucceeded;
  if (s == "DECLINED" || s == "ERROR" || s == "EXPIRED") return Outcome::kFailed;
  if (s == "PENDING") return Outcome::kReview;
  if (s == "SUBMITTED") return Outcome::kScheduled;
  return Outcome::kUnknown;
}

Outcome OutcomeSoFar(const ProviderEcho& recorded) {
  const Outcome outcome = OutcomeOfState(recorded.status);
  return outcome == Outcome::kReview || outcome == Outcome::kScheduled ? outcome : Outcome::kUnknown;
}

v1::FailureReason FailureReasonOf(std::string_view state, std::string_view response_code) {
  const std::string code = absl::AsciiStrToUpper(std::string(response_code));
  for (const CodeRow& row : kResponseCodes) {
    if (row.code == code) return row.reason;
  }
  const std::string s = absl::AsciiStrToUpper(std::string(state));
  if (s == "EXPIRED") return v1::FAILURE_REASON_WINDOW_EXPIRED;
  if (s == "ERROR") return v1::FAILURE_REASON_PROVIDER_UNAVAILABLE;
  return v1::FAILURE_REASON_PROVIDER_DECLINED;
}

const char* MeaningOf(std::string_view response_code) {
  const std::string code = absl::AsciiStrToUpper(std::string(response_code));
  for (const CodeRow& row : kResponseCodes) {
    if (row.code == code) return row.meaning;
  }
  return nullptr;
}

std::optional<v1::FailureReason> FailureReasonOfErrorText(
    std::string_view text, const std::vector<std::pair<std::string, v1::FailureReason>>& extra) {
  const std::string lower = absl::AsciiStrToLower(std::string(text));
  for (const auto& [pattern, reason] : extra) {
    if (absl::StrContains(lower, pattern)) return reason;
  }
  for (const TextRow& row : kErrorTexts) {
    if (lower.find(row.text) != std::string::npos) return row.reason;
  }
  return std::nullopt;
}

SaleState SaleStateOfOrderStatus(std::string_view status) {
  const std::string s = absl::AsciiStrToUpper(std::string(status));
  if (s == "NEW" || s == "IN_PROGRESS") return SaleState::kPending;
  if (s == "AUTHORIZED") return SaleState::kAuthorized;
  if (s == "CAPTURED") return SaleState::kCaptured;
  if (s == "CANCELLED") return SaleState::kVoided;
  if (s == "DECLINED") return SaleState::kDenied;
  if (s == "REFUNDED") return SaleState::kRefunded;
  if (s == "CHARGEBACK") return SaleState::kAborted;
  return SaleState::kUnknown;
}

}  // namespace cancela::providers::payu
