#include "providers/sandbox/cielo_ecommerce_admin.h"

#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"
#include "providers/sandbox/admin_support.h"
#include "providers/sandbox/brasilia_time.h"
#include "providers/sandbox/cielo_ecommerce_simulator.h"
#include "providers/sandbox/json_text.h"
#include "providers/sandbox/ledger.h"

namespace cancela::sandbox {
namespace {

constexpr char kPrefix[] = "/__sandbox/";

using admin::Error;
using admin::FromStatus;
using admin::JsonReply;
using admin::MethodNotAllowed;
using admin::ObjectBody;

const char* StatusName(int status) {
  switch (status) {
    case cielo_status::kNotFinished: return "NotFinished";
    case cielo_status::kAuthorized: return "Authorized";
    case cielo_status::kPaymentConfirmed: return "PaymentConfirmed";
    case cielo_status::kDenied: return "Denied";
    case cielo_status::kVoided: return "Voided";
    case cielo_status::kRefunded: return "Refunded";
    case cielo_status::kPending: return "Pending";
    default: return "Other";
  }
}

nlohmann::json ClockJson(const CieloEcommerceSimulator& simulator) {
  const absl::Time now = simulator.Now();
  nlohmann::json body;
  body["now"] = FormatInstant(now);
  body["now_brasilia"] = FormatBrasilia(now);
  body["offset_seconds"] = absl::ToDoubleSeconds(simulator.ClockOffset());
  return body;
}

std::optional<int> OptionalDays(const nlohmann::json& body, const char* key, std::string* error) {
  if (json::Find(body, key) == nullptr) return std::nullopt;
  const std::optional<int64_t> days = json::GetInt(body, key);
  if (!days.has_value() || *days < 0 || *days > 100000) {
    *error = absl::StrCat(key, " must be an integer from 0 to 100000");
    return std::nullopt;
  }
  return static_cast<int>(*days);
}

HttpReply Sales(const HttpRequest& request, const std::string& rest,
                CieloEcommerceSimulator& simulator) {
  if (rest.empty()) {
    if (request.method == "POST") {
      absl::StatusOr<nlohmann::json> body = ObjectBody(request);
      if (!body.ok()) return FromStatus(body.status());
      absl::StatusOr<CieloSaleSpec> spec = CieloSaleSpecFromJson(*body);
      if (!spec.ok()) return FromStatus(spec.status());
      absl::StatusOr<CieloSale> sale = simulator.CreateSale(*spec);
      if (!sale.ok()) return FromStatus(sale.status());
      return JsonReply(201, CieloSaleToAdminJson(*sale));
    }
    if (request.method == "GET") {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const CieloSale& sale : simulator.Sales()) list.push_back(CieloSaleToAdminJson(sale));
      nlohmann::ordered_json body;
      body["sales"] = std::move(list);
      return JsonReply(200, body);
    }
    return MethodNotAllowed("GET, POST");
  }
  if (request.method != "GET") return MethodNotAllowed("GET");
  const std::optional<CieloSale> sale = simulator.GetSale(rest);
  if (!sale.has_value()) return Error(404, absl::StrCat("no sale ", rest));
  return JsonReply(200, CieloSaleToAdminJson(*sale));
}

HttpReply Faults(const HttpRequest& request, CieloEcommerceSimulator& simulator) {
  return admin::FaultsRoute(request, simulator.faults(), "payment_id", [](FaultRule& rule) {
    rule.payment_id = absl::AsciiStrToLower(rule.payment_id);
  });
}

HttpReply Clock(const HttpRequest& request, CieloEcommerceSimulator& simulator) {
  if (request.method == "GET") return JsonReply(200, ClockJson(simulator));
  if (request.method != "POST") return MethodNotAllowed("GET, POST");
  absl::StatusOr<nlohmann::json> body = ObjectBody(request);
  if (!body.ok()) return FromStatus(body.status());
  const nlohmann::json* advance = json::Find(*body, "advance_seconds");
  // The clock only moves forward: schedules and spacing assume time never runs back.
  if (advance == nullptr || !advance->is_number() || !std::isfinite(advance->get<double>()) ||
      advance->get<double>() < 0 || advance->get<double>() > 100.0 * 365 * 24 * 3600) {
    return Error(400, "advance_seconds must be a number of seconds, 0 or more");
  }
  simulator.AdvanceClock(absl::Milliseconds(std::llround(advance->get<double>() * 1000)));
  return JsonReply(200, ClockJson(simulator));
}

}  // namespace

