#include "providers/cielo_ecommerce/cielo_ecommerce_transformers.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/json_access.h"
#include "providers/provider_results.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_codes.h"

namespace cancela::providers::cielo_ecommerce {
namespace {

PaymentMethod MethodOf(const std::string& type) {
  const std::string t = absl::AsciiStrToLower(type);
  if (t == "creditcard") return PaymentMethod::kCreditCard;
  if (t == "debitcard") return PaymentMethod::kDebitCard;
  if (t == "pix") return PaymentMethod::kPix;
  if (t.empty()) return PaymentMethod::kUnknown;
  return PaymentMethod::kOther;
}

// Only the last four digits of a masked card number ever leave this function.
std::string LastFour(const std::string& masked) {
  std::string digits;
  for (char c : masked) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  return digits.size() >= 4 ? digits.substr(digits.size() - 4) : std::string();
}

// Cielo's 400/422 bodies: [{"Code": 309, "Message": "..."}] (sometimes a single object).
std::optional<std::pair<int64_t, std::string>> FirstApiError(const std::string& body) {
  auto parsed = json::Parse(body);
  if (!parsed) return std::nullopt;
  const nlohmann::json* first = parsed->is_array() && !parsed->empty() ? &(*parsed)[0]
                                : parsed->is_object()                 ? &*parsed
                                                                      : nullptr;
  if (first == nullptr) return std::nullopt;
  return std::make_pair(json::GetIntLenient(*first, "Code").value_or(-1),
                        json::GetString(*first, "Message").value_or(""));
}

}  // namespace

absl::TimeZone BrasiliaTime() { return absl::FixedTimeZone(-3 * 60 * 60); }

std::optional<absl::Time> ParseCieloTime(const std::string& text) {
  absl::Time t;
  std::string error;
  for (const char* format : {"%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"}) {
    if (absl::ParseTime(format, text, BrasiliaTime(), &t, &error)) return t;
  }
  return std::nullopt;
}

std::string VoidUrl(const std::string& transactional_url, const std::string& payment_id,
                    std::optional<int64_t> amount_minor_units) {
  std::string url = absl::StrCat(transactional_url, "/1/sales/", payment_id, "/void");
  if (amount_minor_units) absl::StrAppend(&url, "?amount=", *amount_minor_units);
  return url;
}

std::string SaleUrl(const std::string& query_url, const std::string& payment_id) {
  return absl::StrCat(query_url, "/1/sales/", payment_id);
}

absl::StatusOr<ParsedSale> ParseSaleResponse(const http::Response& response) {
  if (response.status == 404) {
    return MakeError(absl::StatusCode::kNotFound, v1::SALE_NOT_FOUND,
                     "Cielo does not know this sale (or it is more than 3 months old)");
  }
  if (response.status == 401 || response.status == 403) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_AUTH_FAILED,
                     "Cielo rejected the account's credentials");
  }
  if (response.status >= 500) {
    return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                     absl::StrCat("Cielo answered HTTP ", response.status));
  }
  auto parsed = json::Parse(response.body);
  const nlohmann::json* payment = parsed ? json::Find(*parsed, "Payment") : nullptr;
  if (response.status != 200 || payment == nullptr || !payment->is_object()) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                     absl::StrCat("unreadable Cielo sale (HTTP ", response.status, ")"));
  }
  auto status = json::GetIntLenient(*payment, "Status");
  auto amount = json::GetIntLenient(*payment, "Amount");
  if (!status || !amount) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                     "Cielo sale without Status or Amount");
  }
  ParsedSale out;
  SaleSnapshot& s = out.sale;
  s.provider_status = absl::StrCat(*status);
  s.state = SaleStateOf(static_cast<int>(*status));
  s.method = MethodOf(json::GetString(*payment, "Type").value_or(""));
  s.currency = absl::AsciiStrToUpper(json::GetString(*payment, "Currency").value_or("BRL"));
  s.authorized_minor_units = *amount;
  s.captured_minor_units = json::GetIntLenient(*payment, "CapturedAmount").value_or(0);
  // A captured sale that omits CapturedAmount was captured in full.
  if (s.captured_minor_units == 0 && (*status == 2 || *status == 11)) s.captured_minor_units = *amount;
  s.cancelled_minor_units = json::GetIntLenient(*payment, "VoidedAmount").value_or(0);
  if (auto received = json::GetString(*payment, "ReceivedDate")) {
    if (auto t = ParseCieloTime(*received)) s.sale_time = *t;
  }
  if (auto captured = json::GetString(*payment, "CapturedDate")) {
    s.capture_time = ParseCieloTime(*captured);
  }
  for (const char* card_node : {"CreditCard", "DebitCard"}) {
    if (const nlohmann::json* card = json::Find(*payment, card_node)) {
      s.brand = json::GetString(*card, "Brand").value_or("");
      s.card_last_four = LastFour(json::GetString(*card, "CardNumber").value_or(""));
    }
  }
  s.reference = json::GetString(*payment, "EndToEndId")
                    .value_or(json::GetStringLenient(*payment, "ProofOfSale").value_or(""));
  if (const nlohmann::json* refunds = json::Find(*payment, "Refunds");
      refunds != nullptr && refunds->is_array()) {
    for (const nlohmann::json& entry : *refunds) {
      RefundEntry e;
      e.amount_minor_units = json::GetIntLenient(entry, "Amount").value_or(0);
      e.status = static_cast<int>(json::GetIntLenient(entry, "Status").value_or(-1));
      if (auto received = json::GetString(entry, "ReceivedDate")) e.received = ParseCieloTime(*received);
      out.refunds.push_back(e);
    }
  }
  return out;
}

