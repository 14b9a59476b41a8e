#include "providers/sandbox/zoop_admin.h"

#include <optional>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"
#include "providers/sandbox/admin_support.h"
#include "providers/sandbox/ledger.h"
#include "providers/sandbox/zoop_simulator.h"

namespace cancela::sandbox {
namespace {

constexpr char kPrefix[] = "/__sandbox/";

HttpReply TransactionsRoute(const HttpRequest& request, const std::string& rest,
                            ZoopSimulator& simulator) {
  if (rest.empty()) {
    if (request.method == "POST") {
      absl::StatusOr<nlohmann::json> body = admin::ObjectBody(request);
      if (!body.ok()) return admin::FromStatus(body.status());
      absl::StatusOr<ZoopTransactionSpec> spec = ZoopTransactionSpecFromJson(*body);
      if (!spec.ok()) return admin::FromStatus(spec.status());
      absl::StatusOr<ZoopTransaction> created = simulator.CreateTransaction(*spec);
      if (!created.ok()) return admin::FromStatus(created.status());
      return admin::JsonReply(201, ZoopTransactionToAdminJson(*created));
    }
    if (request.method == "GET") {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const ZoopTransaction& t : simulator.Transactions()) {
        list.push_back(ZoopTransactionToAdminJson(t));
      }
      nlohmann::ordered_json body;
      body["transactions"] = std::move(list);
      return admin::JsonReply(200, body);
    }
    return admin::MethodNotAllowed("GET, POST");
  }
  if (request.method != "GET") return admin::MethodNotAllowed("GET");
  const std::optional<ZoopTransaction> t = simulator.GetTransaction(rest);
  if (!t) return admin::Error(404, absl::StrCat("no transaction ", rest));
  return admin::JsonReply(200, ZoopTransactionToAdminJson(*t));
}

}  // namespace

absl::StatusOr<ZoopTransactionSpec> ZoopTransactionSpecFromJson(const nlohmann::json& body) {
  ZoopTransactionSpec spec;
  static const std::set<std::string> kKnown = {
      "seller", "payment_type", "status", "amount", "already_cancelled", "installments",
      "card_brand", "days_ago", "settled", "release_granted", "decline_voids", "split_minimum", "id"};
  for (const auto& [key, value] : body.items()) {
    if (kKnown.count(key) == 0) return absl::InvalidArgumentError(absl::StrCat("unknown field ", key));
  }
  for (const auto& [key, target] :
       {std::pair{"seller", &spec.seller}, std::pair{"payment_type", &spec.payment_type},
        std::pair{"status", &spec.status}, std::pair{"card_brand", &spec.card_brand},
        std::pair{"id", &spec.id}}) {
    if (json::Find(body, key) == nullptr) continue;
    auto v = json::GetString(body, key);
    if (!v || v->empty()) return absl::InvalidArgumentError(absl::StrCat(key, " must be text"));
    *target = *v;
  }
  for (const auto& [key, target] :
       {std::pair{"amount", &spec.amount}, std::pair{"already_cancelled", &spec.already_cancelled},
        std::pair{"split_minimum", &spec.split_minimum}}) {
    if (json::Find(body, key) == nullptr) continue;
    auto v = json::GetInt(body, key);
    if (!v) return absl::InvalidArgumentError(absl::StrCat(key, " must be an integer (centavos)"));
    *target = *v;
  }
  for (const auto& [key, target] :
       {std::pair{"installments", &spec.installments}, std::pair{"days_ago", &spec.days_ago}}) {
    if (json::Find(body, key) == nullptr) continue;
    auto v = json::GetInt(body, key);
    if (!v || *v < 0 || *v > 100000) return absl::InvalidArgumentError(absl::StrCat(key, " must be an integer"));
    *target = static_cast<int>(*v);
  }
  for (const auto& [key, target] :
       {std::pair{"settled", &spec.settled}, std::pair{"release_granted", &spec.release_granted},
        std::pair{"decline_voids", &spec.decline_voids}}) {
    if (json::Find(body, key) == nullptr) continue;
    auto v = json::GetBool(body, key);
    if (!v) return absl::InvalidArgumentError(absl::StrCat(key, " must be true or false"));
    *target = *v;
  }
  return spec;
}

