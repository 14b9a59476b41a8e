#include "providers/payu/payu_transformers.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/json_access.h"
#include "providers/payu/payu_amounts.h"
#include "providers/payu/payu_codes.h"
#include "providers/payu/payu_country_rules.h"

namespace cancela::providers::payu {
namespace {

constexpr size_t kMaxProviderText = 300;

const PayuSaleRef& RefOf(const SaleRef& sale) { return std::get<PayuSaleRef>(sale); }

nlohmann::json Merchant(const Settings& settings) {
  return {{"apiLogin", settings.api_login.Reveal()}, {"apiKey", settings.api_key.Reveal()}};
}

// A string member, "" for null, absent or another type; numbers are taken as their text.
std::string Text(const nlohmann::json& object, std::string_view key) {
  return json::GetStringLenient(object, key).value_or("");
}

std::string Clip(std::string text) {
  if (text.size() > kMaxProviderText) text.resize(kMaxProviderText);
  return text;
}

std::string LastFour(const std::string& masked) {
  std::string digits;
  for (char c : masked) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  return digits.size() >= 4 ? digits.substr(digits.size() - 4) : std::string();
}

// operationDate: epoch milliseconds in JSON [C].
std::optional<absl::Time> EpochMillis(const nlohmann::json& object, std::string_view key) {
  auto ms = json::GetIntLenient(object, key);
  if (!ms) return std::nullopt;
  return absl::FromUnixMillis(*ms);
}

const nlohmann::json* TxValue(const nlohmann::json& holder) {
  const nlohmann::json* values = json::Find(holder, "additionalValues");
  const nlohmann::json* tx = values != nullptr ? json::Find(*values, "TX_VALUE") : nullptr;
  return tx != nullptr && tx->is_object() ? tx : nullptr;
}

bool Same(const std::string& a, const std::string& b) { return absl::EqualsIgnoreCase(a, b); }

bool IsRefundType(const std::string& type) {
  return Same(type, "REFUND") || Same(type, "PARTIAL_REFUND");
}

bool IsCardBrand(const std::string& brand) {
  static const std::set<std::string> kCards = {
      "VISA",   "MASTERCARD", "AMEX",    "DINERS", "ELO",      "HIPERCARD", "NARANJA",
      "CABAL",  "ARGENCARD",  "SHOPPING", "CENCOSUD", "CODENSA", "CMR",      "PRESTO",
      "VISA_DEBIT", "MASTERCARD_DEBIT", "MAESTRO", "DISCOVER", "JCB", "MAGNA"};
  return kCards.count(brand) > 0;
}

ProviderResult Result(Outcome outcome, std::string note) {
  ProviderResult r;
  r.outcome = outcome;
  r.note = std::move(note);
  return r;
}

ProviderResult Failed(v1::FailureReason reason, std::string message, std::string note) {
  ProviderResult r = Result(Outcome::kFailed, std::move(note));
  r.failure_reason = reason;
  r.failure_message = std::move(message);
  return r;
}

// A transaction's state as a result: what it says, in words, with PayU's codes kept.
ProviderResult FromTransaction(const PayuTransaction& t, const std::string& what) {
  const Outcome outcome = OutcomeOfState(t.state);
  ProviderResult r;
  r.outcome = outcome;
  r.echo.status = t.state;
  r.echo.code = t.response_code;
  r.echo.message = Clip(t.response_message);
  r.echo.reason_code = !t.pending_reason.empty() ? t.pending_reason : t.network_response_code;
  r.echo.reason_message = Clip(t.network_error_message);
  r.echo.reference = t.id;
  switch (outcome) {
    case Outcome::kSucceeded:
      r.note = absl::StrCat("PayU approved the ", what);
      break;
    case Outcome::kReview:
      r.note = absl::StrCat("PayU is reviewing the ", what, " (",
                            t.pending_reason.empty() ? "PENDING" : t.pending_reason,
                            "); PayU staff decide in 1-3 business days");
      break;
    case Outcome::kScheduled:
      r.note = absl::StrCat("PayU sent the ", what, " to the network (SUBMITTED)");
      break;
    case Outcome::kFailed: {
      r.failure_reason = FailureReasonOf(t.state, t.response_code);
      const char* meaning = MeaningOf(t.response_code);
      r.failure_message = absl::StrCat(
          "PayU ", absl::AsciiStrToLower(t.state), " the ", what,
          meaning != nullptr ? absl::StrCat(": ", meaning) : std::string(),
          t.response_code.empty() ? std::string() : absl::StrCat(" (", t.response_code, ")"));
      r.note = absl::StrCat("PayU state ", t.state, " ", t.response_code);
      break;
    }
    case Outcome::kUnknown:
    case Outcome::kNotExecuted:  // never derived from a transaction's state
      r.note = absl::StrCat("PayU state \"", Clip(t.state), "\" is not one cancela knows");
      break;
  }
  return r;
}

PayuTransaction ParseTransaction(const nlohmann::json& j, int exponent) {
  PayuTransaction t;
  t.id = Text(j, "id");
  t.type = absl::AsciiStrToUpper(Text(j, "type"));
  t.parent_id = Text(j, "parentTransactionId");
  t.payment_method = BrandOf(Text(j, "paymentMethod"));
  t.payment_country = absl::AsciiStrToUpper(Text(j, "paymentCountry"));
  if (const nlohmann::json* tx = TxValue(j)) {
    if (const nlohmann::json* value = json::Find(*tx, "value")) {
      t.amount_minor_units = AmountOf(*value, exponent);
    }
  }
  if (const nlohmann::json* extra = json::Find(j, "extraParameters"); extra && extra->is_object()) {
    t.installments = static_cast<int>(json::GetIntLenient(*extra, "INSTALLMENTS_NUMBER").value_or(0));
  }
  if (const nlohmann::json* card = json::Find(j, "creditCard"); card && card->is_object()) {
    t.card_last_four = LastFour(Text(*card, "maskedNumber"));
    t.issuer_country = absl::AsciiStrToUpper(Text(*card, "issuerCountry"));
  }
  if (const nlohmann::json* r = json::Find(j, "transactionResponse"); r && r->is_object()) {
    t.state = absl::AsciiStrToUpper(Text(*r, "state"));
    t.response_code = Text(*r, "responseCode");
    t.pending_reason = Text(*r, "pendingReason");
    t.response_message = Text(*r, "responseMessage");
    t.network_response_code = Text(*r, "paymentNetworkResponseCode");
    t.network_error_message = Text(*r, "paymentNetworkResponseErrorMessage");
    t.operation_date = EpochMillis(*r, "operationDate");
    if (const nlohmann::json* info = json::Find(*r, "additionalInfo"); info && info->is_object()) {
      t.network = NetworkOf(Text(*info, "paymentNetwork"));
      t.card_type = absl::AsciiStrToUpper(Text(*info, "cardType"));
    }
  }
  return t;
}

absl::Status Invalid(const std::string& why) {
  return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                   absl::StrCat("unreadable PayU order: ", why));
}

}  // namespace

