// Fuzzes what cancela reads from PayU Latam: the SUBMIT_TRANSACTION answer (refund or void) and
// the ORDER_DETAIL query, then the reconciliation over that order. Selector: 'r' refund answer
// (default), 'v' void answer, 'o' order detail.

#include "fuzz/fuzz_input.h"
#include "providers/payu/payu_transformers.h"

namespace payu = cancela::providers::payu;
using cancela::fuzz::Violation;
using cancela::providers::Outcome;

namespace {

constexpr char kTarget[] = "payu";

const payu::Settings& FuzzSettings() {
  static const payu::Settings settings = [] {
    payu::Settings s;
    s.country = "BR";
    return s;
  }();
  return settings;
}

void CheckSubmit(const cancela::providers::http::Response& response,
                 cancela::providers::OperationKind kind) {
  const auto result = payu::ParseSubmitResponse(response, kind, FuzzSettings());
  if (result.outcome != Outcome::kSucceeded && result.outcome != Outcome::kScheduled &&
      result.outcome != Outcome::kReview) {
    return;
  }
  // PayU accepts only with code SUCCESS and a transactionResponse object.
  const nlohmann::json body = cancela::fuzz::ParseOrDiscard(response.body);
  if (!cancela::fuzz::IsObjectWith(body, "transactionResponse") ||
      !body["transactionResponse"].is_object()) {
    Violation(kTarget, "acceptance without a JSON transactionResponse object");
  }
  if (response.status >= 500) Violation(kTarget, "acceptance off a 5xx");
}

void CheckOrder(const cancela::providers::http::Response& response) {
  const auto order = payu::ParseOrderDetailResponse(response, FuzzSettings());
  if (!order.ok()) return;
  if (cancela::fuzz::ParseOrDiscard(response.body).is_discarded()) {
    Violation(kTarget, "order read from non-JSON");
  }
  for (const auto& t : order->transactions) {
    if (!cancela::fuzz::IsLastFourOrEmpty(t.card_last_four)) {
      Violation(kTarget, "more than the last four card digits");
    }
  }
  // Whatever the order holds, reconciling over it must not crash, and a total refund can only
  // be called done when PayU listed something.
  cancela::providers::CancelCommand command;
  command.kind = cancela::providers::OperationKind::kRefund;
  command.sale = cancela::providers::PayuSaleRef{order->id, "parent"};
  command.total = true;
  const auto reconciled = payu::ReconcileWithOrder(*order, command, {});
  if (reconciled.outcome == Outcome::kSucceeded && order->transactions.empty() &&
      order->status != "REFUNDED") {
    Violation(kTarget, "reconciled as done without a refund or a REFUNDED order");
  }
  for (const auto& t : order->transactions) (void)payu::SnapshotOf(*order, t.id);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cancela::fuzz::FuzzReply input = cancela::fuzz::SplitInput(data, size);
  cancela::providers::http::Response response = cancela::fuzz::ResponseOf(input);
  switch (input.selector) {
    case 'v': CheckSubmit(response, cancela::providers::OperationKind::kVoid); break;
    case 'o': CheckOrder(response); break;
    default: CheckSubmit(response, cancela::providers::OperationKind::kRefund); break;
  }
  return 0;
}