nlohmann::ordered_json ZoopTransactionToAdminJson(const ZoopTransaction& t) {
  nlohmann::ordered_json j;
  j["id"] = t.id;
  j["on_behalf_of"] = t.seller_id;
  j["payment_type"] = t.payment_type;
  j["status"] = t.status;
  j["original_amount"] = t.original_amount;
  j["amount"] = t.amount;
  j["captured"] = t.captured;
  j["voided"] = t.voided;
  j["installments"] = t.installments;
  if (!t.card_brand.empty()) j["card_brand"] = t.card_brand;
  j["created_at"] = FormatInstant(t.created_at);
  if (t.voided_at) j["voided_at"] = FormatInstant(*t.voided_at);
  j["settled"] = t.settled;
  j["release_granted"] = t.release_granted;
  j["decline_voids"] = t.decline_voids;
  if (t.split_minimum > 0) j["split_minimum"] = t.split_minimum;
  nlohmann::ordered_json history = nlohmann::ordered_json::array();
  for (const ZoopHistoryItem& h : t.history) {
    history.push_back({{"id", h.id}, {"operation_type", h.operation_type}, {"status", h.status},
                       {"amount", h.amount}, {"created_at", FormatInstant(h.created_at)}});
  }
  j["history"] = std::move(history);
  return j;
}

HttpReply HandleZoopAdmin(const HttpRequest& request, ZoopSimulator& simulator) {
  if (!absl::StartsWith(request.path, kPrefix)) return admin::Error(404, "no such admin endpoint");
  const std::string route = request.path.substr(sizeof(kPrefix) - 1);
  if (route == "transactions") return TransactionsRoute(request, "", simulator);
  if (absl::StartsWith(route, "transactions/")) {
    return TransactionsRoute(request, absl::AsciiStrToLower(route.substr(13)), simulator);
  }
  if (route == "ledger") {
    if (request.method != "GET") return admin::MethodNotAllowed("GET");
    auto it = request.query.find("transaction_id");
    const std::string id = it == request.query.end() ? std::string() : absl::AsciiStrToLower(it->second);
    nlohmann::json ledger = simulator.ledger().ToJson(id);
    for (const char* list : {"executions", "rejections"}) {
      for (nlohmann::json& entry : ledger[list]) {
        entry["transaction_id"] = entry["payment_id"];
        entry.erase("payment_id");
      }
    }
    return admin::JsonReply(200, ledger);
  }
  if (route == "events") {
    if (request.method != "GET") return admin::MethodNotAllowed("GET");
    nlohmann::json list = nlohmann::json::array();
    for (const std::string& body : simulator.Events()) {
      list.push_back(json::Parse(body).value_or(nlohmann::json()));
    }
    nlohmann::json body;
    body["events"] = std::move(list);
    return admin::JsonReply(200, body);
  }
  if (route == "flood") return admin::FloodRoute(request, simulator.flood());
  if (route == "faults") {
    return admin::FaultsRoute(request, simulator.faults(), "transaction_id", [](FaultRule& rule) {
      rule.payment_id = absl::AsciiStrToLower(rule.payment_id);
    });
  }
  if (route == "clock") return admin::ClockRoute(request, simulator.sandbox_clock());
  if (route == "reset") {
    if (request.method != "POST") return admin::MethodNotAllowed("POST");
    simulator.Reset();
    nlohmann::json body = admin::ClockJson(simulator.sandbox_clock());
    body["reset"] = true;
    return admin::JsonReply(200, body);
  }
  return admin::Error(404, "no such admin endpoint");
}

}  // namespace cancela::sandbox
