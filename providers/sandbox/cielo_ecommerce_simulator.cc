#include "providers/sandbox/cielo_ecommerce_simulator.h"

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "providers/sandbox/cielo_ecommerce_admin.h"
#include "providers/sandbox/cielo_ecommerce_seed.h"
#include "providers/sandbox/fault_reply.h"

namespace cancela::sandbox {
namespace {

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

// "/1/sales/{id}" and "/1/sales/{id}/void" -> {id, has_void}. Other paths name no sale.
struct SalePath {
  std::string payment_id;
  bool void_suffix = false;
};
std::optional<SalePath> ParseSalePath(const std::string& path) {
  const std::vector<std::string> parts = absl::StrSplit(path, '/');
  // "", "1", "sales", id[, "void"]
  if (parts.size() < 4 || parts.size() > 5 || !parts[0].empty() || parts[1] != "1" ||
      parts[2] != "sales" || parts[3].empty()) {
    return std::nullopt;
  }
  if (parts.size() == 5 && parts[4] != "void") return std::nullopt;
  return SalePath{absl::AsciiStrToLower(parts[3]), parts.size() == 5};
}

std::string Header(const HttpRequest& request, const char* name) {
  auto it = request.headers.find(name);
  return it == request.headers.end() ? std::string() : it->second;
}

}  // namespace

CieloEcommerceSimulator::CieloEcommerceSimulator(Options options)
    : options_(std::move(options)),
      clock_(options_.clock != nullptr ? *options_.clock : SystemClock::Get()),
      book_(clock_, ledger_, options_.rules),
      transactional_(ServerOptions(options_.host, options_.transactional_port),
                     [this](const HttpRequest& r) { return Handle(Listener::kTransactional, r); }),
      query_(ServerOptions(options_.host, options_.query_port),
             [this](const HttpRequest& r) { return Handle(Listener::kQuery, r); }) {
  Seed();
}

CieloEcommerceSimulator::~CieloEcommerceSimulator() { Stop(); }

absl::Status CieloEcommerceSimulator::Start() {
  if (absl::Status s = transactional_.Start(); !s.ok()) return s;
  if (absl::Status s = query_.Start(); !s.ok()) {
    transactional_.Stop();
    return s;
  }
  return absl::OkStatus();
}

void CieloEcommerceSimulator::Stop() {
  faults_.Stop();  // cuts latency faults short
  transactional_.Stop();
  query_.Stop();
}

std::string CieloEcommerceSimulator::transactional_url() const {
  return ListenerBaseUrl(options_.host, transactional_port());
}

std::string CieloEcommerceSimulator::query_url() const {
  return ListenerBaseUrl(options_.host, query_port());
}

CieloEndpoints CieloEcommerceSimulator::Endpoints() const {
  return {transactional_url(), query_url()};
}

absl::StatusOr<CieloSale> CieloEcommerceSimulator::CreateSale(const CieloSaleSpec& spec) {
  return book_.CreateSale(spec);
}

std::optional<CieloSale> CieloEcommerceSimulator::GetSale(const std::string& payment_id) {
  return book_.GetSale(payment_id);
}

std::vector<CieloSale> CieloEcommerceSimulator::Sales() { return book_.Sales(); }

void CieloEcommerceSimulator::AddMerchant(CieloMerchant merchant) {
  book_.AddMerchant(std::move(merchant));
}

int64_t CieloEcommerceSimulator::InjectFault(FaultRule rule) {
  rule.payment_id = absl::AsciiStrToLower(rule.payment_id);
  rule.method = absl::AsciiStrToUpper(rule.method);
  return faults_.Add(std::move(rule));
}

void CieloEcommerceSimulator::Reset() {
  clock_.ResetOffset();
  book_.Clear();
  ledger_.Clear();
  faults_.Clear();
  Seed();
}

void CieloEcommerceSimulator::Seed() {
  for (CieloMerchant& merchant : cielo_seed::Merchants()) book_.AddMerchant(std::move(merchant));
  if (!options_.seed_sales) return;
  for (const CieloSaleSpec& spec : cielo_seed::Sales()) {
    if (absl::StatusOr<CieloSale> sale = book_.CreateSale(spec); !sale.ok()) {
      log::Error("sandbox seed sale rejected", {{"payment_id", spec.payment_id},
                                                {"error", sale.status().ToString()}});
    }
  }
}

HttpReply CieloEcommerceSimulator::Handle(Listener listener, const HttpRequest& request) {
  HttpReply reply;
  std::string fault_name = "none";
  if (listener == Listener::kTransactional &&
      (request.path == "/__sandbox" || absl::StartsWith(request.path, "/__sandbox/"))) {
    reply = HandleCieloEcommerceAdmin(request, *this);
  } else {
    const std::optional<SalePath> sale_path = ParseSalePath(request.path);
    const std::string payment_id = sale_path.has_value() ? sale_path->payment_id : "";
    ledger_.CountRequest(request.method, payment_id);
    const std::optional<FaultRule> fault = faults_.Take(request.method, payment_id);
    if (!fault.has_value()) {
      reply = HandleProtocol(listener, request, payment_id);
    } else {
      fault_name = std::string(FaultKindName(fault->kind));
      reply = ReplyUnderFault(
          *fault, faults_, [&] { return HandleProtocol(listener, request, payment_id); },
          Json(500, CieloErrorBody(0, "Internal error")));
    }
    flood_.Apply(reply);
  }
  if (options_.log_requests) {
    // Never header values: MerchantKey is a secret.
    log::Info("sandbox request",
              {{"provider", "cielo_ecommerce"},
               {"listener", listener == Listener::kTransactional ? "transactional" : "query"},
               {"method", request.method},
               {"path", request.raw_target},
               {"status", std::to_string(reply.status)},
               {"action", ReplyActionName(reply.action)},
               {"fault", fault_name}});
  }
  return reply;
}

HttpReply CieloEcommerceSimulator::HandleProtocol(Listener listener, const HttpRequest& request,
                                                  const std::string& payment_id) {
  const std::optional<SalePath> sale_path = ParseSalePath(request.path);
  const bool transactional = listener == Listener::kTransactional;
  // Each host serves one operation: voids on the transactional one, queries on the query one.
  if (!sale_path.has_value() || sale_path->void_suffix != transactional) return Json(404, "");
  if (request.method != (transactional ? "PUT" : "GET")) {
    HttpReply reply = Json(405, "");
    reply.headers["Allow"] = transactional ? "PUT" : "GET";
    return reply;
  }
  const std::optional<CieloMerchant> merchant =
      book_.Authenticate(Header(request, "merchantid"), Header(request, "merchantkey"));
  if (!merchant.has_value()) return Json(401, "");

  WireReply wire;
  if (transactional) {
    CieloVoidRequest void_request;
    void_request.payment_id = payment_id;
    for (const auto& [name, value] : request.query) {
      // Cielo's docs write both ?amount= and "the Amount parameter".
      if (absl::AsciiStrToLower(name) == "amount") {
        void_request.amount = value;
        break;
      }
    }
    void_request.request_id = Header(request, "requestid");
    wire = book_.Void(*merchant, void_request, Endpoints());
  } else {
    wire = book_.Query(*merchant, payment_id, Endpoints());
  }
  return Json(wire.http_status, std::move(wire.body));
}

}  // namespace cancela::sandbox
