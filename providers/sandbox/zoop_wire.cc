#include "providers/sandbox/zoop_wire.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "providers/sandbox/http_message.h"

namespace cancela::sandbox {
namespace {

std::string WithOffset(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S+00:00", t, absl::UTCTimeZone());
}

std::string WithoutZone(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", t, absl::UTCTimeZone());
}

}  // namespace

std::string ZoopDecimal(int64_t cents) {
  return absl::StrFormat("%d.%02d", cents / 100, cents % 100);
}

nlohmann::ordered_json ZoopTransactionBody(const ZoopTransaction& t,
                                           const std::string& marketplace_id) {
  nlohmann::ordered_json j;
  j["id"] = t.id;
  j["resource"] = "transaction";
  j["status"] = t.status;
  j["amount"] = ZoopDecimal(t.amount);
  j["original_amount"] = ZoopDecimal(t.original_amount);
  j["currency"] = "BRL";
  j["description"] = "sandbox sale";
  j["payment_type"] = t.payment_type;
  j["transaction_number"] = t.transaction_number;
  j["gateway_authorizer"] = "cielo";
  j["on_behalf_of"] = t.seller_id;
  j["customer"] = "0b05a360f4b749498f74e13004c08024";
  j["refunded"] = false;
  j["voided"] = t.voided;
  j["captured"] = t.captured;
  j["fees"] = "0.00";
  j["installment_plan"] = {{"mode", "interest_free"}, {"number_installments", t.installments}};
  j["uri"] = absl::StrCat("/v1/marketplaces/", marketplace_id, "/transactions/", t.id);
  j["created_at"] = WithOffset(t.created_at);
  j["updated_at"] = WithOffset(t.voided_at.value_or(t.created_at));
  j["voided_at"] = t.voided_at ? nlohmann::ordered_json(WithOffset(*t.voided_at)) : nullptr;
  if (t.payment_type != "boleto") {
    j["payment_authorization"] = {{"authorizer_id", t.transaction_number.substr(0, 9)},
                                  {"authorization_code", t.authorization_code},
                                  {"authorization_nsu", absl::StrCat("2026", t.authorization_code)}};
    nlohmann::ordered_json card;
    card["resource"] = "card";
    card["card_brand"] = t.card_brand;
    card["holder_name"] = t.holder_name;
    card["first4_digits"] = t.first4;
    card["last4_digits"] = t.last4;
    card["expiration_month"] = "12";
    card["expiration_year"] = "2030";
    j["payment_method"] = std::move(card);
  }
  nlohmann::ordered_json history = nlohmann::ordered_json::array();
  for (const ZoopHistoryItem& h : t.history) {
    nlohmann::ordered_json e;
    e["id"] = h.id;
    e["transaction"] = t.id;
    e["amount"] = ZoopDecimal(h.amount);
    e["operation_type"] = h.operation_type;
    e["status"] = h.status;
    e["response_code"] = h.response_code;
    e["response_message"] = h.response_message;
    e["authorizer"] = "cielo";
    e["created_at"] = WithoutZone(h.created_at);
    history.push_back(std::move(e));
  }
  j["history"] = std::move(history);
  return j;
}

nlohmann::ordered_json ZoopReceivablesBody(const ZoopTransaction& t) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  const int n = t.installments < 1 ? 1 : t.installments;
  for (int i = 1; i <= n; ++i) {
    nlohmann::ordered_json r;
    r["id"] = absl::StrCat(t.id.substr(0, 24), absl::StrFormat("%08d", i));
    r["resource"] = "receivable";
    r["transaction"] = t.id;
    r["status"] = t.settled && i == 1 ? "paid" : (t.status == "canceled" ? "canceled" : "pending");
    r["installment"] = i;
    r["amount"] = ZoopDecimal(t.original_amount / n);
    r["expected_on"] = WithOffset(t.created_at + absl::Hours(24 * 30 * i));
    items.push_back(std::move(r));
  }
  nlohmann::ordered_json j;
  j["resource"] = "list";
  j["items"] = std::move(items);
  j["has_more"] = false;
  return j;
}

nlohmann::ordered_json ZoopEventBody(const std::string& event_id, const std::string& type,
                                     const ZoopTransaction& transaction,
                                     const std::string& marketplace_id, absl::Time at) {
  nlohmann::ordered_json j;
  j["id"] = event_id;
  j["type"] = type;
  j["resource"] = "event";
  j["payload"] = {{"object", ZoopTransactionBody(transaction, marketplace_id)}};
  j["source"] = nullptr;
  j["name"] = nullptr;
  j["uri"] = absl::StrCat("/v1/marketplaces/", marketplace_id, "/events/", event_id);
  const std::string stamp = absl::FormatTime("%Y-%m-%dT%H:%M:%S+0000", at, absl::UTCTimeZone());
  j["created_at"] = stamp;
  j["updated_at"] = stamp;
  return j;
}

nlohmann::ordered_json ZoopErrorBody(int status_code, std::string_view type,
                                     std::string_view category, std::string_view message) {
  nlohmann::ordered_json error;
  error["status"] = HttpReasonPhrase(status_code);
  error["status_code"] = status_code;
  error["type"] = std::string(type);
  error["category"] = std::string(category);
  error["message"] = std::string(message);
  nlohmann::ordered_json j;
  j["error"] = std::move(error);
  return j;
}

}  // namespace cancela::sandbox
