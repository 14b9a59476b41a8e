#include "providers/sandbox/cielo_checkout_admin.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"
#include "providers/sandbox/admin_support.h"
#include "providers/sandbox/brasilia_time.h"
#include "providers/sandbox/cielo_checkout_simulator.h"

namespace cancela::sandbox {
namespace {

using admin::Error;
using admin::FromStatus;
using admin::JsonReply;
using admin::MethodNotAllowed;
using admin::ObjectBody;

constexpr char kPrefix[] = "/__sandbox/";

nlohmann::json ClockJson(const CieloCheckoutSimulator& simulator) {
  nlohmann::json body;
  body["now"] = FormatInstant(simulator.Now());
  body["now_brasilia"] = FormatBrasilia(simulator.Now());
  body["offset_seconds"] = absl::ToDoubleSeconds(simulator.ClockOffset());
  return body;
}

HttpReply Orders(const HttpRequest& request, const std::string& rest,
                 CieloCheckoutSimulator& simulator) {
  if (rest.empty()) {
    if (request.method == "POST") {
      absl::StatusOr<nlohmann::json> body = ObjectBody(request);
      if (!body.ok()) return FromStatus(body.status());
      absl::StatusOr<CheckoutOrderSpec> spec = CheckoutOrderSpecFromJson(*body);
      if (!spec.ok()) return FromStatus(spec.status());
      absl::StatusOr<CheckoutOrder> order = simulator.CreateOrder(*spec);
      if (!order.ok()) return FromStatus(order.status());
      return JsonReply(201, CheckoutOrderToAdminJson(*order));
    }
    if (request.method != "GET") return MethodNotAllowed("GET, POST");
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const CheckoutOrder& order : simulator.Orders()) list.push_back(CheckoutOrderToAdminJson(order));
    nlohmann::ordered_json body;
    body["orders"] = std::move(list);
    return JsonReply(200, body);
  }
  if (request.method != "GET") return MethodNotAllowed("GET");
  const std::optional<CheckoutOrder> order = simulator.GetOrder(rest);
  if (!order.has_value()) return Error(404, absl::StrCat("no order ", rest));
  return JsonReply(200, CheckoutOrderToAdminJson(*order));
}

HttpReply Faults(const HttpRequest& request, CieloCheckoutSimulator& simulator) {
  if (request.method == "POST") {
    absl::StatusOr<nlohmann::json> body = ObjectBody(request);
    if (!body.ok()) return FromStatus(body.status());
    // Faults name orders; the shared rule format calls the target payment_id.
    if (const nlohmann::json* order = json::Find(*body, "order_number")) {
      (*body)["payment_id"] = *order;
      body->erase("order_number");
    }
    absl::StatusOr<FaultRule> rule = FaultRuleFromJson(*body);
    if (!rule.ok()) return FromStatus(rule.status());
    rule->id = simulator.InjectFault(*rule);
    return JsonReply(201, FaultRuleToJson(*rule));
  }
  if (request.method == "GET" || request.method == "DELETE") {
    if (request.method == "DELETE") simulator.ClearFaults();
    nlohmann::json list = nlohmann::json::array();
    for (const FaultRule& rule : simulator.ArmedFaults()) list.push_back(FaultRuleToJson(rule));
    nlohmann::json body;
    body["faults"] = std::move(list);
    return JsonReply(200, body);
  }
  return MethodNotAllowed("GET, POST, DELETE");
}

HttpReply Clock(const HttpRequest& request, CieloCheckoutSimulator& simulator) {
  if (request.method == "GET") return JsonReply(200, ClockJson(simulator));
  if (request.method != "POST") return MethodNotAllowed("GET, POST");
  absl::StatusOr<nlohmann::json> body = ObjectBody(request);
  if (!body.ok()) return FromStatus(body.status());
  const nlohmann::json* advance = json::Find(*body, "advance_seconds");
  if (advance == nullptr || !advance->is_number() || !std::isfinite(advance->get<double>()) ||
      advance->get<double>() < 0 || advance->get<double>() > 100.0 * 365 * 24 * 3600) {
    return Error(400, "advance_seconds must be a number of seconds, 0 or more");
  }
  simulator.AdvanceClock(absl::Milliseconds(std::llround(advance->get<double>() * 1000)));
  return JsonReply(200, ClockJson(simulator));
}

}  // namespace