absl::StatusOr<CieloSaleSpec> CieloSaleSpecFromJson(const nlohmann::json& body) {
  CieloSaleSpec spec;
  auto invalid = [](const std::string& message) { return absl::InvalidArgumentError(message); };

  if (json::Find(body, "type") != nullptr) {
    const std::optional<std::string> type = json::GetString(body, "type");
    const std::optional<CieloPaymentType> parsed =
        type.has_value() ? CieloPaymentTypeFromName(*type) : std::nullopt;
    if (!parsed.has_value()) return invalid("type must be CreditCard, DebitCard or Pix");
    spec.type = *parsed;
  }
  const bool pix = spec.type == CieloPaymentType::kPix;
  if (json::Find(body, "status") != nullptr) {
    const std::optional<std::string> status = json::GetString(body, "status");
    const std::string lower = absl::AsciiStrToLower(status.value_or(""));
    if (lower == "authorized" && !pix) {
      spec.state = CieloSaleState::kAuthorized;
    } else if (lower == "captured" || lower == "paid") {
      spec.state = CieloSaleState::kCaptured;
    } else if (lower == "denied") {
      spec.state = CieloSaleState::kDenied;
    } else {
      return invalid(pix ? "status of a Pix sale must be paid or denied"
                         : "status must be authorized, captured or denied");
    }
  }
  const std::optional<int64_t> amount = json::GetInt(body, "amount");
  if (!amount.has_value() || *amount <= 0) return invalid("amount (centavos) must be positive");
  spec.amount = *amount;
  if (json::Find(body, "captured_amount") != nullptr) {
    const std::optional<int64_t> captured = json::GetInt(body, "captured_amount");
    if (!captured.has_value()) return invalid("captured_amount must be an integer");
    spec.captured_amount = *captured;
  }
  for (const char* key : {"brand", "merchant", "payment_id", "merchant_order_id"}) {
    if (json::Find(body, key) == nullptr) continue;
    const std::optional<std::string> value = json::GetString(body, key);
    if (!value.has_value() || value->empty()) return invalid(absl::StrCat(key, " must be text"));
    if (std::string(key) == "brand") spec.brand = *value;
    if (std::string(key) == "merchant") spec.merchant = *value;
    if (std::string(key) == "payment_id") spec.payment_id = *value;
    if (std::string(key) == "merchant_order_id") spec.merchant_order_id = *value;
  }
  if (json::Find(body, "deny_pix_refunds") != nullptr) {
    const std::optional<bool> deny = json::GetBool(body, "deny_pix_refunds");
    if (!deny.has_value()) return invalid("deny_pix_refunds must be true or false");
    if (*deny && !pix) return invalid("deny_pix_refunds applies to Pix sales only");
    spec.deny_pix_refunds = *deny;
  }
  std::string error;
  const std::optional<int> received = OptionalDays(body, "received_days_ago", &error);
  if (!error.empty()) return invalid(error);
  const std::optional<int> captured = OptionalDays(body, "captured_days_ago", &error);
  if (!error.empty()) return invalid(error);
  // Either age alone dates both; a card captured later than authorised gives both.
  spec.received_days_ago = received.value_or(captured.value_or(0));
  spec.captured_days_ago = captured;
  return spec;
}

nlohmann::ordered_json CieloSaleToAdminJson(const CieloSale& sale) {
  nlohmann::ordered_json j;
  j["payment_id"] = sale.payment_id;
  j["merchant"] = sale.merchant;
  j["merchant_order_id"] = sale.merchant_order_id;
  j["type"] = std::string(CieloPaymentTypeName(sale.type));
  if (!sale.is_pix()) {
    j["brand"] = sale.brand;
    j["card_number"] = sale.masked_card_number;
  }
  j["status"] = sale.status;
  j["status_name"] = StatusName(sale.status);
  j["amount"] = sale.amount;
  if (sale.captured_at.has_value()) j["captured_amount"] = sale.captured_amount;
  j["voided_amount"] = sale.voided_amount;
  j["scheduled_refund_amount"] = sale.ScheduledAmount();
  const bool open = sale.status == cielo_status::kAuthorized ||
                    sale.status == cielo_status::kPaymentConfirmed;
  j["remaining_amount"] = open ? sale.RemainingAmount() : 0;
  j["received_date"] = FormatBrasilia(sale.received_at);
  if (sale.captured_at.has_value()) j["captured_date"] = FormatBrasilia(*sale.captured_at);
  if (sale.voided_at.has_value()) j["voided_date"] = FormatBrasilia(*sale.voided_at);
  if (!sale.is_pix()) {
    j["tid"] = sale.tid;
    j["proof_of_sale"] = sale.proof_of_sale;
  }
  j["authorization_code"] = sale.authorization_code;
  if (sale.is_pix()) {
    j["end_to_end_id"] = sale.end_to_end_id;
    j["deny_pix_refunds"] = sale.deny_pix_refunds;
  }
  nlohmann::ordered_json refunds = nlohmann::ordered_json::array();
  for (const CieloRefund& refund : sale.refunds) {
    nlohmann::ordered_json r;
    r["amount"] = refund.amount;
    r["status"] = refund.status;
    r["received_date"] = FormatBrasilia(refund.received_at);
    r["settles_date"] = FormatBrasilia(refund.settles_at);
    refunds.push_back(std::move(r));
  }
  j["refunds"] = std::move(refunds);
  if (sale.last_cancellation_at.has_value()) {
    j["last_cancellation_date"] = FormatBrasilia(*sale.last_cancellation_at);
  }
  return j;
}

HttpReply HandleCieloEcommerceAdmin(const HttpRequest& request,
                                    CieloEcommerceSimulator& simulator) {
  if (!absl::StartsWith(request.path, kPrefix)) return Error(404, "no such admin endpoint");
  const std::string route = request.path.substr(sizeof(kPrefix) - 1);
  if (route == "sales") return Sales(request, "", simulator);
  if (absl::StartsWith(route, "sales/")) return Sales(request, route.substr(6), simulator);
  if (route == "ledger") {
    if (request.method != "GET") return MethodNotAllowed("GET");
    auto it = request.query.find("payment_id");
    const std::string payment_id =
        it == request.query.end() ? std::string() : absl::AsciiStrToLower(it->second);
    return JsonReply(200, simulator.ledger().ToJson(payment_id));
  }
  if (route == "faults") return Faults(request, simulator);
  if (route == "flood") return admin::FloodRoute(request, simulator.flood());
  if (route == "clock") return Clock(request, simulator);
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
