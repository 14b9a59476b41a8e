#include "providers/sandbox/payu_simulator.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json_access.h"
#include "common/log.h"
#include "providers/sandbox/json_text.h"
#include "providers/sandbox/payu_admin.h"
#include "providers/sandbox/payu_seed.h"

namespace cancela::sandbox {
namespace {

constexpr char kPaymentsPath[] = "/payments-api/4.0/service.cgi";
constexpr char kQueriesPath[] = "/reports-api/4.0/service.cgi";

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

}  // namespace

PayuSimulator::PayuSimulator(Options options)
    : options_(std::move(options)),
      clock_(options_.clock != nullptr ? *options_.clock : SystemClock::Get()),
      book_(clock_, ledger_, options_.rules),
      server_(ServerOptions(options_.host, options_.port),
              [this](const HttpRequest& r) { return Handle(r); }) {
  Seed();
}

PayuSimulator::~PayuSimulator() { Stop(); }

absl::Status PayuSimulator::Start() { return server_.Start(); }

void PayuSimulator::Stop() {
  faults_.Stop();  // cuts latency faults short
  server_.Stop();
}

std::string PayuSimulator::base_url() const {
  const std::string host = options_.host == "0.0.0.0" || options_.host.empty() ? "127.0.0.1" : options_.host;
  return absl::StrCat("http://", host, ":", port());
}

int64_t PayuSimulator::InjectFault(FaultRule rule) {
  rule.method = absl::AsciiStrToUpper(rule.method);
  return faults_.Add(std::move(rule));
}

void PayuSimulator::Reset() {
  clock_.ResetOffset();
  book_.Clear();
  ledger_.Clear();
  faults_.Clear();
  Seed();
}

void PayuSimulator::Seed() {
  for (PayuMerchant& merchant : payu_seed::Merchants()) book_.AddMerchant(std::move(merchant));
  if (!options_.seed_sales) return;
  for (const PayuSaleSpec& spec : payu_seed::Sales()) {
    if (auto order = book_.CreateSale(spec); !order.ok()) {
      log::Error("sandbox seed sale rejected", {{"order_id", spec.order_id},
                                                {"error", order.status().ToString()}});
    }
  }
}

HttpReply PayuSimulator::Handle(const HttpRequest& request) {
  if (request.path == "/__sandbox" || absl::StartsWith(request.path, "/__sandbox/")) {
    return HandlePayuAdmin(request, *this);
  }
  const bool payments = request.path == kPaymentsPath;
  if (!payments && request.path != kQueriesPath) return Json(404, "");
  if (request.method != "POST") {
    HttpReply reply = Json(405, "");
    reply.headers["Allow"] = "POST";
    return reply;
  }
  const std::optional<nlohmann::json> body = json::Parse(request.body);
  const std::string order_id = body ? PayuBook::OrderIdOf(*body) : "";
  // Faults tell the two APIs apart by method: POST the Payments API, GET the Queries API.
  const std::string fault_method = payments ? "POST" : "GET";
  ledger_.CountRequest(fault_method, order_id);
  const std::optional<FaultRule> fault = faults_.Take(fault_method, order_id);
  HttpReply reply;
  if (!fault) {
    reply = HandleProtocol(request, payments, body.value_or(nlohmann::json()));
  } else {
    switch (fault->kind) {
      case FaultKind::kLatency:
        if (!faults_.WaitOut(fault->delay)) {
          reply.action = ReplyAction::kCloseWithoutResponse;
        } else {
          reply = HandleProtocol(request, payments, body.value_or(nlohmann::json()));
        }
        break;
      case FaultKind::kHttp500:
        reply = Json(500, "<html><body>Internal Server Error</body></html>");
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
        reply = HandleProtocol(request, payments, body.value_or(nlohmann::json()));
        reply.action = ReplyAction::kResetBeforeResponse;
        reply.delay = fault->delay;
        break;
    }
  }
  flood_.Apply(reply);
  if (options_.log_requests) {
    // Never the body: it carries apiLogin and apiKey.
    log::Info("sandbox request", {{"provider", "payu"},
                                  {"api", payments ? "payments" : "queries"},
                                  {"order_id", order_id},
                                  {"status", std::to_string(reply.status)},
                                  {"fault", fault ? std::string(FaultKindName(fault->kind)) : "none"}});
  }
  return reply;
}

HttpReply PayuSimulator::HandleProtocol(const HttpRequest& /*request*/, bool payments,
                                        const nlohmann::json& body) {
  const PayuReply reply = payments ? book_.Submit(body) : book_.Query(body);
  return Json(reply.http_status, DumpJson(reply.body));
}

}  // namespace cancela::sandbox
