#include "providers/sandbox/zoop_simulator.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "providers/sandbox/fault_reply.h"
#include "providers/sandbox/json_text.h"
#include "providers/sandbox/zoop_admin.h"
#include "providers/sandbox/zoop_seed.h"
#include "providers/sandbox/zoop_wire.h"

namespace cancela::sandbox {
namespace {

// "/v1/marketplaces/{mkp}/transactions/{id}[/void|/receivables]".
struct ZoopPath {
  std::string marketplace_id;
  std::string transaction_id;
  std::string action;  // "", "void", "receivables"
};

std::optional<ZoopPath> ParsePath(const std::string& path) {
  const std::vector<std::string> parts = absl::StrSplit(path, '/');
  if (parts.size() < 6 || parts.size() > 7 || !parts[0].empty() ||
      (parts[1] != "v1" && parts[1] != "v2") || parts[2] != "marketplaces" ||
      parts[4] != "transactions" || parts[3].empty() || parts[5].empty()) {
    return std::nullopt;
  }
  ZoopPath out{parts[3], absl::AsciiStrToLower(parts[5]), parts.size() == 7 ? parts[6] : ""};
  if (out.action != "" && out.action != "void" && out.action != "receivables") return std::nullopt;
  return out;
}

HttpReply ZoopJson(int status, const nlohmann::ordered_json& body) {
  HttpReply reply;
  reply.status = status;
  reply.headers["Content-Type"] = "application/json";
  reply.body = DumpJson(body);
  return reply;
}

HttpServer::Options ServerOptions(const std::string& host, int port) {
  HttpServer::Options options;
  options.host = host;
  options.port = port;
  return options;
}

}  // namespace

ZoopSimulator::ZoopSimulator(Options options)
    : options_(std::move(options)),
      clock_(options_.clock != nullptr ? *options_.clock : SystemClock::Get()),
      book_(clock_, ledger_, zoop_seed::kMarketplaceId,
            options_.api_key.empty() ? zoop_seed::kApiKey : options_.api_key),
      server_(ServerOptions(options_.host, options_.port),
              [this](const HttpRequest& r) { return Handle(r); }) {
  Seed();
}

ZoopSimulator::~ZoopSimulator() { Stop(); }

absl::Status ZoopSimulator::Start() { return server_.Start(); }

void ZoopSimulator::Stop() {
  faults_.Stop();  // cuts latency faults short
  server_.Stop();
}

std::string ZoopSimulator::base_url() const { return ListenerBaseUrl(options_.host, port()); }

int64_t ZoopSimulator::InjectFault(FaultRule rule) {
  rule.payment_id = absl::AsciiStrToLower(rule.payment_id);
  rule.method = absl::AsciiStrToUpper(rule.method);
  return faults_.Add(std::move(rule));
}

void ZoopSimulator::Reset() {
  clock_.ResetOffset();
  book_.Clear();
  ledger_.Clear();
  faults_.Clear();
  Seed();
}

void ZoopSimulator::Seed() {
  for (ZoopSeller& seller : zoop_seed::Sellers()) book_.AddSeller(std::move(seller));
  if (!options_.seed_transactions) return;
  for (const ZoopTransactionSpec& spec : zoop_seed::Transactions()) {
    if (auto t = book_.CreateTransaction(spec); !t.ok()) {
      log::Error("sandbox seed transaction rejected",
                 {{"transaction_id", spec.id}, {"error", t.status().ToString()}});
    }
  }
}

HttpReply ZoopSimulator::Handle(const HttpRequest& request) {
  HttpReply reply;
  std::string fault_name = "none";
  if (request.path == "/__sandbox" || absl::StartsWith(request.path, "/__sandbox/")) {
    reply = HandleZoopAdmin(request, *this);
  } else {
    const std::optional<ZoopPath> path = ParsePath(request.path);
    const std::string id = path ? path->transaction_id : "";
    ledger_.CountRequest(request.method, id);
    const std::optional<FaultRule> fault = faults_.Take(request.method, id);
    if (!fault) {
      reply = HandleProtocol(request);
    } else {
      fault_name = std::string(FaultKindName(fault->kind));
      reply = ReplyUnderFault(*fault, faults_, [&] { return HandleProtocol(request); },
                              ZoopJson(500, ZoopErrorBody(500, "api_error", "service_unavailable",
                                                          "An internal error occurred.")));
    }
    flood_.Apply(reply);
  }
  if (options_.log_requests) {
    // Never header values: Authorization carries the API key.
    log::Info("sandbox request", {{"provider", "zoop"},
                                  {"method", request.method},
                                  {"path", request.raw_target},
                                  {"status", std::to_string(reply.status)},
                                  {"action", ReplyActionName(reply.action)},
                                  {"fault", fault_name}});
  }
  return reply;
}

HttpReply ZoopSimulator::HandleProtocol(const HttpRequest& request) {
  const std::optional<ZoopPath> path = ParsePath(request.path);
  if (!path) {
    return ZoopJson(404, ZoopErrorBody(404, "invalid_request_error", "resource_not_found",
                                       "Sorry, the resource you are trying to use does not exist."));
  }
  auto header = request.headers.find("authorization");
  if (header == request.headers.end() || !book_.Authenticate(header->second)) {
    return ZoopJson(401, ZoopErrorBody(401, "invalid_request_error", "authentication_error",
                                       "Invalid API key or credentials."));
  }
  const char* allowed = path->action == "void" ? "POST" : "GET";
  if (request.method != allowed) {
    HttpReply reply = ZoopJson(405, ZoopErrorBody(405, "invalid_request_error", "method_not_allowed",
                                                  "Method not allowed."));
    reply.headers["Allow"] = allowed;
    return reply;
  }
  if (path->action == "void") return book_.Void(path->marketplace_id, path->transaction_id, request.body);
  if (path->action == "receivables") return book_.Receivables(path->marketplace_id, path->transaction_id);
  return book_.Get(path->marketplace_id, path->transaction_id);
}

}  // namespace cancela::sandbox
