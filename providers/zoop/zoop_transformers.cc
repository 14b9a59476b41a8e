#include "providers/zoop/zoop_transformers.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/json_access.h"
#include "providers/provider_results.h"
#include "providers/zoop/zoop_codes.h"

namespace cancela::providers::zoop {
namespace {

PaymentMethod MethodOf(const std::string& payment_type) {
  const std::string t = absl::AsciiStrToLower(payment_type);
  if (t == "credit") return PaymentMethod::kCreditCard;
  if (t == "debit") return PaymentMethod::kDebitCard;
  if (t == "pix") return PaymentMethod::kPix;
  if (t.empty()) return PaymentMethod::kUnknown;
  return PaymentMethod::kOther;  // boleto, wallet, …
}

// Only four digits, and only when they look like digits.
std::string LastFour(const std::string& text) {
  if (text.size() != 4) return "";
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return "";
  }
  return text;
}

ProviderResult FromError(const ZoopError& error, int http_status) {
  const int code = error.status_code != 0 ? error.status_code : http_status;
  if (IsProviderFault(code, error.type)) {
    return UnknownResult(absl::StrCat("Zoop reported its own error (", code, " ", error.type.substr(0, 40),
                                "); the cancellation may have been applied"));
  }
  const Decline d = DeclineForError(code, error.type, error.category);
  ProviderResult r = FailedResult(d.reason, absl::StrCat("Zoop: ", d.meaning),
                            absl::StrCat("Zoop refused the cancellation (HTTP ", http_status, ")"));
  r.echo.status = "error";
  r.echo.code = absl::StrCat(code);
  r.echo.reason_code = error.category.substr(0, 64);
  r.echo.reason_message = error.type.substr(0, 64);
  r.echo.message = error.message.substr(0, 512);
  return r;
}

// The last cancellation entry of the history, if any.
const HistoryEntry* LastCancellation(const std::vector<HistoryEntry>& history) {
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (IsCancellationEntry(it->operation_type)) return &*it;
  }
  return nullptr;
}

}  // namespace

std::string BasicAuthorization(const Secret& api_key) {
  return absl::StrCat("Basic ", absl::Base64Escape(absl::StrCat(api_key.Reveal(), ":")));
}

std::string TransactionUrl(const Settings& settings, const std::string& transaction_id) {
  return absl::StrCat(settings.base_url, "/", settings.api_version, "/marketplaces/",
                      settings.marketplace_id, "/transactions/", transaction_id);
}

std::string VoidUrl(const Settings& settings, const std::string& transaction_id) {
  return absl::StrCat(TransactionUrl(settings, transaction_id), "/void");
}

std::string ReceivablesUrl(const Settings& settings, const std::string& transaction_id) {
  return absl::StrCat(TransactionUrl(settings, transaction_id), "/receivables");
}

std::string VoidBody(int64_t amount_minor_units, const std::string& on_behalf_of) {
  nlohmann::json body = {{"amount", amount_minor_units}, {"on_behalf_of", on_behalf_of}};
  return body.dump();
}

std::optional<int64_t> ParseDecimalCents(const nlohmann::json& value) {
  std::string text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (value.is_number_integer() || value.is_number_unsigned()) {
    text = value.dump();
  } else if (value.is_number_float()) {
    // Never seen [I]; read through text so 5.1 is 510, never 509.
    text = absl::StrCat(value.get<double>());
  } else {
    return std::nullopt;
  }
  text = std::string(absl::StripAsciiWhitespace(text));
  const size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 13 || fraction.size() > 2) return std::nullopt;
  for (const std::string* part : {&whole, static_cast<const std::string*>(&fraction)}) {
    for (char c : *part) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
  }
  if (dot != std::string::npos && fraction.empty()) return std::nullopt;
  fraction.resize(2, '0');
  int64_t units = 0;
  int64_t cents = 0;
  if (!absl::SimpleAtoi(whole, &units) || !absl::SimpleAtoi(fraction, &cents)) return std::nullopt;
  return units * 100 + cents;
}

std::optional<absl::Time> ParseZoopTime(const std::string& text) {
  absl::Time t;
  std::string error;
  for (const char* format : {"%Y-%m-%dT%H:%M:%E*S%Ez", "%Y-%m-%dT%H:%M:%E*S%z"}) {
    if (absl::ParseTime(format, text, &t, &error)) return t;
  }
  for (const char* format : {"%Y-%m-%d %H:%M:%E*S", "%Y-%m-%dT%H:%M:%E*S"}) {
    if (absl::ParseTime(format, text, absl::UTCTimeZone(), &t, &error)) return t;
  }
  return std::nullopt;
}

