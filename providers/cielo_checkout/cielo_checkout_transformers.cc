#include "providers/cielo_checkout/cielo_checkout_transformers.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/json_access.h"
#include "providers/cielo_checkout/cielo_checkout_amount.h"
#include "providers/cielo_checkout/cielo_checkout_codes.h"

namespace cancela::providers::cielo_checkout {
namespace {

absl::TimeZone Brasilia() { return absl::FixedTimeZone(-3 * 60 * 60); }

ProviderResult Unknown(std::string note) {
  ProviderResult r;
  r.outcome = Outcome::kUnknown;
  r.note = std::move(note);
  return r;
}

ProviderResult Failed(v1::FailureReason reason, std::string message, std::string note) {
  ProviderResult r;
  r.outcome = Outcome::kFailed;
  r.failure_reason = reason;
  r.failure_message = std::move(message);
  r.note = std::move(note);
  return r;
}

// Only the last four digits of a masked card number ever leave this function.
std::string LastFour(const std::string& masked) {
  std::string digits;
  for (char c : masked) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  return digits.size() >= 4 ? digits.substr(digits.size() - 4) : std::string();
}

// A centavos field written as a number or as a string of digits.
std::optional<int64_t> Cents(const nlohmann::json& object, const char* key) {
  auto text = json::GetStringLenient(object, key);
  return text ? ParseCents(*text) : std::nullopt;
}

// The error body is undocumented [U]: take a message from the usual places, or the text itself.
std::string ErrorMessageOf(const std::string& body) {
  auto parsed = json::Parse(body);
  if (parsed) {
    const nlohmann::json* first =
        parsed->is_array() && !parsed->empty() ? &(*parsed)[0] : &*parsed;
    for (const char* key : {"message", "Message", "returnMessage", "error_description", "error"}) {
      if (auto m = json::GetString(*first, key)) return m->substr(0, 512);
    }
    return "";
  }
  return std::string(absl::StripAsciiWhitespace(body)).substr(0, 512);
}

absl::Status HttpError(int status, const char* what) {
  if (status == 401 || status == 403) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_AUTH_FAILED,
                     absl::StrCat("Cielo Checkout rejected the account's credentials (", what, ")"),
                     {{"httpStatus", absl::StrCat(status)}});
  }
  if (status >= 500 || status == 429) {
    return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                     absl::StrCat("Cielo Checkout answered HTTP ", status, " (", what, ")"),
                     {{"httpStatus", absl::StrCat(status)}});
  }
  return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                   absl::StrCat("unexpected HTTP ", status, " from Cielo Checkout (", what, ")"),
                   {{"httpStatus", absl::StrCat(status)}});
}

// Σ unitPrice × quantity − cart discount + shipping; nullopt when a number is unreadable or the
// sum overflows.
std::optional<int64_t> OrderAmount(const nlohmann::json& order) {
  int64_t items_total = 0;
  const nlohmann::json* cart = json::Find(order, "cart");
  const nlohmann::json* items = cart ? json::Find(*cart, "items") : nullptr;
  if (items == nullptr || !items->is_array() || items->empty()) return std::nullopt;
  for (const nlohmann::json& item : *items) {
    auto price = Cents(item, "unitPrice");
    auto quantity = json::GetIntLenient(item, "quantity");
    int64_t line = 0;
    if (!price || !quantity || *quantity < 0 || __builtin_mul_overflow(*price, *quantity, &line) ||
        __builtin_add_overflow(items_total, line, &items_total)) {
      return std::nullopt;
    }
  }
  int64_t total = items_total;
  if (const nlohmann::json* discount = json::Find(*cart, "discount")) {
    const std::string type = absl::AsciiStrToLower(json::GetString(*discount, "type").value_or(""));
    auto value = Cents(*discount, "value");
    if (value && *value > 0) {
      if (type == "amount") {
        total -= *value;
      } else if (type == "percent" && *value <= 100) {
        total -= items_total * *value / 100;
      } else {
        return std::nullopt;
      }
    }
  }
  if (const nlohmann::json* shipping = json::Find(order, "shipping")) {
    std::optional<int64_t> price = Cents(*shipping, "price");
    const nlohmann::json* services = json::Find(*shipping, "services");
    // A paid order lists the service the buyer chose; with several, none is known to apply.
    if (!price && services != nullptr && services->is_array() && services->size() == 1) {
      price = Cents((*services)[0], "price");
    }
    if (price && __builtin_add_overflow(total, *price, &total)) return std::nullopt;
  }
  return total > 0 ? std::optional<int64_t>(total) : std::nullopt;
}

}  // namespace

