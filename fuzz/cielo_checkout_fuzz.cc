// Fuzzes what cancela reads from Cielo Checkout: the void answer, the order query, the merchant
// order list, the OAuth token and the notification post (form or JSON). Selector: 'v' void
// (default), 'o' order, 'l' list, 't' token, 'f' form notification, 'j' JSON notification.

#include "fuzz/fuzz_input.h"
#include "providers/cielo_checkout/cielo_checkout_notification.h"
#include "providers/cielo_checkout/cielo_checkout_transformers.h"

namespace cc = cancela::providers::cielo_checkout;
using cancela::fuzz::Violation;
using cancela::providers::Outcome;

namespace {

constexpr char kTarget[] = "cielo_checkout";

void CheckVoid(const cancela::providers::http::Response& response) {
  static const cc::Settings settings;
  const auto result = cc::ParseVoidResponse(response, settings);
  if (result.outcome != Outcome::kSucceeded) return;
  const nlohmann::json body = cancela::fuzz::ParseOrDiscard(response.body);
  if (response.status != 200 && response.status != 201) Violation(kTarget, "success off a non-2xx");
  if (!cancela::fuzz::IsObjectWith(body, "success") || body["success"] != true) {
    Violation(kTarget, "void success without a JSON object saying success: true");
  }
}

void CheckOrder(const cancela::providers::http::Response& response) {
  const auto sale = cc::ParseOrderResponse(response);
  if (!sale.ok()) return;
  if (response.status != 200 || !cancela::fuzz::ParseOrDiscard(response.body).is_object()) {
    Violation(kTarget, "order read without a 200 JSON object");
  }
  if (!cancela::fuzz::IsLastFourOrEmpty(sale->card_last_four)) {
    Violation(kTarget, "more than the last four card digits");
  }
  if (sale->authorized_minor_units < 0) Violation(kTarget, "a negative order amount");
}

void CheckList(const cancela::providers::http::Response& response) {
  const auto list = cc::ParseMerchantOrderList(response);
  if (!list.ok()) return;
  if (response.status != 200 || !cancela::fuzz::ParseOrDiscard(response.body).is_array()) {
    Violation(kTarget, "order list read without a 200 JSON array");
  }
  for (const auto& entry : *list) {
    if (!cc::IsValidOrderNumber(entry.checkout_order_number)) {
      Violation(kTarget, "a listed order number that is not valid");
    }
  }
}

void CheckToken(const cancela::providers::http::Response& response) {
  const auto token = cc::ParseTokenResponse(response, absl::Seconds(1200));
  if (!token.ok()) return;
  // Checkout's token endpoint answers 200 or 201; both are accepted on purpose.
  if ((response.status != 200 && response.status != 201) ||
      !cancela::fuzz::IsObjectWith(cancela::fuzz::ParseOrDiscard(response.body), "access_token")) {
    Violation(kTarget, "token read without a 2xx JSON object holding access_token");
  }
  if (token->lifetime <= absl::ZeroDuration()) Violation(kTarget, "a token that never lives");
}

void CheckNotification(const std::string& content_type, const std::string& body) {
  const auto n = cc::ParseNotification(content_type, body);
  if (!n.ok()) return;
  if (content_type == "application/json" &&
      !cancela::fuzz::IsObjectWith(cancela::fuzz::ParseOrDiscard(body), "MerchantOrderNumber")) {
    Violation(kTarget, "JSON notification accepted without MerchantOrderNumber");
  }
  // A form names the order it is about, or it is no notification.
  if (content_type != "application/json" && !cc::IsValidOrderNumber(n->checkout_order_number)) {
    Violation(kTarget, "form notification accepted without a valid checkout_cielo_order_number");
  }
  if (!n->checkout_order_number.empty() && !cc::IsValidOrderNumber(n->checkout_order_number)) {
    Violation(kTarget, "notification accepted with an invalid order number");
  }
  if (n->payment_status && (*n->payment_status < 0 || *n->payment_status > 99)) {
    Violation(kTarget, "notification accepted with an out-of-range payment_status");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cancela::fuzz::FuzzReply input = cancela::fuzz::SplitInput(data, size);
  cancela::providers::http::Response response = cancela::fuzz::ResponseOf(input);
  switch (input.selector) {
    case 'o': CheckOrder(response); break;
    case 'l': CheckList(response); break;
    case 't': CheckToken(response); break;
    case 'f': CheckNotification("application/x-www-form-urlencoded", response.body); break;
    case 'j': CheckNotification("application/json", response.body); break;
    default: CheckVoid(response); break;
  }
  return 0;
}