std::optional<ZoopError> ParseErrorEnvelope(const nlohmann::json& body) {
  const nlohmann::json* error = body.is_object() ? json::Find(body, "error") : nullptr;
  if (error == nullptr || !error->is_object()) return std::nullopt;
  ZoopError out;
  out.status_code = static_cast<int>(json::GetIntLenient(*error, "status_code").value_or(0));
  out.type = json::GetString(*error, "type").value_or("");
  out.category = json::GetString(*error, "category").value_or("");
  out.message = json::GetString(*error, "message").value_or("");
  return out;
}

absl::StatusOr<ParsedTransaction> ParseTransactionObject(const nlohmann::json& object) {
  auto invalid = [](const std::string& why) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                     absl::StrCat("unreadable Zoop transaction: ", why));
  };
  if (!object.is_object()) return invalid("not an object");
  if (auto resource = json::GetString(object, "resource"); resource && *resource != "transaction") {
    return invalid("resource is not a transaction");
  }
  ParsedTransaction out;
  out.id = json::GetString(object, "id").value_or("");
  out.status = json::GetString(object, "status").value_or("");
  const nlohmann::json* amount_node = json::Find(object, "amount");
  const std::optional<int64_t> amount =
      amount_node != nullptr ? ParseDecimalCents(*amount_node) : std::nullopt;
  if (out.id.empty() || out.status.empty() || !amount) return invalid("id, status or amount missing");
  const int64_t remaining = amount.value_or(0);
  const nlohmann::json* original_node = json::Find(object, "original_amount");
  const int64_t original =
      (original_node != nullptr ? ParseDecimalCents(*original_node) : std::nullopt).value_or(remaining);
  if (original < remaining) return invalid("amount above original_amount");
  out.on_behalf_of = json::GetString(object, "on_behalf_of").value_or("");
  out.voided = json::GetBool(object, "voided").value_or(false);

  SaleSnapshot& s = out.sale;
  s.provider_status = out.status;
  s.state = SaleStateOf(out.status);
  s.method = MethodOf(json::GetString(object, "payment_type").value_or(""));
  s.currency = absl::AsciiStrToUpper(json::GetString(object, "currency").value_or("BRL"));
  s.authorized_minor_units = original;
  const bool captured = json::GetBool(object, "captured").value_or(s.state == SaleState::kCaptured);
  s.captured_minor_units = captured && s.state != SaleState::kAuthorized ? original : 0;
  // What was cancelled is what the amount shrank by [C]; a canceled sale keeps its amount in some
  // dumps (the seed's total-void example), so a canceled one is cancelled in full.
  s.cancelled_minor_units = s.state == SaleState::kVoided ? original : original - remaining;
  if (auto created = json::GetString(object, "created_at")) {
    if (auto t = ParseZoopTime(*created)) s.sale_time = *t;
  }
  s.capture_time = captured ? std::optional<absl::Time>(s.sale_time) : std::nullopt;
  s.reference = json::GetString(object, "transaction_number").value_or("");
  if (const nlohmann::json* method = json::Find(object, "payment_method");
      method != nullptr && method->is_object()) {
    s.brand = json::GetString(*method, "card_brand").value_or("");
    s.card_last_four = LastFour(json::GetString(*method, "last4_digits").value_or(""));
  }
  if (const nlohmann::json* history = json::Find(object, "history");
      history != nullptr && history->is_array()) {
    for (const nlohmann::json& item : *history) {
      if (!item.is_object()) continue;
      HistoryEntry e;
      e.id = json::GetString(item, "id").value_or("");
      e.operation_type = absl::AsciiStrToLower(json::GetString(item, "operation_type").value_or(""));
      e.status = absl::AsciiStrToLower(json::GetString(item, "status").value_or(""));
      if (const nlohmann::json* a = json::Find(item, "amount")) {
        e.amount_minor_units = ParseDecimalCents(*a).value_or(0);
      }
      e.response_code = json::GetStringLenient(item, "response_code").value_or("");
      e.response_message = json::GetString(item, "response_message").value_or("");
      if (auto created = json::GetString(item, "created_at")) e.created_at = ParseZoopTime(*created);
      out.history.push_back(std::move(e));
    }
  }
  return out;
}