std::string ScrubReason(std::string_view reason) {
  constexpr size_t kMaxReason = 255;
  constexpr int kCardDigits = 12;
  std::string out(reason);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  size_t i = 0;
  while (i < out.size()) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(out[i]))) {
      ++i;
      continue;
    }
    size_t end = i;
    size_t last_digit = i;
    int digits = 0;
    while (end < out.size() && (absl::ascii_isdigit(static_cast<unsigned char>(out[end])) ||
                                out[end] == ' ' || out[end] == '-')) {
      if (absl::ascii_isdigit(static_cast<unsigned char>(out[end]))) {
        ++digits;
        last_digit = end;
      }
      ++end;
    }
    if (digits >= kCardDigits) {
      for (size_t k = i; k <= last_digit; ++k) {
        if (absl::ascii_isdigit(static_cast<unsigned char>(out[k]))) out[k] = '*';
      }
    }
    i = last_digit + 1;
  }
  if (out.size() > kMaxReason) {
    size_t cut = kMaxReason;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

absl::StatusOr<nlohmann::json> ToSubmitRequest(const Settings& settings,
                                               const CancelCommand& command) {
  const PayuSaleRef& ref = RefOf(command.sale);
  nlohmann::json transaction = {
      {"order", {{"id", ref.order_id}}},
      {"parentTransactionId", ref.parent_transaction_id},
      {"reason", command.reason.empty() ? settings.default_reason : ScrubReason(command.reason)},
  };
  if (command.kind == OperationKind::kVoid) {
    transaction["type"] = "VOID";
  } else if (command.total) {
    transaction["type"] = "REFUND";
  } else {
    const std::optional<int> exponent = CurrencyExponent(command.currency);
    if (!exponent) {
      return MakeError(absl::StatusCode::kInvalidArgument, v1::CURRENCY_INVALID,
                       "PayU does not take this currency",
                       {{"currencyCode", command.currency}});
    }
    transaction["type"] = "PARTIAL_REFUND";
    transaction["additionalValues"] = {
        {"TX_VALUE",
         {{"value", FormatMajorUnits(command.amount_minor_units, *exponent)},
          {"currency", command.currency}}}};
  }
  return nlohmann::json{{"language", settings.language},
                        {"command", "SUBMIT_TRANSACTION"},
                        {"merchant", Merchant(settings)},
                        {"transaction", std::move(transaction)},
                        {"test", settings.test}};
}

nlohmann::json ToOrderDetailRequest(const Settings& settings, const std::string& order_id) {
  int64_t numeric = 0;
  nlohmann::json id = absl::SimpleAtoi(order_id, &numeric) ? nlohmann::json(numeric)
                                                           : nlohmann::json(order_id);
  return {{"test", settings.test},
          {"language", settings.language},
          {"command", "ORDER_DETAIL"},
          {"merchant", Merchant(settings)},
          {"details", {{"orderId", std::move(id)}}}};
}

absl::StatusOr<PayuOrder> ParseOrderDetailResponse(const http::Response& response,
                                                   const Settings& settings) {
  if (response.status == 401 || response.status == 403) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_AUTH_FAILED,
                     "PayU rejected the account's credentials");
  }
  if (response.status >= 500) {
    return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                     absl::StrCat("PayU's Queries API answered HTTP ", response.status));
  }
  auto parsed = json::Parse(response.body);
  if (!parsed || !parsed->is_object()) {
    return Invalid(absl::StrCat("HTTP ", response.status, " without a JSON object"));
  }
  const std::string code = absl::AsciiStrToUpper(Text(*parsed, "code"));
  if (code == "ERROR") {
    const std::string error = Text(*parsed, "error");
    const auto reason = FailureReasonOfErrorText(error, settings.error_texts);
    if (reason == v1::FAILURE_REASON_PROVIDER_AUTHENTICATION) {
      return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_AUTH_FAILED,
                       "PayU rejected the account's credentials");
    }
    if (reason == v1::FAILURE_REASON_ORIGINAL_NOT_FOUND) {
      return MakeError(absl::StatusCode::kNotFound, v1::SALE_NOT_FOUND, "PayU does not know this order");
    }
    return Invalid(absl::StrCat("PayU answered ERROR: ", Clip(error)));
  }
  if (code != "SUCCESS" || response.status != 200) {
    return Invalid(absl::StrCat("HTTP ", response.status, ", code \"", Clip(code), "\""));
  }
  const nlohmann::json* result = json::Find(*parsed, "result");
  const nlohmann::json* payload = result != nullptr ? json::Find(*result, "payload") : nullptr;
  if (payload == nullptr || payload->is_null()) {
    return MakeError(absl::StatusCode::kNotFound, v1::SALE_NOT_FOUND, "PayU does not know this order");
  }
  if (!payload->is_object()) return Invalid("result.payload is not an object");
  PayuOrder order;
  order.id = Text(*payload, "id");
  order.status = absl::AsciiStrToUpper(Text(*payload, "status"));
  const nlohmann::json* txs = json::Find(*payload, "transactions");
  if (order.status.empty() || txs == nullptr || !txs->is_array()) {
    return Invalid("no status or transactions");
  }
  const nlohmann::json* tx_value = TxValue(*payload);
  if (tx_value != nullptr) order.currency = absl::AsciiStrToUpper(Text(*tx_value, "currency"));
  if (order.currency.empty()) {
    for (const nlohmann::json& t : *txs) {
      if (const nlohmann::json* v = TxValue(t)) {
        order.currency = absl::AsciiStrToUpper(Text(*v, "currency"));
        break;
      }
    }
  }
  const std::optional<int> exponent = CurrencyExponent(order.currency);
  if (!exponent) return Invalid(absl::StrCat("currency \"", Clip(order.currency), "\""));
  if (tx_value != nullptr) {
    if (const nlohmann::json* value = json::Find(*tx_value, "value")) {
      order.amount_minor_units = AmountOf(*value, *exponent);
      if (!order.amount_minor_units) return Invalid("additionalValues.TX_VALUE.value");
    }
  }
  for (const nlohmann::json& t : *txs) {
    if (!t.is_object()) return Invalid("a transaction is not an object");
    order.transactions.push_back(ParseTransaction(t, *exponent));
  }
  return order;
}

