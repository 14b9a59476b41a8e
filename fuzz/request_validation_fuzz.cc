// Fuzzes request validation from the bytes a gRPC client could send: the first byte picks
// RefundRequest or VoidRequest, the rest is parsed as that message's protobuf binary. Whatever
// validation lets through must respect the documented limits.

#include <cstdint>
#include <cstdlib>

#include "fuzz/fuzz_input.h"
#include "service/core/request_validation.h"

namespace core = cancela::core;
using cancela::fuzz::Violation;

namespace {

constexpr char kTarget[] = "request_validation";

bool PrintableAscii(const std::string& s) {
  for (char c : s) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

void CheckAccepted(const core::CancelRequest& r) {
  if (r.idempotency_key.size() < core::kMinIdempotencyKeyLength ||
      r.idempotency_key.size() > core::kMaxIdempotencyKeyLength || !PrintableAscii(r.idempotency_key)) {
    Violation(kTarget, "accepted an idempotency key outside its limits");
  }
  if (r.provider_account.empty() || !PrintableAscii(r.provider_account)) {
    Violation(kTarget, "accepted a malformed provider_account");
  }
  if (r.reason.size() > core::kMaxReasonLength) Violation(kTarget, "accepted a reason too long");
  if (r.metadata.size() > core::kMaxMetadataEntries) Violation(kTarget, "accepted too much metadata");
  if (r.amount_minor_units &&
      (*r.amount_minor_units <= 0 || *r.amount_minor_units > core::kMaxAmountMinorUnits)) {
    Violation(kTarget, "accepted an amount outside (0, max]");
  }
  if (r.amount_minor_units && r.currency.empty()) Violation(kTarget, "an amount without currency");
  if (const auto* unica = std::get_if<cancela::providers::CieloUnicaSaleRef>(&r.sale)) {
    if (!cancela::fuzz::IsLastFourOrEmpty(unica->card_last_four)) {
      Violation(kTarget, "accepted more than four card digits");
    }
  }
}

template <typename Request, typename Validate>
void Run(const uint8_t* data, size_t size, Validate validate) {
  Request request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return;
  const auto accepted = validate(request);
  if (accepted.ok()) CheckAccepted(*accepted);
  (void)core::IsWellFormedOperationId(request.idempotency_key());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  if (data[0] & 1) {
    Run<cancela::v1::VoidRequest>(data + 1, size - 1, core::ValidateVoidRequest);
  } else {
    Run<cancela::v1::RefundRequest>(data + 1, size - 1, core::ValidateRefundRequest);
  }
  return 0;
}