absl::StatusOr<ParsedTransaction> ParseTransactionResponse(const http::Response& response) {
  if (response.status == 404) {
    return MakeError(absl::StatusCode::kNotFound, v1::SALE_NOT_FOUND,
                     "Zoop does not know this transaction in this marketplace");
  }
  if (response.status == 401 || response.status == 403) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_AUTH_FAILED,
                     "Zoop rejected the account's API key");
  }
  if (response.status >= 500) {
    return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                     absl::StrCat("Zoop answered HTTP ", response.status));
  }
  auto parsed = json::Parse(response.body);
  if (parsed) {
    if (auto error = ParseErrorEnvelope(*parsed)) {
      if (error->status_code == 404 || absl::AsciiStrToLower(error->category) == "resource_not_found") {
        return MakeError(absl::StatusCode::kNotFound, v1::SALE_NOT_FOUND,
                         "Zoop does not know this transaction in this marketplace");
      }
      return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                       absl::StrCat("Zoop refused the query (", error->status_code, ")"));
    }
  }
  if (response.status != 200 || !parsed) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                     absl::StrCat("unreadable Zoop transaction (HTTP ", response.status, ")"));
  }
  return ParseTransactionObject(*parsed);
}

absl::StatusOr<bool> ParseReceivablesSettled(const http::Response& response) {
  if (response.status == 404) return false;
  if (response.status >= 500) {
    return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                     absl::StrCat("Zoop's receivables answered HTTP ", response.status));
  }
  if (response.status == 401 || response.status == 403) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_AUTH_FAILED,
                     "Zoop rejected the account's API key");
  }
  auto parsed = json::Parse(response.body);
  const nlohmann::json* items = nullptr;
  if (parsed && parsed->is_array()) items = &*parsed;
  if (parsed && parsed->is_object()) items = json::Find(*parsed, "items");
  if (response.status != 200 || items == nullptr || !items->is_array()) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                     absl::StrCat("unreadable Zoop receivables (HTTP ", response.status, ")"));
  }
  for (const nlohmann::json& item : *items) {
    if (!item.is_object()) continue;
    if (absl::AsciiStrToLower(json::GetString(item, "status").value_or("")) == "paid") return true;
  }
  return false;
}

ProviderResult ParseVoidResponse(const http::Response& response, const CancelCommand& command) {
  if (response.status >= 500) {
    return UnknownResult(absl::StrCat("Zoop answered HTTP ", response.status,
                                "; the cancellation may have been applied"));
  }
  const std::optional<nlohmann::json> parsed = json::Parse(response.body);
  if (parsed) {
    // Zoop may put an error in a 200 body too [I].
    if (auto error = ParseErrorEnvelope(*parsed)) return FromError(*error, response.status);
  }
  if (response.status >= 400) {
    ZoopError bare;
    bare.status_code = response.status;
    return FromError(bare, response.status);
  }
  if (response.status < 200 || response.status > 299) {
    return UnknownResult(absl::StrCat("unexpected HTTP ", response.status, " from Zoop"));
  }
  if (!parsed) return UnknownResult("unreadable Zoop answer; will ask Zoop");
  auto transaction = ParseTransactionObject(*parsed);
  if (!transaction.ok()) return UnknownResult("unreadable Zoop transaction; will ask Zoop");

  ProviderResult r;
  r.echo.status = transaction->status.substr(0, 32);
  const HistoryEntry* entry = LastCancellation(transaction->history);
  if (entry != nullptr) {
    r.echo.reference = entry->id.substr(0, 64);
    r.echo.code = entry->response_code.substr(0, 16);
    r.echo.message = entry->response_message.substr(0, 512);
  }
  if (entry != nullptr && entry->status == "failed") {
    r.outcome = Outcome::kFailed;
    r.failure_reason = v1::FAILURE_REASON_PROVIDER_DECLINED;
    r.failure_message = "Zoop: the issuer declined the cancellation";
    r.note = absl::StrCat("Zoop's history shows the void failed (response_code ",
                          entry->response_code.substr(0, 16), ")");
    return r;
  }
  const bool canceled = transaction->sale.state == SaleState::kVoided;
  const bool entry_matches = entry != nullptr && entry->status == "succeeded" &&
                             entry->amount_minor_units == command.amount_minor_units;
  if (canceled && (command.total || entry_matches)) {
    r.outcome = Outcome::kSucceeded;
    r.note = "Zoop cancelled the transaction (status canceled)";
  } else if (!canceled && entry_matches && transaction->sale.state == SaleState::kCaptured) {
    r.outcome = Outcome::kSucceeded;
    r.note = absl::StrCat("Zoop cancelled part of the transaction; ",
                          transaction->sale.authorized_minor_units -
                              transaction->sale.cancelled_minor_units,
                          " remains");
  } else if (entry != nullptr && entry->status == "pending" &&
             entry->amount_minor_units == command.amount_minor_units) {
    r.outcome = Outcome::kScheduled;
    r.note = "Zoop accepted the cancellation; the issuer answers later";
  } else {
    r.outcome = Outcome::kUnknown;
    r.note = absl::StrCat("Zoop answered status ", r.echo.status,
                          " without a matching void entry; will ask Zoop");
  }
  return r;
}

}  // namespace cancela::providers::zoop