Secret BasicAuthorization(const Secret& client_id, const Secret& client_secret) {
  return Secret(absl::StrCat(
      "Basic ", absl::Base64Escape(absl::StrCat(client_id.Reveal(), ":", client_secret.Reveal()))));
}

absl::StatusOr<http::OAuthToken> ParseTokenResponse(const http::Response& response,
                                                    absl::Duration default_lifetime) {
  if (response.status == 400 || response.status == 401 || response.status == 403) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_AUTH_FAILED,
                     "Cielo Checkout refused the account's client credentials",
                     {{"httpStatus", absl::StrCat(response.status)}});
  }
  if (response.status != 200 && response.status != 201) return HttpError(response.status, "token");
  auto parsed = json::Parse(response.body);
  auto token = parsed ? json::GetString(*parsed, "access_token") : std::nullopt;
  if (!token || token->empty()) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                     "Cielo Checkout's token answer has no access_token");
  }
  const std::string type = absl::AsciiStrToLower(json::GetString(*parsed, "token_type").value_or("bearer"));
  if (type != "bearer") {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                     "Cielo Checkout issued a token that is not a bearer token");
  }
  http::OAuthToken out;
  out.access_token = Secret(*token);
  const std::optional<int64_t> expires_in = json::GetIntLenient(*parsed, "expires_in");
  out.lifetime = expires_in && *expires_in > 0 ? absl::Seconds(*expires_in) : default_lifetime;
  return out;
}

bool IsValidOrderNumber(const std::string& order_number) {
  if (order_number.empty() || order_number.size() > 64) return false;
  for (char c : order_number) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string OrderUrl(const std::string& base_url, const std::string& order_number) {
  return absl::StrCat(base_url, "/api/public/v2/orders/", order_number);
}

std::string VoidUrl(const std::string& base_url, const std::string& order_number,
                    const std::optional<std::string>& amount) {
  std::string url = absl::StrCat(OrderUrl(base_url, order_number), "/void");
  if (amount) absl::StrAppend(&url, "?amount=", *amount);
  return url;
}

std::string MerchantOrderNumberUrl(const std::string& base_url,
                                   const std::string& merchant_order_number) {
  return absl::StrCat(base_url, "/api/public/v2/merchantOrderNumber/", merchant_order_number);
}

std::optional<absl::Time> ParseCheckoutTime(const std::string& text) {
  absl::Time t;
  std::string error;
  for (const char* format : {"%Y-%m-%dT%H:%M:%E*S", "%Y-%m-%d %H:%M:%E*S", "%d-%m-%Y %H:%M:%S",
                             "%Y-%m-%d"}) {
    if (absl::ParseTime(format, text, Brasilia(), &t, &error)) return t;
  }
  return std::nullopt;
}

absl::StatusOr<SaleSnapshot> ParseOrderResponse(const http::Response& response) {
  if (response.status == 404) {
    return MakeError(absl::StatusCode::kNotFound, v1::SALE_NOT_FOUND,
                     "Cielo Checkout does not know this order (or it is more than 45 days old)");
  }
  if (response.status != 200) return HttpError(response.status, "order query");
  auto parsed = json::Parse(response.body);
  const nlohmann::json* payment = parsed ? json::Find(*parsed, "payment") : nullptr;
  if (payment == nullptr || !payment->is_object()) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                     "Cielo Checkout order without a payment");
  }
  const std::optional<std::string> status_text = json::GetStringLenient(*payment, "status");
  const std::optional<int64_t> amount = OrderAmount(*parsed);
  if (!status_text || !amount) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                     "Cielo Checkout order without a status or a readable amount");
  }
  SaleSnapshot s;
  s.provider_status = status_text->substr(0, 32);
  const std::optional<OrderStatus> status = OrderStatusOf(*status_text);
  s.state = status ? status->state : SaleState::kUnknown;
  s.method = MethodOfPaymentType(json::GetString(*payment, "type").value_or(""));
  s.brand = json::GetString(*payment, "brand").value_or("").substr(0, 32);
  s.currency = "BRL";  // Checkout sells in reais only
  s.authorized_minor_units = *amount;
  const bool captured = status && (status->value == 2 || status->value == 5 || status->value == 8);
  s.captured_minor_units = captured ? *amount : 0;
  // The order query shows no cancelled amount; only a void of everything shows, as Voided.
  s.cancelled_minor_units = status && status->value == 5 ? *amount : 0;
  if (auto created = json::GetString(*payment, "createdDate")) {
    if (auto t = ParseCheckoutTime(*created)) s.sale_time = *t;
  }
  if (captured) {
    if (auto finished = json::GetString(*payment, "finishedDate")) s.capture_time = ParseCheckoutTime(*finished);
  }
  s.card_last_four = LastFour(json::GetString(*payment, "cardMaskedNumber").value_or(""));
  s.reference = json::GetStringLenient(*payment, "tid").value_or("").substr(0, 40);
  return s;
}

