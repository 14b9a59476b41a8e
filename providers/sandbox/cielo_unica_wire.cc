#include "providers/sandbox/cielo_unica_wire.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/json_access.h"
#include "providers/sandbox/brasilia_time.h"
#include "providers/sandbox/json_text.h"
#include "providers/sandbox/ledger.h"

namespace cancela::sandbox {
namespace {

// {"currency": "BRL", "value": 12.34} -> centavos. The simulator, like a provider, reads the
// number it was sent; more than two decimals is refused.
absl::StatusOr<int64_t> AmountField(const nlohmann::json& t, const char* key) {
  const nlohmann::json* amount = json::Find(t, key);
  if (amount == nullptr || !amount->is_object()) return absl::InvalidArgumentError(absl::StrCat(key, " required"));
  if (json::GetString(*amount, "currency").value_or("") != "BRL") {
    return absl::InvalidArgumentError(absl::StrCat(key, ".currency must be BRL"));
  }
  const nlohmann::json* value = json::Find(*amount, "value");
  if (value == nullptr || !value->is_number()) {
    return absl::InvalidArgumentError(absl::StrCat(key, ".value must be a number of reais"));
  }
  const double reais = value->get<double>();
  const double centavos = std::round(reais * 100.0);
  if (reais <= 0 || std::fabs(reais * 100.0 - centavos) > 1e-6 || centavos > 1e15) {
    return absl::InvalidArgumentError(absl::StrCat(key, ".value: positive, at most 2 decimals"));
  }
  return static_cast<int64_t>(centavos);
}

nlohmann::json Amount(int64_t centavos) {
  // Parsed back from its exact text, so the JSON number is written as "12.34".
  return nlohmann::json::parse(UnicaDecimal(centavos));
}

}  // namespace

std::string UnicaDecimal(int64_t centavos) {
  return absl::StrFormat("%d.%02d", centavos / 100, centavos % 100);
}

bool ParseUnicaDay(const std::string& text, absl::CivilDay* day) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime("%d-%m-%Y", text, absl::UTCTimeZone(), &t, &error)) return false;
  *day = absl::ToCivilDay(t, absl::UTCTimeZone());
  return true;
}

absl::StatusOr<std::vector<UnicaCancelItem>> ParseUnicaCancelBody(const std::string& body) {
  const auto root = json::Parse(body);
  if (!root || !root->is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
  const nlohmann::json* transactions = json::Find(*root, "transactions");
  if (transactions == nullptr || !transactions->is_array() || transactions->empty()) {
    return absl::InvalidArgumentError("transactions: a non-empty list is required");
  }
  std::vector<UnicaCancelItem> items;
  for (const nlohmann::json& t : *transactions) {
    if (!t.is_object()) return absl::InvalidArgumentError("transactions[]: objects");
    UnicaCancelItem item;
    const nlohmann::json* merchant = json::Find(t, "merchantID");
    if (merchant == nullptr || !merchant->is_number_unsigned()) {
      return absl::InvalidArgumentError("merchantID: a number is required");
    }
    item.merchant_id = absl::StrCat(merchant->get<uint64_t>());
    auto auth = json::GetString(t, "authorizationCode");
    if (!auth || auth->empty()) return absl::InvalidArgumentError("authorizationCode required");
    item.authorization_code = *auth;
    item.nsu = json::GetStringLenient(t, "nsu").value_or("");
    item.tid = json::GetString(t, "transactionID").value_or("");
    item.card_last_four = json::GetString(t, "cardNumberLast4Digits").value_or("");
    auto refund = AmountField(t, "refundAmount");
    if (!refund.ok()) return refund.status();
    item.refund_amount = *refund;
    auto sale = AmountField(t, "saleAmount");
    if (!sale.ok()) return sale.status();
    item.sale_amount = *sale;
    auto date = json::GetString(t, "transactionDate");
    absl::Time when;
    std::string error;
    if (!date || !absl::ParseTime("%d-%m-%Y %H:%M:%S", *date, absl::UTCTimeZone(), &when, &error)) {
      return absl::InvalidArgumentError("transactionDate: DD-MM-YYYY HH:MM:SS");
    }
    item.transaction_date = absl::ToCivilSecond(when, absl::UTCTimeZone());
    items.push_back(std::move(item));
  }
  return items;
}

std::string UnicaBatchJson(const UnicaBatch& batch,
                           const std::vector<const UnicaCancellation*>& cancellations) {
  nlohmann::json out;
  out["refundID"] = batch.refund_id;
  out["refundDate"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3S%z", batch.requested_at, BrasiliaTimeZone());
  out["transactions"] = nlohmann::json::array();
  for (const UnicaCancellation* c : cancellations) {
    nlohmann::json t;
    if (!c->tid.empty()) t["transactionID"] = c->tid;
    if (!c->nsu.empty()) t["nsu"] = nlohmann::json::parse(c->nsu, nullptr, false).is_number()
                                        ? nlohmann::json::parse(c->nsu)
                                        : nlohmann::json(c->nsu);
    if (!c->card_last_four.empty()) t["cardNumberLast4Digits"] = c->card_last_four;
    t["merchantID"] = nlohmann::json::parse(c->merchant_id);
    t["authorizationCode"] = c->authorization_code;
    t["refundAmount"] = {{"currency", "BRL"}, {"value", Amount(c->refund_amount)}};
    t["saleAmount"] = {{"currency", "BRL"}, {"value", Amount(c->sale_amount)}};
    t["transactionDate"] = absl::FormatTime(
        "%Y-%m-%dT%H:%M:%E3S%z", absl::FromCivil(c->transaction_date, BrasiliaTimeZone()),
        BrasiliaTimeZone());
    t["controlID"] = c->control_id;
    nlohmann::json status;
    status["type"] = c->status;
    if (c->status != "pending") {
      status["detail"] = {{"code", c->detail_code}, {"message", c->detail_message}};
    }
    t["status"] = status;
    out["transactions"].push_back(std::move(t));
  }
  return DumpJson(out);
}

UnicaAnswer UnicaError(int http_status, int code, const std::string& message, absl::Time now) {
  nlohmann::json body;
  body["errorCode"] = code;
  body["errorMessage"] = message;
  body["date"] = FormatInstant(now);
  return UnicaAnswer{http_status, "application/json; charset=utf-8", DumpJson(body)};
}

}  // namespace cancela::sandbox
