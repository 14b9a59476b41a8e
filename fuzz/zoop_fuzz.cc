// Fuzzes what cancela reads from Zoop: the void answer (total or partial), the transaction
// query, the receivables list and the webhook event. Selector: 'v' total void (default),
// 'p' partial void of 500, 't' transaction, 'r' receivables, 'w' webhook.

#include "fuzz/fuzz_input.h"
#include "providers/zoop/zoop_transformers.h"
#include "providers/zoop/zoop_webhook_events.h"

namespace zoop = cancela::providers::zoop;
using cancela::fuzz::Violation;
using cancela::providers::Outcome;

namespace {

constexpr char kTarget[] = "zoop";

void CheckVoid(const cancela::providers::http::Response& response, bool total) {
  cancela::providers::CancelCommand command;
  command.kind = cancela::providers::OperationKind::kVoid;
  command.sale = cancela::providers::ZoopSaleRef{"tx", "seller"};
  command.total = total;
  command.amount_minor_units = 500;
  const auto result = zoop::ParseVoidResponse(response, command);
  if (result.outcome != Outcome::kSucceeded && result.outcome != Outcome::kScheduled) return;
  if (response.status < 200 || response.status > 299) Violation(kTarget, "success off a non-2xx");
  const nlohmann::json body = cancela::fuzz::ParseOrDiscard(response.body);
  if (!body.is_object()) Violation(kTarget, "void success without a JSON object");
  // Zoop may put its error object in a 200 body too (providers.md 5.4).
  if (body.contains("error") && body["error"].is_object()) {
    Violation(kTarget, "void success from a body holding an error object");
  }
}

void CheckTransaction(const cancela::providers::http::Response& response) {
  const auto t = zoop::ParseTransactionResponse(response);
  if (!t.ok()) return;
  if (!cancela::fuzz::ParseOrDiscard(response.body).is_object()) {
    Violation(kTarget, "transaction read without a JSON object");
  }
  if (!cancela::fuzz::IsLastFourOrEmpty(t->sale.card_last_four)) {
    Violation(kTarget, "more than the last four card digits");
  }
}

void CheckReceivables(const cancela::providers::http::Response& response) {
  const auto settled = zoop::ParseReceivablesSettled(response);
  // A 404 is "no receivables" whatever its body says (the body is not read); any other answer
  // is only taken from JSON.
  if (settled.ok() && response.status != 404 &&
      cancela::fuzz::ParseOrDiscard(response.body).is_discarded()) {
    Violation(kTarget, "receivables read from non-JSON");
  }
}

void CheckWebhook(const std::string& body) {
  const auto event = zoop::ParseWebhookEvent(body);
  if (!event.ok()) return;
  if (!cancela::fuzz::IsObjectWith(cancela::fuzz::ParseOrDiscard(body), "type")) {
    Violation(kTarget, "webhook accepted without a JSON type");
  }
  if (event->transaction_id.empty()) Violation(kTarget, "webhook accepted without a transaction");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cancela::fuzz::FuzzReply input = cancela::fuzz::SplitInput(data, size);
  cancela::providers::http::Response response = cancela::fuzz::ResponseOf(input);
  switch (input.selector) {
    case 'p': CheckVoid(response, /*total=*/false); break;
    case 't': CheckTransaction(response); break;
    case 'r': CheckReceivables(response); break;
    case 'w': CheckWebhook(response.body); break;
    default: CheckVoid(response, /*total=*/true); break;
  }
  return 0;
}