absl::StatusOr<std::vector<OrderListing>> ParseMerchantOrderList(const http::Response& response) {
  if (response.status == 404) {
    return MakeError(absl::StatusCode::kNotFound, v1::SALE_NOT_FOUND,
                     "Cielo Checkout has no order with this merchant order number");
  }
  if (response.status != 200) return HttpError(response.status, "merchant order number query");
  auto parsed = json::Parse(response.body);
  if (!parsed || !parsed->is_array()) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                     "Cielo Checkout's order list is not a list");
  }
  std::vector<OrderListing> out;
  for (const nlohmann::json& entry : *parsed) {
    auto number = json::GetString(entry, "checkoutOrderNumber");
    if (!number || !IsValidOrderNumber(*number)) {
      return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                       "Cielo Checkout listed an order without a checkoutOrderNumber");
    }
    OrderListing listing;
    listing.checkout_order_number = *number;
    if (auto created = json::GetString(entry, "createdDate")) listing.created = ParseCheckoutTime(*created);
    out.push_back(std::move(listing));
  }
  return out;
}

ProviderResult ParseVoidResponse(const http::Response& response, const Settings& settings) {
  const int http = response.status;
  if (http >= 500) {
    return Unknown(absl::StrCat("Cielo Checkout answered HTTP ", http,
                                "; the cancellation may have been applied"));
  }
  if (http >= 400) {
    const std::string message = ErrorMessageOf(response.body);
    ProviderResult r;
    if (http == 401) {
      r = Failed(v1::FAILURE_REASON_PROVIDER_AUTHENTICATION,
                 "Cielo Checkout rejected the account's credentials", "HTTP 401 after a new token");
    } else if (http == 403) {
      r = Failed(v1::FAILURE_REASON_PERMISSION, "Cielo Checkout refused the request (HTTP 403)",
                 "Cielo Checkout answered HTTP 403");
    } else if (http == 404) {
      r = Failed(v1::FAILURE_REASON_ORIGINAL_NOT_FOUND, "Cielo Checkout does not know this order",
                 "Cielo Checkout answered HTTP 404");
    } else if (http == 429) {
      r = Failed(v1::FAILURE_REASON_PROVIDER_UNAVAILABLE,
                 "Cielo Checkout is rate limiting; nothing was executed",
                 "Cielo Checkout answered HTTP 429");
    } else if (absl::StrContains(absl::AsciiStrToLower(message), "saldo")) {
      r = Failed(v1::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE,
                 "Cielo Checkout: the merchant lacks balance for the cancellation",
                 absl::StrCat("Cielo Checkout answered HTTP ", http));
    } else {
      r = Failed(http == 409 || http == 422 ? v1::FAILURE_REASON_NOT_ELIGIBLE
                                            : v1::FAILURE_REASON_INVALID_REQUEST,
                 absl::StrCat("Cielo Checkout refused the cancellation (HTTP ", http, ")"),
                 absl::StrCat("Cielo Checkout answered HTTP ", http));
    }
    r.echo.code = absl::StrCat(http);
    r.echo.message = message;
    return r;
  }
  if (http != 200 && http != 201) return Unknown(absl::StrCat("unexpected HTTP ", http, " from Cielo Checkout"));

  auto parsed = json::Parse(response.body);
  if (!parsed || !parsed->is_object()) return Unknown("unreadable Cielo Checkout answer");
  const std::optional<bool> success = json::GetBool(*parsed, "success");
  ProviderResult r;
  r.echo.status = json::GetStringLenient(*parsed, "status").value_or("").substr(0, 32);
  r.echo.code = json::GetStringLenient(*parsed, "returnCode").value_or("").substr(0, 32);
  r.echo.message = json::GetString(*parsed, "returnMessage").value_or("").substr(0, 512);
  if (!success) {
    r.outcome = Outcome::kUnknown;
    r.note = "Cielo Checkout answer without success";
    return r;
  }
  if (*success) {
    r.outcome = Outcome::kSucceeded;
    r.note = absl::StrCat("Cielo Checkout cancelled (returnCode ", r.echo.code, ")");
    return r;
  }
  r.outcome = Outcome::kFailed;
  r.failure_reason = ReasonForReturnCode(r.echo.code, settings.return_code_reasons);
  r.failure_message = absl::StrCat("Cielo Checkout declined the cancellation (returnCode ",
                                   r.echo.code, ")");
  r.note = absl::StrCat("Cielo Checkout declined (returnCode ", r.echo.code, ")");
  return r;
}

}  // namespace cancela::providers::cielo_checkout