ProviderResult ParseVoidResponse(const http::Response& response) {
  if (response.status >= 500) {
    return UnknownResult(absl::StrCat("Cielo answered HTTP ", response.status,
                                "; the cancellation may have been applied"));
  }
  if (response.status == 401) {
    return FailedResult(v1::FAILURE_REASON_PROVIDER_AUTHENTICATION,
                  "Cielo rejected the account's credentials", "Cielo answered HTTP 401");
  }
  if (response.status == 403) {
    return FailedResult(v1::FAILURE_REASON_PERMISSION, "Cielo refused the request (IP restriction)",
                  "Cielo answered HTTP 403");
  }
  if (response.status == 404) {
    return FailedResult(v1::FAILURE_REASON_ORIGINAL_NOT_FOUND, "Cielo does not know this sale",
                  "Cielo answered HTTP 404");
  }
  if (response.status == 400 || response.status == 422) {
    auto error = FirstApiError(response.body);
    ProviderResult r;
    if (response.status == 422) {
      const std::string lower = absl::AsciiStrToLower(error ? error->second : "");
      const bool balance = absl::StrContains(lower, "balance") || absl::StrContains(lower, "moneyback");
      r = FailedResult(balance ? v1::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE
                         : v1::FAILURE_REASON_NOT_ELIGIBLE,
                 balance ? "the merchant lacks Pix balance for the refund"
                         : "Cielo's Pix service refused the refund",
                 "Cielo answered HTTP 422");
    } else {
      const Decline d = DeclineForApiErrorCode(error ? static_cast<int>(error->first) : -1);
      r = FailedResult(d.reason, absl::StrCat("Cielo: ", d.meaning), "Cielo answered HTTP 400");
    }
    if (error) {
      r.echo.code = absl::StrCat(error->first);
      r.echo.message = error->second.substr(0, 512);
    }
    return r;
  }
  if (response.status != 200 && response.status != 201) {
    return UnknownResult(absl::StrCat("unexpected HTTP ", response.status, " from Cielo"));
  }

  auto parsed = json::Parse(response.body);
  if (!parsed || !parsed->is_object()) return UnknownResult("unreadable Cielo answer");
  const nlohmann::json& body = *parsed;
  const std::optional<int64_t> status = json::GetIntLenient(body, "Status");
  const std::string return_code = json::GetStringLenient(body, "ReturnCode").value_or("");
  const std::optional<int64_t> reason_code = json::GetIntLenient(body, "ReasonCode");

  ProviderEcho echo;
  echo.status = status ? absl::StrCat(*status) : "";
  echo.code = return_code;
  echo.message = json::GetString(body, "ReturnMessage").value_or("").substr(0, 512);
  echo.reason_code = reason_code ? absl::StrCat(*reason_code) : "";
  echo.reason_message = json::GetString(body, "ReasonMessage").value_or("").substr(0, 512);
  echo.reference = json::GetString(body, "AuthorizationCode")
                       .value_or(json::GetStringLenient(body, "ProofOfSale").value_or(""));

  ProviderResult r;
  r.echo = echo;
  if (!status) {
    r.outcome = Outcome::kUnknown;
    r.note = "Cielo answer without Status";
    return r;
  }
  const bool approved = return_code.empty() || return_code == "0" || return_code == "9";
  if (approved && (*status == 10 || *status == 11)) {
    r.outcome = Outcome::kSucceeded;
    r.note = absl::StrCat("Cielo cancelled the sale (Status ", *status, ")");
  } else if (approved && *status == 2 && reason_code == 8) {
    r.outcome = Outcome::kScheduled;
    r.note = "Cielo scheduled the Pix refund";
  } else if (approved && *status == 12) {
    r.outcome = Outcome::kScheduled;
    r.note = "Cielo accepted the Pix refund (legacy provider)";
  } else if (approved && *status == 2 && (!reason_code || *reason_code == 0)) {
    r.outcome = Outcome::kSucceeded;
    r.note = "Cielo cancelled part of the sale";
  } else if (IsTimeoutReturnCode(return_code)) {
    r.outcome = Outcome::kUnknown;
    r.note = absl::StrCat("Cielo timed out (ReturnCode ", return_code, ")");
  } else if (auto decline = DeclineForReturnCode(return_code)) {
    r.outcome = Outcome::kFailed;
    r.failure_reason = decline->reason;
    r.failure_message = absl::StrCat("Cielo: ", decline->meaning, " (ReturnCode ", return_code, ")");
    r.note = absl::StrCat("Cielo declined (ReturnCode ", return_code, ")");
  } else {
    r.outcome = Outcome::kUnknown;
    r.note = absl::StrCat("unrecognised Cielo answer (Status ", *status, ", ReturnCode ",
                          return_code.substr(0, 8), ")");
  }
  return r;
}

}  // namespace cancela::providers::cielo_ecommerce