absl::StatusOr<CheckoutOrderSpec> CheckoutOrderSpecFromJson(const nlohmann::json& body) {
  CheckoutOrderSpec spec;
  for (const char* key : {"order_number", "merchant", "merchant_order_number", "payment_type", "brand"}) {
    if (json::Find(body, key) == nullptr) continue;
    auto value = json::GetString(body, key);
    if (!value || value->empty()) return absl::InvalidArgumentError(absl::StrCat(key, " must be text"));
    const std::string k = key;
    (k == "order_number"            ? spec.order_number
     : k == "merchant"              ? spec.merchant
     : k == "merchant_order_number" ? spec.merchant_order_number
     : k == "payment_type"          ? spec.payment_type
                                    : spec.brand) = *value;
  }
  if (json::Find(body, "status") != nullptr) {
    const std::string status = absl::AsciiStrToLower(json::GetString(body, "status").value_or(""));
    int value = 0;
    for (int s = 1; s <= 8; ++s) {
      if (status == absl::AsciiStrToLower(CheckoutStatusName(s))) value = s;
    }
    if (value == 0) return absl::InvalidArgumentError("status: Paid, Authorized, Voided, Denied, ...");
    spec.status = value;
  }
  for (const char* key : {"items_amount", "shipping_amount", "days_ago"}) {
    if (json::Find(body, key) == nullptr) continue;
    auto value = json::GetInt(body, key);
    if (!value || *value < 0 || *value > 1'000'000'000'000) {
      return absl::InvalidArgumentError(absl::StrCat(key, " must be a non-negative integer"));
    }
    const std::string k = key;
    if (k == "items_amount") spec.items_amount = *value;
    if (k == "shipping_amount") spec.shipping_amount = *value;
    if (k == "days_ago") spec.days_ago = static_cast<int>(std::min<int64_t>(*value, 100000));
  }
  return spec;
}

nlohmann::ordered_json CheckoutOrderToAdminJson(const CheckoutOrder& order) {
  nlohmann::ordered_json j;
  j["order_number"] = order.spec.order_number;
  j["merchant"] = order.spec.merchant;
  j["merchant_order_number"] = order.spec.merchant_order_number;
  j["payment_type"] = order.spec.payment_type;
  j["status"] = order.status;
  j["status_name"] = CheckoutStatusName(order.status);
  j["amount"] = order.amount();
  j["voided_amount"] = order.voided_amount;
  j["remaining_amount"] = order.status == checkout_status::kPaid ||
                                  order.status == checkout_status::kAuthorized
                              ? order.remaining()
                              : 0;
  j["created_date"] = FormatBrasilia(order.created_at);
  if (order.last_cancellation_at) j["last_cancellation_date"] = FormatBrasilia(*order.last_cancellation_at);
  return j;
}

HttpReply HandleCieloCheckoutAdmin(const HttpRequest& request, CieloCheckoutSimulator& simulator) {
  if (!absl::StartsWith(request.path, kPrefix)) return Error(404, "no such admin endpoint");
  const std::string route = request.path.substr(sizeof(kPrefix) - 1);
  if (route == "orders") return Orders(request, "", simulator);
  if (absl::StartsWith(route, "orders/")) return Orders(request, route.substr(7), simulator);
  if (route == "ledger") {
    if (request.method != "GET") return MethodNotAllowed("GET");
    auto it = request.query.find("order_number");
    return JsonReply(200, simulator.ledger().ToJson(
                              it == request.query.end() ? "" : absl::AsciiStrToLower(it->second)));
  }
  if (route == "faults") return Faults(request, simulator);
  if (route == "flood") return admin::FloodRoute(request, simulator.flood());
  if (route == "clock") return Clock(request, simulator);
  if (route == "tokens/revoke") {
    if (request.method != "POST") return MethodNotAllowed("POST");
    simulator.RevokeTokens();
    nlohmann::json body;
    body["revoked"] = true;
    return JsonReply(200, body);
  }
  if (route == "reset") {
    if (request.method != "POST") return MethodNotAllowed("POST");
    simulator.Reset();
    nlohmann::json body = ClockJson(simulator);
    body["reset"] = true;
    return JsonReply(200, body);
  }
  return Error(404, "no such admin endpoint");
}

}  // namespace cancela::sandbox
