// Fuzzes what cancela reads from Cielo's API Única de Cancelamento: a batch, a batch list, the
// OAuth token, the error envelope and the exact decimal reais. Selector: 'b' batch (default),
// 'l' list, 't' token, 'e' error, 'd' decimal text.

#include "fuzz/fuzz_input.h"
#include "providers/cielo_unica/cielo_unica_decimal.h"
#include "providers/cielo_unica/cielo_unica_transformers.h"

namespace cu = cancela::providers::cielo_unica;
using cancela::fuzz::Violation;
using cancela::providers::Outcome;

namespace {

constexpr char kTarget[] = "cielo_unica";

// A cancellation Cielo reports as done must come from a JSON transaction with a status object.
void CheckBatch(const cu::Batch& batch) {
  for (const cu::Cancellation& c : batch.cancellations) {
    const auto result = cu::ResultOf(batch, c);
    if (result.outcome == Outcome::kSucceeded && c.status != cu::BatchStatus::kDone) {
      Violation(kTarget, "success for a cancellation that is not done");
    }
    if (c.refund_minor_units && *c.refund_minor_units < 0) Violation(kTarget, "a negative refund");
  }
}

void CheckOneBatch(const std::string& body) {
  const auto batch = cu::ParseBatch(body);
  if (!batch.ok()) return;
  const nlohmann::json root = cancela::fuzz::ParseOrDiscard(body);
  if (!cancela::fuzz::IsObjectWith(root, "transactions") || !root["transactions"].is_array()) {
    Violation(kTarget, "batch read without a JSON object holding a transactions list");
  }
  CheckBatch(*batch);
}

void CheckList(const std::string& body) {
  const auto list = cu::ParseBatchList(body);
  if (!list.ok()) return;
  if (cancela::fuzz::ParseOrDiscard(body).is_discarded()) Violation(kTarget, "list read from non-JSON");
  for (const cu::Batch& batch : *list) CheckBatch(batch);
}

void CheckToken(const cancela::providers::http::Response& response) {
  const auto token = cu::ParseTokenResponse(response, absl::Seconds(600));
  if (!token.ok()) return;
  if (response.status != 200 ||
      !cancela::fuzz::IsObjectWith(cancela::fuzz::ParseOrDiscard(response.body), "access_token")) {
    Violation(kTarget, "token read without a 200 JSON object holding access_token");
  }
  if (token->lifetime <= absl::ZeroDuration()) Violation(kTarget, "a token that never lives");
}

// Cielo's error envelope names a code or message only when the body is a JSON object holding it.
void CheckError(const std::string& body) {
  const cu::ApiError error = cu::ParseApiError(body);
  const nlohmann::json root = cancela::fuzz::ParseOrDiscard(body);
  if (!error.code.empty() && !cancela::fuzz::IsObjectWith(root, "errorCode")) {
    Violation(kTarget, "an error code read from a body without a JSON errorCode");
  }
  if (!error.message.empty() && !cancela::fuzz::IsObjectWith(root, "errorMessage")) {
    Violation(kTarget, "an error message read from a body without a JSON errorMessage");
  }
}

// Reais text → centavos → text → centavos must land on the same number.
void CheckDecimal(const std::string& text) {
  const auto minor = cu::MinorUnitsFromReais(text);
  if (!minor) return;
  const auto back = cu::ReaisFromMinorUnits(*minor);
  if (*minor > 0 && !back) Violation(kTarget, "a positive amount that cannot be written back");
  if (back && cu::MinorUnitsFromReais(*back) != minor) {
    Violation(kTarget, "reais text does not round-trip through centavos");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cancela::fuzz::FuzzReply input = cancela::fuzz::SplitInput(data, size);
  cancela::providers::http::Response response = cancela::fuzz::ResponseOf(input);
  switch (input.selector) {
    case 'l': CheckList(response.body); break;
    case 't': CheckToken(response); break;
    case 'e': CheckError(response.body); break;
    case 'd': CheckDecimal(response.body); break;
    default: CheckOneBatch(response.body); break;
  }
  return 0;
}