absl::StatusOr<SaleSnapshot> SnapshotOf(const PayuOrder& order,
                                        const std::string& parent_transaction_id) {
  const PayuTransaction* sale = nullptr;
  for (const PayuTransaction& t : order.transactions) {
    if (Same(t.id, parent_transaction_id)) sale = &t;
  }
  if (sale == nullptr) {
    return MakeError(absl::StatusCode::kNotFound, v1::SALE_NOT_FOUND,
                     "the PayU order has no transaction with this parent_transaction_id");
  }
  const std::optional<int64_t> amount =
      order.amount_minor_units ? order.amount_minor_units : sale->amount_minor_units;
  if (!amount) return Invalid("no amount");

  SaleSnapshot s;
  s.provider_status = order.status;
  s.state = SaleStateOfOrderStatus(order.status);
  s.currency = order.currency;
  s.authorized_minor_units = *amount;
  s.brand = sale->payment_method;
  s.country = sale->payment_country;
  s.network = sale->network;
  s.installments = sale->installments;
  s.prepaid_card = sale->card_type == "PREPAID";
  s.international_card = !sale->issuer_country.empty() && !sale->payment_country.empty() &&
                         sale->issuer_country != sale->payment_country;
  s.card_last_four = sale->card_last_four;
  s.reference = sale->id;
  if (sale->payment_method == "PIX") {
    s.method = PaymentMethod::kPix;
  } else if (sale->card_type == "DEBIT" || absl::EndsWith(sale->payment_method, "_DEBIT")) {
    s.method = PaymentMethod::kDebitCard;
  } else if (IsCardBrand(sale->payment_method)) {
    s.method = PaymentMethod::kCreditCard;
  } else {
    s.method = sale->payment_method.empty() ? PaymentMethod::kUnknown : PaymentMethod::kOther;
  }
  if (sale->operation_date) s.sale_time = *sale->operation_date;

  const bool captured_at_once = sale->type == "AUTHORIZATION_AND_CAPTURE";
  if (captured_at_once && Same(sale->state, "APPROVED")) s.capture_time = s.sale_time;
  int64_t cancelled = 0;
  for (const PayuTransaction& t : order.transactions) {
    if (!Same(t.state, "APPROVED")) continue;
    if (t.type == "CAPTURE") s.capture_time = t.operation_date.value_or(s.sale_time);
    const bool of_sale = t.parent_id.empty() || Same(t.parent_id, sale->id);
    if (of_sale && (IsRefundType(t.type) || t.type == "VOID")) {
      cancelled += t.amount_minor_units.value_or(*amount - cancelled);
    }
  }
  if (s.state == SaleState::kVoided || s.state == SaleState::kRefunded) cancelled = *amount;
  s.cancelled_minor_units = std::min(cancelled, *amount);
  const bool captured = s.state == SaleState::kCaptured || s.state == SaleState::kRefunded ||
                        s.capture_time.has_value();
  s.captured_minor_units = captured && s.state != SaleState::kVoided ? *amount : 0;
  return s;
}

