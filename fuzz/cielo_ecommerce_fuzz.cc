// Fuzzes what cancela reads from Cielo E-commerce 3.0: the void answer, the sale query and the
// notification post. Selector: 'v' void (default), 's' sale, 'n' notification.

#include "fuzz/fuzz_input.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_notification.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_transformers.h"

namespace ce = cancela::providers::cielo_ecommerce;
using cancela::fuzz::Violation;
using cancela::providers::Outcome;

namespace {

constexpr char kTarget[] = "cielo_ecommerce";

void CheckVoid(const cancela::providers::http::Response& response) {
  const auto result = ce::ParseVoidResponse(response);
  if (result.outcome != Outcome::kSucceeded && result.outcome != Outcome::kScheduled) return;
  // Cielo confirms a void only with a 200/201 JSON object carrying Status.
  if (response.status != 200 && response.status != 201) Violation(kTarget, "success off a non-2xx");
  if (!cancela::fuzz::IsObjectWith(cancela::fuzz::ParseOrDiscard(response.body), "Status")) {
    Violation(kTarget, "void success without a JSON object holding Status");
  }
}

void CheckSale(const cancela::providers::http::Response& response) {
  const auto sale = ce::ParseSaleResponse(response);
  if (!sale.ok()) return;
  const nlohmann::json body = cancela::fuzz::ParseOrDiscard(response.body);
  if (response.status != 200 || !cancela::fuzz::IsObjectWith(body, "Payment")) {
    Violation(kTarget, "sale read without a 200 JSON object holding Payment");
  }
  const nlohmann::json& payment = body["Payment"];
  if (!cancela::fuzz::IsObjectWith(payment, "Status") || !payment.contains("Amount")) {
    Violation(kTarget, "sale read without Payment.Status and Payment.Amount");
  }
  if (!cancela::fuzz::IsLastFourOrEmpty(sale->sale.card_last_four)) {
    Violation(kTarget, "more than the last four card digits");
  }
}

void CheckNotification(const std::string& body) {
  const auto n = ce::ParseNotification(body);
  if (!n.ok()) return;
  if (!cancela::fuzz::IsObjectWith(cancela::fuzz::ParseOrDiscard(body), "PaymentId")) {
    Violation(kTarget, "notification accepted without a JSON PaymentId");
  }
  if (n->payment_id.size() != 36 || n->change_type < 1) {
    Violation(kTarget, "notification accepted with a malformed PaymentId or ChangeType");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cancela::fuzz::FuzzReply input = cancela::fuzz::SplitInput(data, size);
  cancela::providers::http::Response response = cancela::fuzz::ResponseOf(input);
  switch (input.selector) {
    case 's': CheckSale(response); break;
    case 'n': CheckNotification(response.body); break;
    default: CheckVoid(response); break;
  }
  return 0;
}
