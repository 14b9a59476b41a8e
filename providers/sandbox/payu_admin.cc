#include "providers/sandbox/payu_admin.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/json_access.h"
#include "providers/sandbox/admin_support.h"
#include "providers/sandbox/json_text.h"
#include "providers/sandbox/payu_seed.h"
#include "providers/sandbox/payu_simulator.h"

namespace cancela::sandbox {
namespace {

template <typename J>
HttpReply Reply(int status, const J& body) {
  HttpReply reply;
  reply.status = status;
  reply.headers["Content-Type"] = "application/json; charset=utf-8";
  reply.body = DumpJson(body);
  return reply;
}

HttpReply Error(int status, const std::string& message) {
  return Reply(status, nlohmann::json{{"error", message}});
}

HttpReply FromStatus(const absl::Status& s) {
  const int status = s.code() == absl::StatusCode::kNotFound        ? 404
                     : s.code() == absl::StatusCode::kAlreadyExists ? 409
                     : s.code() == absl::StatusCode::kInvalidArgument ? 400
                                                                       : 500;
  return Error(status, std::string(s.message()));
}

absl::StatusOr<nlohmann::json> Body(const HttpRequest& request) {
  if (absl::StripAsciiWhitespace(request.body).empty()) return nlohmann::json::object();
  auto parsed = json::Parse(request.body);
  if (!parsed || !parsed->is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
  return *parsed;
}

HttpReply Orders(const HttpRequest& request, const std::vector<std::string>& parts,
                 PayuSimulator& simulator) {
  PayuBook& book = simulator.book();
  if (parts.size() == 1) {
    if (request.method == "GET") {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const PayuOrderRecord& order : book.Orders()) list.push_back(PayuOrderToAdminJson(order));
      return Reply(200, list);
    }
    if (request.method != "POST") return Error(405, "use GET or POST");
    auto body = Body(request);
    if (!body.ok()) return FromStatus(body.status());
    auto spec = PayuSaleSpecFromJson(*body);
    if (!spec.ok()) return FromStatus(spec.status());
    auto order = book.CreateSale(*spec);
    if (!order.ok()) return FromStatus(order.status());
    return Reply(201, PayuOrderToAdminJson(*order));
  }
  const std::string& id = parts[1];
  if (parts.size() == 2 && request.method == "GET") {
    auto order = book.GetOrder(id);
    if (!order) return Error(404, "no such order");
    return Reply(200, PayuOrderToAdminJson(*order));
  }
  if (parts.size() == 3 && parts[2] == "review" && request.method == "POST") {
    auto body = Body(request);
    if (!body.ok()) return FromStatus(body.status());
    const std::string decision = json::GetString(*body, "decision").value_or("");
    if (decision != "approve" && decision != "decline") {
      return Error(400, "decision must be approve or decline");
    }
    const bool now = json::GetBool(*body, "now").value_or(false);
    absl::Status s = book.SetReview(id, decision == "approve" ? PayuReview::kApprove : PayuReview::kDecline, now);
    if (!s.ok()) return FromStatus(s);
    return Reply(200, PayuOrderToAdminJson(*book.GetOrder(id)));
  }
  return Error(404, "no such admin endpoint");
}

nlohmann::json ClockJson(const PayuSimulator& simulator) {
  return {{"now", FormatInstant(simulator.Now())},
          {"offset_seconds", absl::ToInt64Seconds(simulator.ClockOffset())}};
}

}  // namespace

absl::StatusOr<PayuSaleSpec> PayuSaleSpecFromJson(const nlohmann::json& body) {
  PayuSaleSpec spec;
  spec.merchant = payu_seed::kMerchant;
  spec.order_id = json::GetStringLenient(body, "order_id").value_or("");
  spec.transaction_id = json::GetString(body, "transaction_id").value_or("");
  spec.country = absl::AsciiStrToUpper(json::GetString(body, "country").value_or(""));
  spec.currency = absl::AsciiStrToUpper(json::GetString(body, "currency").value_or(""));
  spec.amount_minor_units = json::GetInt(body, "amount").value_or(0);
  spec.payment_method = absl::AsciiStrToUpper(json::GetString(body, "payment_method").value_or("VISA"));
  spec.network = json::GetString(body, "network").value_or("");
  spec.card_type = json::GetString(body, "card_type").value_or("CREDIT");
  spec.issuer_country = json::GetString(body, "issuer_country").value_or("");
  spec.installments = static_cast<int>(json::GetInt(body, "installments").value_or(1));
  spec.captured = json::GetBool(body, "captured").value_or(true);
  spec.age = absl::Minutes(json::GetInt(body, "age_minutes").value_or(24 * 60));
  const std::string review = json::GetString(body, "review").value_or("approve");
  if (review != "approve" && review != "decline") {
    return absl::InvalidArgumentError("review must be approve or decline");
  }
  spec.review = review == "approve" ? PayuReview::kApprove : PayuReview::kDecline;
  static const std::vector<std::string> kCountries = {"AR", "BR", "CL", "CO", "MX", "PA", "PE"};
  if (std::find(kCountries.begin(), kCountries.end(), spec.country) == kCountries.end()) {
    return absl::InvalidArgumentError("country must be one of AR, BR, CL, CO, MX, PA, PE");
  }
  if (spec.currency.empty()) return absl::InvalidArgumentError("currency is required");
  return spec;
}

HttpReply HandlePayuAdmin(const HttpRequest& request, PayuSimulator& simulator) {
  constexpr absl::string_view kPrefix = "/__sandbox/";
  if (!absl::StartsWith(request.path, kPrefix)) return Error(404, "no such admin endpoint");
  const std::vector<std::string> parts =
      absl::StrSplit(request.path.substr(kPrefix.size()), '/', absl::SkipEmpty());
  if (parts.empty()) return Error(404, "no such admin endpoint");
  if (parts[0] == "orders") return Orders(request, parts, simulator);
  if (parts[0] == "flood" && parts.size() == 1) return admin::FloodRoute(request, simulator.flood());
  if (parts[0] == "clock") {
    if (parts.size() == 1 && request.method == "GET") return Reply(200, ClockJson(simulator));
    if (parts.size() == 1 && request.method == "POST") {
      auto body = Body(request);
      if (!body.ok()) return FromStatus(body.status());
      const auto seconds = json::GetInt(*body, "advance_seconds");
      if (!seconds || *seconds < 0) {
        return Error(400, "advance_seconds must be a non-negative integer (the clock only moves forward)");
      }
      simulator.AdvanceClock(absl::Seconds(*seconds));
      return Reply(200, ClockJson(simulator));
    }
  }
  if (parts[0] == "ledger" && request.method == "GET") {
    auto it = request.query.find("order_id");
    return Reply(200, simulator.ledger().ToJson(it == request.query.end() ? "" : it->second));
  }
  if (parts[0] == "faults") {
    if (request.method == "GET" || request.method == "DELETE") {
      if (request.method == "DELETE") simulator.ClearFaults();
      nlohmann::json list = nlohmann::json::array();
      for (const FaultRule& rule : simulator.ArmedFaults()) list.push_back(FaultRuleToJson(rule));
      return Reply(200, nlohmann::json{{"faults", list}});
    }
    if (request.method == "POST") {
      auto body = Body(request);
      if (!body.ok()) return FromStatus(body.status());
      if (const auto order = json::GetStringLenient(*body, "order_id")) (*body)["payment_id"] = *order;
      body->erase("order_id");
      auto rule = FaultRuleFromJson(*body);
      if (!rule.ok()) return FromStatus(rule.status());
      rule->id = simulator.InjectFault(*rule);
      return Reply(201, FaultRuleToJson(*rule));
    }
  }
  if (parts[0] == "reset" && request.method == "POST") {
    simulator.Reset();
    return Reply(200, ClockJson(simulator));
  }
  return Error(404, "no such admin endpoint");
}

}  // namespace cancela::sandbox