ProviderResult ParseSubmitResponse(const http::Response& response, OperationKind kind,
                                   const Settings& settings) {
  if (response.status >= 500) {
    return Result(Outcome::kUnknown, absl::StrCat("PayU answered HTTP ", response.status,
                                                  "; will ask PayU what became of it"));
  }
  if (response.status == 401 || response.status == 403) {
    return Failed(v1::FAILURE_REASON_PROVIDER_AUTHENTICATION,
                  "PayU rejected the account's credentials",
                  absl::StrCat("PayU answered HTTP ", response.status));
  }
  auto parsed = json::Parse(response.body);
  if (!parsed || !parsed->is_object()) {
    if (response.status >= 400) {
      return Failed(v1::FAILURE_REASON_INVALID_REQUEST,
                    absl::StrCat("PayU refused the request (HTTP ", response.status, ")"),
                    absl::StrCat("PayU answered HTTP ", response.status, " without a body"));
    }
    return Result(Outcome::kUnknown, "unreadable PayU answer; will ask PayU what became of it");
  }
  const std::string code = absl::AsciiStrToUpper(Text(*parsed, "code"));
  if (code == "ERROR") {
    const std::string error = Clip(Text(*parsed, "error"));
    const auto reason = FailureReasonOfErrorText(error, settings.error_texts);
    ProviderResult r = Failed(reason.value_or(v1::FAILURE_REASON_PROVIDER_DECLINED),
                              absl::StrCat("PayU: ", error.empty() ? "error without text" : error),
                              "PayU answered code ERROR");
    r.echo.code = "ERROR";
    r.echo.message = error;
    return r;
  }
  const nlohmann::json* tr = json::Find(*parsed, "transactionResponse");
  if (code != "SUCCESS" || tr == nullptr || !tr->is_object()) {
    return Result(Outcome::kUnknown,
                  absl::StrCat("PayU answered HTTP ", response.status, " with code \"", Clip(code),
                               "\" and no transaction; will ask PayU"));
  }
  // The answer has the transaction's own fields at the top of transactionResponse.
  const nlohmann::json* id = json::Find(*tr, "transactionId");
  nlohmann::json as_transaction = {{"id", id != nullptr ? *id : nlohmann::json()},
                                   {"transactionResponse", *tr}};
  const PayuTransaction t = ParseTransaction(as_transaction, 2);
  return FromTransaction(t, kind == OperationKind::kVoid ? "void" : "refund");
}

