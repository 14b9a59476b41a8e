#pragma once
// Pure JSON <-> cancela transformations for the API Única (providers.md §1.3): no I/O, so every
// shape is tested on its own. The cancellation request's envelope is unconfirmed [I] and lives in
// CancelRequestBody only.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/secret.h"
#include "nlohmann/json.hpp"
#include "providers/cielo_unica/cielo_unica_codes.h"
#include "providers/cielo_unica/cielo_unica_settings.h"
#include "providers/http/http_transport.h"
#include "providers/http/oauth_token_cache.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_unica {

// --- OAuth2 client credentials (credentials in the form body [C]) ---

// client_id=…&client_secret=…&grant_type=client_credentials, form-url-encoded. Holds the
// secret: it goes on the wire and nowhere else.
std::string TokenRequestBody(const Secret& client_id, const Secret& client_secret);
// {access_token, expires_in, token_type}; `fallback` when expires_in is missing [I].
absl::StatusOr<http::OAuthToken> ParseTokenResponse(const http::Response& response,
                                                    absl::Duration fallback);

// --- Cancellation request ---

// The POST /refunds body for one cancellation, or an error when the command cannot be expressed
// (negative amount). Amounts are decimal reais, the date DD-MM-YYYY HH:MM:SS.
absl::StatusOr<std::string> CancelRequestBody(const Settings& settings,
                                              const CancelCommand& command);

// One cancellation inside a batch answer.
struct Cancellation {
  int64_t control_id = 0;  // Cielo's id of this cancellation (the letters' cancellationId)
  std::string merchant_id;
  std::string authorization_code;
  std::string nsu;
  std::optional<int64_t> refund_minor_units;
  std::optional<int64_t> sale_minor_units;
  std::string status_type;  // verbatim
  BatchStatus status = BatchStatus::kUnknown;
  std::optional<int64_t> detail_code;
  std::string detail_message;
};

// A batch: the POST answer and the batch query's answer.
struct Batch {
  int64_t refund_id = 0;
  std::string refund_date;  // verbatim
  std::optional<absl::Time> requested_at;
  std::vector<Cancellation> cancellations;
};

// A batch from a response body (amounts read exactly).
absl::StatusOr<Batch> ParseBatch(std::string_view body);
// The list query's answer: one batch, an array of batches, or an object holding such an array
// (the shape is only in a screenshot [U]).
absl::StatusOr<std::vector<Batch>> ParseBatchList(std::string_view body);
// Cielo's non-business error envelope {errorCode, errorMessage, date}; "" parts when absent.
struct ApiError {
  std::string code;
  std::string message;
};
ApiError ParseApiError(std::string_view body);

// What one cancellation's status means for the operation. `batch` gives the echo its refund id.
ProviderResult ResultOf(const Batch& batch, const Cancellation& cancellation);

// The echo reference cancela records: "<refundID>/<controlID>", so a later query can find the
// batch and a letter request the cancellation.
std::string EchoReference(int64_t refund_id, int64_t control_id);
struct EchoIds {
  int64_t refund_id = 0;
  int64_t control_id = 0;
};
std::optional<EchoIds> ParseEchoReference(const std::string& reference);

// The cancellation of `command` inside `batch`, or nullptr: matched by control id when known,
// otherwise by merchant, authorization code, NSU and amount.
const Cancellation* FindCancellation(const Batch& batch, const CancelCommand& command,
                                     int64_t control_id);

// --- URLs ---

std::string RefundsUrl(const Settings& settings);
std::string BatchUrl(const Settings& settings, int64_t refund_id, const std::string& merchant_id);
// The "timeout" list query: one EC, at most 7 days, searched by authorization code.
std::string ListUrl(const Settings& settings, const std::string& merchant_id,
                    absl::CivilDay from, absl::CivilDay to,
                    const std::string& authorization_code, int page);

// --- Letters ---

std::string LanguageCode(LetterLanguage language);  // "PT_BR", "EN_US"
std::string LetterPdfBody(const std::string& merchant_id, int64_t control_id,
                          LetterLanguage language);
std::string LetterZipBody(const std::string& merchant_id, const std::vector<int64_t>& control_ids,
                          LetterLanguage language);

}  // namespace cancela::providers::cielo_unica
