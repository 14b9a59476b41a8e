#include "providers/sandbox/cielo_checkout_simulator.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "providers/sandbox/cielo_checkout_admin.h"
#include "providers/sandbox/cielo_checkout_seed.h"

namespace cancela::sandbox {
namespace {

constexpr char kApi[] = "/api/public/v2/";

HttpServer::Options ServerOptions(const std::string& host, int port) {
  HttpServer::Options options;
  options.host = host;
  options.port = port;
  return options;
}

HttpReply Json(int status, std::string body) {
  HttpReply reply;
  reply.status = status;
  reply.body = std::move(body);
  if (!reply.body.empty()) reply.headers["Content-Type"] = "application/json; charset=utf-8";
  return reply;
}

std::string Header(const HttpRequest& request, const char* name) {
  auto it = request.headers.find(name);
  return it == request.headers.end() ? std::string() : it->second;
}

// The API path split after /api/public/v2/: {"orders", n[, "void"]}, {"token"}, ...
std::vector<std::string> ApiParts(const std::string& path) {
  if (!absl::StartsWith(path, kApi)) return {};
  return absl::StrSplit(path.substr(sizeof(kApi) - 1), '/');
}

// The order number a request names, for faults and the ledger's request counts.
std::string OrderNumberOf(const HttpRequest& request) {
  const std::vector<std::string> parts = ApiParts(request.path);
  return parts.size() >= 2 && parts[0] == "orders" ? absl::AsciiStrToLower(parts[1]) : "";
}

}  // namespace

CieloCheckoutSimulator::CieloCheckoutSimulator(Options options)
    : options_(std::move(options)),
      clock_(options_.clock != nullptr ? *options_.clock : SystemClock::Get()),
      book_(clock_, ledger_, options_.rules),
      server_(ServerOptions(options_.host, options_.port),
              [this](const HttpRequest& r) { return Handle(r); }) {
  Seed();
}

CieloCheckoutSimulator::~CieloCheckoutSimulator() { Stop(); }

absl::Status CieloCheckoutSimulator::Start() { return server_.Start(); }

void CieloCheckoutSimulator::Stop() {
  faults_.Stop();  // cuts latency faults short
  server_.Stop();
}

std::string CieloCheckoutSimulator::base_url() const {
  const std::string& host = options_.host;
  const std::string shown = host == "0.0.0.0" || host.empty() ? "127.0.0.1"
                            : absl::StrContains(host, ':')    ? absl::StrCat("[", host, "]")
                                                              : host;
  return absl::StrCat("http://", shown, ":", port());
}

int64_t CieloCheckoutSimulator::InjectFault(FaultRule rule) {
  rule.payment_id = absl::AsciiStrToLower(rule.payment_id);
  rule.method = absl::AsciiStrToUpper(rule.method);
  return faults_.Add(std::move(rule));
}

void CieloCheckoutSimulator::Reset() {
  clock_.ResetOffset();
  book_.Clear();
  ledger_.Clear();
  faults_.Clear();
  Seed();
}

void CieloCheckoutSimulator::Seed() {
  for (CheckoutMerchant& m : checkout_seed::Merchants()) book_.AddMerchant(std::move(m));
  if (!options_.seed_orders) return;
  for (const CheckoutOrderSpec& spec : checkout_seed::Orders()) {
    if (absl::StatusOr<CheckoutOrder> order = book_.CreateOrder(spec); !order.ok()) {
      log::Error("sandbox seed order rejected", {{"order_number", spec.order_number},
                                                 {"error", order.status().ToString()}});
    }
  }
}

HttpReply CieloCheckoutSimulator::Handle(const HttpRequest& request) {
  HttpReply reply;
  std::string fault_name = "none";
  if (request.path == "/__sandbox" || absl::StartsWith(request.path, "/__sandbox/")) {
    reply = HandleCieloCheckoutAdmin(request, *this);
  } else {
    const std::string order_number = OrderNumberOf(request);
    ledger_.CountRequest(request.method, order_number);
    const std::optional<FaultRule> fault = faults_.Take(request.method, order_number);
    if (!fault.has_value()) {
      reply = HandleProtocol(request);
    } else {
      fault_name = std::string(FaultKindName(fault->kind));
      switch (fault->kind) {
        case FaultKind::kLatency:
          if (!faults_.WaitOut(fault->delay)) {
            reply.action = ReplyAction::kCloseWithoutResponse;
          } else {
            reply = HandleProtocol(request);
          }
          break;
        case FaultKind::kHttp500:
          reply = Json(500, R"({"message":"Erro interno"})");
          reply.delay = fault->delay;
          break;
        case FaultKind::kReset:
          reply.action = ReplyAction::kResetBeforeResponse;
          reply.delay = fault->delay;
          break;
        case FaultKind::kClose:
          reply.action = ReplyAction::kCloseWithoutResponse;
          reply.delay = fault->delay;
          break;
        case FaultKind::kExecuteThenDrop:
          reply = HandleProtocol(request);
          reply.action = ReplyAction::kResetBeforeResponse;
          reply.delay = fault->delay;
          break;
      }
    }
    flood_.Apply(reply);
  }
  if (options_.log_requests) {
    // Never header values: they carry the client secret and bearer tokens.
    log::Info("sandbox request", {{"provider", "cielo_checkout"},
                                  {"method", request.method},
                                  {"path", request.raw_target},
                                  {"status", std::to_string(reply.status)},
                                  {"fault", fault_name}});
  }
  return reply;
}

HttpReply CieloCheckoutSimulator::HandleProtocol(const HttpRequest& request) {
  const std::vector<std::string> parts = ApiParts(request.path);
  const std::string authorization = Header(request, "authorization");
  if (parts.size() == 1 && parts[0] == "token") {
    if (request.method != "POST") return Json(405, "");
    if (!absl::StartsWith(absl::AsciiStrToLower(Header(request, "content-type")),
                          "application/x-www-form-urlencoded")) {
      return Json(400, R"({"error":"invalid_request"})");
    }
    CheckoutReply r = book_.IssueToken(authorization, request.body);
    return Json(r.http_status, std::move(r.body));
  }
  const bool order = parts.size() == 2 && parts[0] == "orders" && !parts[1].empty();
  const bool void_order = parts.size() == 3 && parts[0] == "orders" && parts[2] == "void";
  const bool by_merchant_number = parts.size() == 2 && parts[0] == "merchantOrderNumber";
  if (!order && !void_order && !by_merchant_number) return Json(404, "");
  if (request.method != (void_order ? "PUT" : "GET")) {
    HttpReply reply = Json(405, "");
    reply.headers["Allow"] = void_order ? "PUT" : "GET";
    return reply;
  }
  const std::optional<std::string> merchant = book_.Authenticate(authorization);
  if (!merchant.has_value()) return Json(401, R"({"message":"Authorization has been denied for this request."})");
  CheckoutReply r;
  if (order) {
    r = book_.QueryOrder(*merchant, parts[1], base_url());
  } else if (by_merchant_number) {
    r = book_.ListByMerchantOrderNumber(*merchant, parts[1], base_url());
  } else {
    std::optional<std::string> amount;
    for (const auto& [name, value] : request.query) {
      if (absl::AsciiStrToLower(name) == "amount") amount = value;
    }
    r = book_.Void(*merchant, parts[1], amount, base_url());
  }
  return Json(r.http_status, std::move(r.body));
}

}  // namespace cancela::sandbox