ProviderResult ReconcileWithOrder(const PayuOrder& order, const CancelCommand& command,
                                  const ReconcileBasis& basis) {
  const PayuSaleRef& ref = RefOf(command.sale);
  const bool is_void = command.kind == OperationKind::kVoid;
  const PayuTransaction* found = nullptr;
  // Newest first; ours is the newest matching one made since it was sent.
  for (const PayuTransaction& t : order.transactions) {
    const bool kind_matches = is_void ? t.type == "VOID" : IsRefundType(t.type);
    if (!kind_matches) continue;
    if (!basis.recorded.reference.empty()) {
      if (Same(t.id, basis.recorded.reference)) found = &t;
      if (found != nullptr) break;
      continue;
    }
    if (!t.parent_id.empty() && !Same(t.parent_id, ref.parent_transaction_id)) continue;
    if (t.operation_date && *t.operation_date < basis.sent_at - absl::Minutes(1)) continue;
    if (!command.total && t.amount_minor_units && *t.amount_minor_units != command.amount_minor_units) {
      continue;
    }
    found = &t;
    break;
  }
  const std::string what = is_void ? "void" : "refund";
  if (found != nullptr) {
    ProviderResult r = FromTransaction(*found, what);
    absl::StrAppend(&r.note, " (order ", order.status, ")");
    return r;
  }
  ProviderResult r;
  r.echo = basis.recorded;
  const bool all_gone = order.status == (is_void ? "CANCELLED" : "REFUNDED");
  if (command.total && all_gone) {
    r.outcome = Outcome::kSucceeded;
    r.note = absl::StrCat("PayU shows the order ", order.status);
    return r;
  }
  r.outcome = OutcomeSoFar(basis.recorded);
  if (r.outcome != Outcome::kUnknown) {
    r.note = absl::StrCat("PayU has not decided the ", what, " yet (order ", order.status, ")");
    return r;
  }
  r.note = absl::StrCat("PayU lists no such ", what, " (order ", order.status,
                        "); a refund under review appears once decided");
  return r;
}

}  // namespace cancela::providers::payu
