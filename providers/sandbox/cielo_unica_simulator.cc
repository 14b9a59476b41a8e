#include "providers/sandbox/cielo_unica_simulator.h"

#include <cmath>
#include <random>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/json_access.h"
#include "common/log.h"
#include "providers/sandbox/admin_support.h"
#include "providers/sandbox/brasilia_time.h"
#include "providers/sandbox/cielo_unica_seed.h"
#include "providers/sandbox/http_parsing.h"
#include "providers/sandbox/json_text.h"

namespace cancela::sandbox {
namespace {

HttpReply Reply(const UnicaAnswer& answer) {
  HttpReply reply;
  reply.status = answer.status;
  reply.headers["Content-Type"] = answer.content_type;
  reply.body = answer.body;
  return reply;
}

HttpReply JsonReply(int status, const nlohmann::json& body) {
  return Reply(UnicaAnswer{status, "application/json; charset=utf-8", DumpJson(body)});
}

std::string RandomToken() {
  static thread_local std::mt19937_64 random(std::random_device{}());
  return absl::StrCat("sbx-", absl::Hex(random(), absl::kZeroPad16), absl::Hex(random(), absl::kZeroPad16));
}

std::string Query(const HttpRequest& request, const char* name) {
  auto it = request.query.find(name);
  return it == request.query.end() ? "" : it->second;
}

// The authorization code a protocol request is about, for fault matching.
std::string FaultKey(const HttpRequest& request) {
  if (request.method == "GET") return Query(request, "authorizationCode");
  const auto body = json::Parse(request.body);
  if (!body || !body->is_object()) return "";
  const nlohmann::json* transactions = json::Find(*body, "transactions");
  if (transactions == nullptr || !transactions->is_array() || transactions->empty()) return "";
  return json::GetString((*transactions)[0], "authorizationCode").value_or("");
}

}  // namespace

CieloUnicaSimulator::CieloUnicaSimulator(Options options)
    : options_(std::move(options)),
      clock_(options_.clock != nullptr ? *options_.clock : SystemClock::Get()),
      book_(clock_, ledger_) {
  HttpServer::Options protocol;
  protocol.host = options_.host;
  protocol.port = options_.port;
  if (options_.tls) {
    auto tls = TlsServerContext::Create(*options_.tls);
    if (tls.ok()) {
      tls_ = *tls;
      protocol.tls = tls_;
    } else {
      tls_status_ = tls.status();
    }
  }
  protocol_ = std::make_unique<HttpServer>(protocol, [this](const HttpRequest& r) { return Handle(r); });
  HttpServer::Options admin;
  admin.host = options_.host;
  admin.port = options_.admin_port;
  admin_ = std::make_unique<HttpServer>(admin, [this](const HttpRequest& r) { return HandleAdmin(r); });
  Seed();
}

CieloUnicaSimulator::~CieloUnicaSimulator() { Stop(); }

absl::Status CieloUnicaSimulator::Start() {
  if (!tls_status_.ok()) return tls_status_;
  if (absl::Status s = protocol_->Start(); !s.ok()) return s;
  if (absl::Status s = admin_->Start(); !s.ok()) {
    protocol_->Stop();
    return s;
  }
  return absl::OkStatus();
}

void CieloUnicaSimulator::Stop() {
  faults_.Stop();  // cuts latency faults short
  protocol_->Stop();
  admin_->Stop();
}

std::string CieloUnicaSimulator::base_url() const {
  return absl::StrCat(tls_ ? "https" : "http", "://127.0.0.1:", protocol_->port(), kBasePath);
}

std::string CieloUnicaSimulator::token_url() const {
  return absl::StrCat(tls_ ? "https" : "http", "://127.0.0.1:", protocol_->port(), kTokenPath);
}

std::string CieloUnicaSimulator::admin_url() const {
  return absl::StrCat("http://127.0.0.1:", admin_->port());
}

int64_t CieloUnicaSimulator::tokens_issued() const {
  absl::MutexLock lock(&mu_);
  return tokens_issued_;
}

int64_t CieloUnicaSimulator::RequestsTo(const std::string& path) const {
  absl::MutexLock lock(&mu_);
  auto it = requests_by_path_.find(path);
  return it == requests_by_path_.end() ? 0 : it->second;
}

void CieloUnicaSimulator::Seed() {
  for (UnicaClient& client : cielo_unica_seed::Clients()) book_.AddClient(std::move(client));
  if (!options_.seed_sales) return;
  for (UnicaSale& sale : cielo_unica_seed::Sales(clock_.Now())) book_.AddSale(std::move(sale));
}

void CieloUnicaSimulator::Reset() {
  clock_.ResetOffset();
  book_.Clear();
  ledger_.Clear();
  faults_.Clear();
  {
    absl::MutexLock lock(&mu_);
    tokens_.clear();
    requests_by_path_.clear();
  }
  Seed();
}

HttpReply CieloUnicaSimulator::Handle(const HttpRequest& request) {
  const std::string key = FaultKey(request);
  ledger_.CountRequest(request.method, key);
  {
    absl::MutexLock lock(&mu_);
    ++requests_by_path_[request.path];
  }
  HttpReply reply;
  std::string fault_name = "none";
  const std::optional<FaultRule> fault =
      request.path == kTokenPath ? std::nullopt : faults_.Take(request.method, key);
  if (!fault) {
    reply = request.path == kTokenPath ? HandleToken(request) : HandleProtocol(request);
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
        reply = Reply(UnicaError(500, 5, "Erro interno", clock_.Now()));
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
  if (options_.log_requests) {
    // Never bodies or header values: they hold client secrets and tokens.
    log::Info("sandbox request", {{"provider", "cielo_unica"},
                                  {"method", request.method},
                                  {"path", request.path},
                                  {"status", absl::StrCat(reply.status)},
                                  {"fault", fault_name}});
  }
  return reply;
}

HttpReply CieloUnicaSimulator::HandleToken(const HttpRequest& request) {
  const absl::Time now = clock_.Now();
  if (request.method != "POST") return JsonReply(405, {{"error", "invalid_request"}});
  const auto form = ParseQuery(request.body);
  auto get = [&form](const char* name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  if (get("grant_type") != "client_credentials") {
    return JsonReply(400, {{"error", "unsupported_grant_type"}});
  }
  const auto client = book_.FindClient(get("client_id"), get("client_secret"));
  if (!client) {
    return JsonReply(401, {{"error", "invalid_client"},
                           {"error_description", "Invalid client or Invalid client credentials"}});
  }
  const std::string token = RandomToken();
  {
    absl::MutexLock lock(&mu_);
    tokens_[token] = Token{*client, now + options_.token_lifetime};
    ++tokens_issued_;
  }
  return JsonReply(200, {{"access_token", token},
                         {"expires_in", absl::ToInt64Seconds(options_.token_lifetime)},
                         {"token_type", "Bearer"},
                         {"scope", "profile email"}});
}

std::optional<UnicaClient> CieloUnicaSimulator::Authorized(const HttpRequest& request) {
  auto it = request.headers.find("authorization");
  if (it == request.headers.end() || !absl::StartsWith(it->second, "Bearer ")) return std::nullopt;
  const std::string token = it->second.substr(7);
  absl::MutexLock lock(&mu_);
  auto found = tokens_.find(token);
  if (found == tokens_.end() || found->second.expires_at <= clock_.Now()) return std::nullopt;
  return found->second.client;
}

HttpReply CieloUnicaSimulator::HandleProtocol(const HttpRequest& request) {
  const absl::Time now = clock_.Now();
  const std::string base = kBasePath;
  if (!absl::StartsWith(request.path, base)) return Reply(UnicaError(404, 115, "recurso inexistente", now));
  const std::string route = request.path.substr(base.size());
  const auto client = Authorized(request);
  if (!client) return Reply(UnicaError(401, 401, "token inválido ou expirado", now));

  if (route == "/refunds" && request.method == "POST") {
    auto items = ParseUnicaCancelBody(request.body);
    if (!items.ok()) return Reply(UnicaError(400, 115, std::string(items.status().message()), now));
    return Reply(book_.Submit(*client, *items));
  }
  if (route == "/refunds" && request.method == "GET") {
    UnicaListQuery q;
    q.merchant_id = Query(request, "merchantId");
    q.authorization_code = Query(request, "authorizationCode");
    q.nsu = Query(request, "nsu");
    if (const std::string amount = Query(request, "saleAmount"); !amount.empty()) {
      double reais = 0;
      if (!absl::SimpleAtod(amount, &reais)) return Reply(UnicaError(400, 115, "saleAmount", now));
      q.sale_amount = std::llround(reais * 100);
    }
    if (!ParseUnicaDay(Query(request, "cancelStartDate"), &q.from) ||
        !ParseUnicaDay(Query(request, "cancelEndDate"), &q.to) ||
        !absl::SimpleAtoi(Query(request, "rows"), &q.rows) ||
        !absl::SimpleAtoi(Query(request, "page"), &q.page) || q.rows < 1 || q.page < 1) {
      return Reply(UnicaError(400, 115, "cancelStartDate, cancelEndDate (dd-MM-yyyy), rows e page", now));
    }
    return Reply(book_.List(*client, q));
  }
  if (absl::StartsWith(route, "/refunds/") && request.method == "GET") {
    const std::vector<std::string> parts = absl::StrSplit(route.substr(9), '/');
    int64_t refund_id = 0;
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &refund_id)) {
      return Reply(UnicaError(404, 115, "recurso inexistente", now));
    }
    return Reply(book_.QueryBatch(*client, refund_id, parts[1]));
  }
  if ((route == "/letter-api/pdf" || route == "/letter-api/zip") && request.method == "POST") {
    const auto body = json::Parse(request.body);
    if (!body || !body->is_object() || !json::GetIntLenient(*body, "merchantId")) {
      return Reply(UnicaError(400, 115, "merchantId é obrigatório", now));
    }
    const std::string ec = absl::StrCat(json::GetIntLenient(*body, "merchantId").value_or(0));
    const std::string language = json::GetString(*body, "language").value_or("PT_BR");
    if (route == "/letter-api/pdf") {
      const auto id = json::GetIntLenient(*body, "cancellationId");
      if (!id) return Reply(UnicaError(400, 115, "cancellationId é obrigatório", now));
      return Reply(book_.LetterPdf(*client, ec, *id, language));
    }
    const nlohmann::json* list = json::Find(*body, "cancellations");
    std::vector<int64_t> ids;
    if (list == nullptr || !list->is_array()) {
      return Reply(UnicaError(400, 115, "cancellations é obrigatório", now));
    }
    for (const nlohmann::json& id : *list) {
      if (!id.is_number_integer()) return Reply(UnicaError(400, 115, "cancellations: números", now));
      ids.push_back(id.get<int64_t>());
    }
    return Reply(book_.LetterZip(*client, ec, ids, language));
  }
  return Reply(UnicaError(404, 115, "recurso inexistente", now));
}

HttpReply CieloUnicaSimulator::HandleAdmin(const HttpRequest& request) {
  const std::string route = request.path;
  if (route == "/__sandbox/ledger" && request.method == "GET") {
    return JsonReply(200, ledger_.ToJson(Query(request, "sale")));
  }
  if (route == "/__sandbox/cancellations" && request.method == "GET") {
    nlohmann::json list = nlohmann::json::array();
    for (const UnicaCancellation& c : book_.Cancellations()) {
      list.push_back({{"controlID", c.control_id}, {"refundID", c.refund_id},
                      {"merchantID", c.merchant_id}, {"authorizationCode", c.authorization_code},
                      {"refundAmountMinorUnits", c.refund_amount}, {"status", c.status},
                      {"detailCode", c.detail_code}, {"requestedAt", FormatInstant(c.requested_at)},
                      {"finalAt", FormatInstant(c.final_at)}});
    }
    return JsonReply(200, {{"cancellations", list}});
  }
  if (route == "/__sandbox/faults") {
    if (request.method == "DELETE") {
      faults_.Clear();
      return JsonReply(200, {{"cleared", true}});
    }
    if (request.method == "POST") {
      const auto body = json::Parse(request.body);
      if (!body || !body->is_object()) return JsonReply(400, {{"error", "a JSON object"}});
      auto rule = FaultRuleFromJson(*body);
      if (!rule.ok()) return JsonReply(400, {{"error", std::string(rule.status().message())}});
      rule->id = faults_.Add(*rule);
      return JsonReply(200, FaultRuleToJson(*rule));
    }
  }
  if (route == "/__sandbox/clock") {
    if (request.method == "POST") {
      const auto body = json::Parse(request.body);
      const nlohmann::json* advance = body ? json::Find(*body, "advance_seconds") : nullptr;
      if (advance == nullptr || !advance->is_number() || advance->get<double>() < 0 ||
          !std::isfinite(advance->get<double>())) {
        return JsonReply(400, {{"error", "advance_seconds must be a number of seconds, 0 or more"}});
      }
      AdvanceClock(absl::Milliseconds(std::llround(advance->get<double>() * 1000)));
    }
    return JsonReply(200, {{"now", FormatInstant(Now())}, {"now_brasilia", FormatBrasilia(Now())}});
  }
  if (route == "/__sandbox/flood") return admin::FloodRoute(request, flood_);
  if (route == "/__sandbox/reset" && request.method == "POST") {
    Reset();
    return JsonReply(200, {{"reset", true}});
  }
  return JsonReply(404, {{"error", "unknown admin route; see providers/sandbox/README.md"}});
}

}  // namespace cancela::sandbox
