#include "providers/cielo_unica/cielo_unica_codes.h"

#include <array>

#include "absl/strings/ascii.h"

namespace cancela::providers::cielo_unica {
namespace {

using R = v1::FailureReason;

struct Row {
  int64_t code;
  R reason;
  const char* meaning;
  bool duplicate;
};

// providers.md §1.4 [C]; categories as in §6.5.
constexpr std::array<Row, 43> kDetailCodes = {{
    {5, R::FAILURE_REASON_PROVIDER_UNAVAILABLE, "effectuation error", false},
    {7, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "sale not found with the cancellation id sent", false},
    {10, R::FAILURE_REASON_DUPLICATE_IN_PROGRESS, "pending request with the same information", true},
    {17, R::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING, "insufficient transaction balance", false},
    {51, R::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING, "cancellation above the original sale amount", false},
    {54, R::FAILURE_REASON_MANUAL_PROCESSING, "not carried out; contact the Cielo call center", false},
    {56, R::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE, "insufficient merchant balance", false},
    {72, R::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE, "insufficient balance in the agenda", false},
    {77, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "original sale not found", false},
    {99, R::FAILURE_REASON_PROVIDER_UNAVAILABLE, "processing failure; try again", false},
    {101, R::FAILURE_REASON_WINDOW_EXPIRED, "beyond the window the card brand allows", false},
    {102, R::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING, "above the original transaction amount", false},
    {103, R::FAILURE_REASON_PERMISSION, "registration restriction", false},
    {104, R::FAILURE_REASON_PERMISSION, "registration restriction", false},
    {105, R::FAILURE_REASON_PERMISSION, "registration restriction", false},
    {106, R::FAILURE_REASON_PERMISSION, "registration restriction", false},
    {108, R::FAILURE_REASON_PERMISSION, "merchant (EC) not found", false},
    {109, R::FAILURE_REASON_NOT_ELIGIBLE, "debit allows only a total cancellation", false},
    {115, R::FAILURE_REASON_INVALID_REQUEST, "invalid request", false},
    {120, R::FAILURE_REASON_NOT_ELIGIBLE, "the sale's product does not allow cancellation", false},
    {200, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "sale not found with the card data sent", false},
    {201, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "sale not found with the NSU sent", false},
    {203, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "sale not found with the date sent", false},
    {206, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "sale not found with the sale amount sent", false},
    {209, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "sale not found with the product sent", false},
    {214, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "sale not found with the status sent", false},
    {215, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "sale not found with the brand sent", false},
    {216, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "sale not found with the card data sent", false},
    {217, R::FAILURE_REASON_INVALID_REQUEST, "more than one sale matches", false},
    {218, R::FAILURE_REASON_PERMISSION, "invalid user", false},
    {219, R::FAILURE_REASON_INVALID_REQUEST, "invalid settlement system", false},
    {221, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "sale not found with the cancellation amount sent", false},
    {222, R::FAILURE_REASON_INVALID_REQUEST, "requesting channel not identified", false},
    {223, R::FAILURE_REASON_DUPLICATE_IN_PROGRESS, "pending request with the same information", true},
    {224, R::FAILURE_REASON_INVALID_REQUEST, "line of business not identified", false},
    {225, R::FAILURE_REASON_ORIGINAL_NOT_FOUND, "sale not found with the sale NSU sent", false},
    {476, R::FAILURE_REASON_DUPLICATE_IN_PROGRESS, "a cancellation of this sale is already in processing", true},
    {477, R::FAILURE_REASON_PROVIDER_DECLINED, "not carried out", false},
    {800, R::FAILURE_REASON_PERMISSION, "automatic letter sending is allowed only for the client", false},
    {801, R::FAILURE_REASON_INVALID_REQUEST, "existing parametrisation", false},
    {802, R::FAILURE_REASON_PROVIDER_UNAVAILABLE, "failure querying registration data", false},
    {803, R::FAILURE_REASON_PERMISSION, "client not found in registration data", false},
    {823, R::FAILURE_REASON_WINDOW_EXPIRED, "rejected because the deadline passed", false},
}};

}  // namespace

BatchStatus BatchStatusOf(std::string_view type) {
  const std::string lower = absl::AsciiStrToLower(absl::string_view(type.data(), type.size()));
  if (lower == "pending") return BatchStatus::kPending;
  if (lower == "rejected") return BatchStatus::kRejected;
  if (lower == "done") return BatchStatus::kDone;
  if (lower == "failed") return BatchStatus::kFailed;
  return BatchStatus::kUnknown;
}

DetailMeaning MeaningOfDetailCode(int64_t code) {
  for (const Row& row : kDetailCodes) {
    if (row.code == code) return {row.reason, row.meaning, row.duplicate};
  }
  return {R::FAILURE_REASON_PROVIDER_DECLINED, "declined", false};
}

std::vector<int64_t> DocumentedDetailCodes() {
  std::vector<int64_t> codes;
  for (const Row& row : kDetailCodes) codes.push_back(row.code);
  return codes;
}

}  // namespace cancela::providers::cielo_unica
