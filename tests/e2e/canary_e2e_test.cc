// Issue 10's canary: every input cancela takes and every answer the five sandboxes give is flooded
// with canary secrets and Luhn-valid card numbers, and none of them may come out — not in a log
// line, the /metrics page, a gRPC reply (status message, details, metadata, every field of every
// response, streams included), the SQLite file or its WAL, nor a letter's PDF or ZIP.
//
// The server runs in this process over real libcurl, against the real simulators on loopback and a
// real SQLite file, on one manual clock; its stderr is captured whole. The test also proves it
// could have failed: the floods reached the sandboxes and came back in every answer, the canary
// credentials authenticated, the scanner sees what it looks at, and the control numbers (caller
// data that is not a card) come out where they were put.

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cancela/v1/refund_service.grpc.pb.h"
#include "common/clock.h"
#include "grpcpp/grpcpp.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/cielo_checkout_seed.h"
#include "providers/sandbox/cielo_checkout_simulator.h"
#include "providers/sandbox/cielo_ecommerce_admin.h"
#include "providers/sandbox/cielo_ecommerce_seed.h"
#include "providers/sandbox/cielo_ecommerce_simulator.h"
#include "providers/sandbox/cielo_unica_seed.h"
#include "providers/sandbox/cielo_unica_simulator.h"
#include "providers/sandbox/payu_seed.h"
#include "providers/sandbox/payu_simulator.h"
#include "providers/sandbox/zoop_seed.h"
#include "providers/sandbox/zoop_simulator.h"
#include "service/core/fingerprint.h"
#include "service/server/config.h"
#include "service/server/server.h"
#include "tests/e2e/canaries.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/request_flood.h"
#include "tests/e2e/server_process.h"
#include "tests/e2e/transport_tap.h"
#include "tests/e2e/webhook_delivery.h"
#include "tests/letters/pdf_text.h"
#include "tests/letters/unzip.h"
#include "tests/support/ephemeral_port.h"

namespace cancela::testing {
namespace {

using google::protobuf::Message;

constexpr char kCielo[] = "cielo-ecommerce/canary";
constexpr char kCieloNoBalance[] = "cielo-ecommerce/canary-sem-saldo";
constexpr char kPayu[] = "payu/canary";
constexpr char kCheckout[] = "cielo-checkout/canary";
constexpr char kZoop[] = "zoop/canary";
constexpr char kUnica[] = "cielo-unica/canary";
constexpr char kWebhookHeader[] = "X-Cancela-Notification-Token";
constexpr char kPayuKeyVariable[] = "CANCELA_CANARY_PAYU_API_KEY";

// Which canary secret is which (Canaries::Secret(n)); 10-15 and 20-25 are the free texts'.
enum SecretNumber {
  kTenantToken = 0,
  kCieloKey = 1,
  kCieloNoBalanceKey = 2,  // read from a file
  kPayuKey = 3,            // read from the environment
  kPayuLogin = 4,
  kCheckoutSecret = 5,
  kZoopKey = 6,
  kUnicaSecret = 7,
  kCieloWebhookToken = 8,
  kCheckoutWebhookToken = 9,
  kZoopWebhookToken = 30,
  kWrongCredentials = 31,  // 31-35: accounts the sandboxes do not know
  kUnknownBearer = 40,     // 40-43: tokens no tenant has
  kApiKeyHeader = 44,
  kCookieHeader = 45,
  kWebhookAuthorization = 46,
  kWrongWebhookToken = 47,
  kWebhookQueryToken = 48,  // 48-49: in a notification's URL
};

std::string FormEncoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      absl::StrAppend(&out, "%", absl::StrFormat("%02X", c));
    }
  }
  return out;
}

const google::protobuf::ServiceDescriptor* ApiService() {
  return google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      "cancela.v1.RefundService");
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class CanaryE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::testing::internal::CaptureStderr();
    capturing_ = true;
    dir_ = (std::filesystem::temp_directory_path() / absl::StrCat("cancela-canary-", NewKey()))
               .string();
    std::filesystem::create_directories(dir_);
    ASSERT_NO_FATAL_FAILURE(StartSandboxes());
    ASSERT_NO_FATAL_FAILURE(StartServer());
  }

  void TearDown() override {
    stub_.reset();
    if (server_) server_->Shutdown(absl::Seconds(1));
    server_.reset();
    cielo_.reset();
    payu_.reset();
    checkout_.reset();
    zoop_.reset();
    unica_.reset();
    if (capturing_) ::testing::internal::GetCapturedStderr();
    unsetenv(kPayuKeyVariable);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string S(int n) const { return canaries_.Secret(n); }

  // The simulators, their merchants' credentials replaced by canaries, every reply flooded.
  void StartSandboxes() {
    sandbox::CieloEcommerceSimulator::Options cielo;
    cielo.clock = &clock_;
    cielo_ = std::make_unique<sandbox::CieloEcommerceSimulator>(cielo);
    for (sandbox::CieloMerchant m : sandbox::cielo_seed::Merchants()) {
      if (m.name == sandbox::cielo_seed::kLojaCentro) m.merchant_key = S(kCieloKey);
      if (m.name == sandbox::cielo_seed::kLojaSemSaldo) m.merchant_key = S(kCieloNoBalanceKey);
      cielo_->AddMerchant(m);
    }
    sandbox::PayuSimulator::Options payu;
    payu.clock = &clock_;
    payu_ = std::make_unique<sandbox::PayuSimulator>(payu);
    payu_->book().AddMerchant({sandbox::payu_seed::kMerchant, S(kPayuLogin), S(kPayuKey)});
    sandbox::CieloCheckoutSimulator::Options checkout;
    checkout.clock = &clock_;
    checkout_ = std::make_unique<sandbox::CieloCheckoutSimulator>(checkout);
    for (sandbox::CheckoutMerchant m : sandbox::checkout_seed::Merchants()) {
      if (m.name != sandbox::checkout_seed::kLojaCheckout) continue;
      m.client_secret = S(kCheckoutSecret);
      checkout_->AddMerchant(m);
    }
    sandbox::ZoopSimulator::Options zoop;
    zoop.clock = &clock_;
    zoop.api_key = S(kZoopKey);
    zoop_ = std::make_unique<sandbox::ZoopSimulator>(zoop);
    sandbox::CieloUnicaSimulator::Options unica;
    unica.clock = &clock_;
    unica_ = std::make_unique<sandbox::CieloUnicaSimulator>(unica);
    for (sandbox::UnicaClient c : sandbox::cielo_unica_seed::Clients()) {
      if (c.client_id != sandbox::cielo_unica_seed::kClientId) continue;
      c.client_secret = S(kUnicaSecret);
      unica_->book().AddClient(c);
    }
    ASSERT_TRUE(cielo_->Start().ok());
    ASSERT_TRUE(payu_->Start().ok());
    ASSERT_TRUE(checkout_->Start().ok());
    ASSERT_TRUE(zoop_->Start().ok());
    ASSERT_TRUE(unica_->Start().ok());
    for (sandbox::ReplyFlood* flood : Floods()) {
      flood->Arm(canaries_.ProviderText(), canaries_.cards()[1].digits);
    }
  }

  std::vector<sandbox::ReplyFlood*> Floods() {
    return {&cielo_->flood(), &payu_->flood(), &checkout_->flood(), &zoop_->flood(),
            &unica_->flood()};
  }

  // The configuration file as an operator writes it, every credential a canary, read by the
  // server's own parser; secrets come as values, from a file and from the environment.
  nlohmann::json ConfigJson() {
    const std::string key_file = dir_ + "/sem-saldo-merchant-key";
    std::ofstream(key_file) << S(kCieloNoBalanceKey);
    setenv(kPayuKeyVariable, S(kPayuKey).c_str(), 1);
    auto value = [](const std::string& v) { return nlohmann::json{{"value", v}}; };
    auto account = [](const std::string& name, const char* provider, nlohmann::json settings) {
      settings["request_timeout_ms"] = 5000;
      return nlohmann::json{{"name", name}, {"provider", provider}, {"tenants", nlohmann::json::array({"acme"})},
                            {"settings", std::move(settings)}};
    };
    auto webhook = [&](nlohmann::json a, int token) {
      a["webhook"] = {{"header", kWebhookHeader}, {"token", value(S(token))}};
      return a;
    };
    auto cielo = [&](const char* merchant_id, nlohmann::json key) {
      return nlohmann::json{{"transactional_url", cielo_->transactional_url()},
                            {"query_url", cielo_->query_url()},
                            {"merchant_id", value(merchant_id)},
                            {"merchant_key", std::move(key)},
                            {"min_cancel_interval_ms", 0}};
    };
    auto payu = [&](nlohmann::json login, nlohmann::json key) {
      return nlohmann::json{{"payments_url", payu_->payments_url()},
                            {"queries_url", payu_->queries_url()},
                            {"api_login", std::move(login)},
                            {"api_key", std::move(key)}};
    };
    auto checkout = [&](const std::string& secret) {
      return nlohmann::json{{"base_url", checkout_->base_url()},
                            {"client_id", value(sandbox::checkout_seed::kLojaCheckoutClientId)},
                            {"client_secret", value(secret)}};
    };
    auto zoop = [&](const std::string& key) {
      return nlohmann::json{{"base_url", zoop_->base_url()},
                            {"marketplace_id", sandbox::zoop_seed::kMarketplaceId},
                            {"api_key", value(key)}};
    };
    auto unica = [&](const std::string& secret) {
      return nlohmann::json{
          {"base_url", unica_->base_url()},
          {"token_url", unica_->token_url()},
          {"client_id", value(sandbox::cielo_unica_seed::kClientId)},
          {"client_secret", value(secret)},
          {"cnpj_roots", {{"12345678", {"2005157770", "2005157771"}}}}};
    };
    const char* centro_id = sandbox::cielo_seed::kLojaCentroMerchantId;
    nlohmann::json accounts = {
        webhook(account(kCielo, "cielo_ecommerce", cielo(centro_id, value(S(kCieloKey)))),
                kCieloWebhookToken),
        account(kCieloNoBalance, "cielo_ecommerce",
                cielo(sandbox::cielo_seed::kLojaSemSaldoMerchantId, {{"file", key_file}})),
        account(kPayu, "payu", payu(value(S(kPayuLogin)), {{"env", kPayuKeyVariable}})),
        webhook(account(kCheckout, "cielo_checkout", checkout(S(kCheckoutSecret))),
                kCheckoutWebhookToken),
        webhook(account(kZoop, "zoop", zoop(S(kZoopKey))), kZoopWebhookToken),
        account(kUnica, "cielo_unica", unica(S(kUnicaSecret))),
        account(Wrong(kCielo), "cielo_ecommerce",
                cielo(centro_id, value(S(kWrongCredentials)))),
        account(Wrong(kPayu), "payu",
                payu(value(S(kWrongCredentials + 1)), value(S(kWrongCredentials + 1)))),
        account(Wrong(kCheckout), "cielo_checkout", checkout(S(kWrongCredentials + 2))),
        account(Wrong(kZoop), "zoop", zoop(S(kWrongCredentials + 3))),
        account(Wrong(kUnica), "cielo_unica", unica(S(kWrongCredentials + 4)))};
    nlohmann::json tenant = {{"name", "acme"},
                             {"token_sha256", nlohmann::json::array({core::Sha256Hex(S(kTenantToken))})}};
    return {{"tenants", nlohmann::json::array({std::move(tenant)})},
            {"provider_accounts", std::move(accounts)}};
  }
  static std::string Wrong(const char* account) { return absl::StrCat(account, "-wrong"); }

  void StartServer() {
    absl::StatusOr<server::Config> parsed = server::ParseConfig(ConfigJson().dump());
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    server::Config config = *std::move(parsed);
    config.listen = "127.0.0.1:0";
    config.sqlite_path = dir_ + "/cancela.db";
    config.metrics_listen = "127.0.0.1:0";
    config.webhooks_listen = "127.0.0.1:0";
    config.worker_threads = 32;
    config.provider_timeout = absl::Seconds(10);
    config.poll_interval = absl::Hours(24);  // the test drives the poller
    config.poll_at_start = false;
    config.shutdown_grace = absl::Seconds(2);
    config.rate_limit = {100000, 100000};
    auto server = server::CancelaServer::Create(config, clock_,
                                                std::make_unique<TappedTransport>(exchanges_));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_TRUE(server_->Start().ok());
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetUserAgentPrefix(canaries_.CallerText());
    stub_ = v1::RefundService::NewStub(grpc::CreateCustomChannel(
        absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials(), args));
  }

  // Keeps `data` to be scanned once the run is over (when every needle is known).
  void Look(const std::string& source, std::string_view data) {
    outputs_.push_back({source, std::string(data)});
  }

  // What must never come out: the canaries, and the access tokens the sandboxes' OAuth servers
  // issued to the gateway (real secrets of the run, though no canary).
  std::vector<Needle> Forbidden() const {
    std::vector<Needle> needles = canaries_.Forbidden();
    for (const Exchange& e : exchanges_->exchanges()) {
      const nlohmann::json body = nlohmann::json::parse(e.result.response.body, nullptr, false);
      if (!body.is_object() || !body.contains("access_token") || !body["access_token"].is_string()) {
        continue;
      }
      needles.push_back({"access token issued by " + e.request.url,
                         body["access_token"].get<std::string>()});
    }
    return needles;
  }
  void ScanOutputs(LeakScanner& scanner) const {
    for (const auto& [source, data] : outputs_) scanner.Scan(source, data);
  }

  // Every call carries the tenant's (canary) token and flooded headers; x-request-id alternates
  // between free text and a bare card number, which is short and plain enough to be echoed.
  void Decorate(grpc::ClientContext& context, const std::string& authorization) {
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    context.AddMetadata("x-request-id", ++calls_ % 2 == 0 ? canaries_.CallerText()
                                                          : canaries_.cards()[0].digits);
    context.AddMetadata("x-api-key", S(kApiKeyHeader));
    context.AddMetadata("cookie", absl::StrCat("session=", S(kCookieHeader)));
    context.AddMetadata("x-canary-note", canaries_.CallerText());
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  }
  std::string Bearer() const { return absl::StrCat("Bearer ", S(kTenantToken)); }

  // `answered`: the call gave a reply (a stream its first message) whatever its status.
  void LookAtCall(const std::string& rpc, const grpc::ClientContext& context,
                  const grpc::Status& status, bool answered) {
    Look(rpc + " status message", status.error_message());
    Look(rpc + " status details", status.error_details());
    std::string metadata;
    for (const auto* map : {&context.GetServerInitialMetadata(), &context.GetServerTrailingMetadata()}) {
      for (const auto& [k, v] : *map) {
        absl::StrAppend(&metadata, absl::string_view(k.data(), k.size()), ": ",
                        absl::string_view(v.data(), v.size()), "\n");
      }
    }
    Look(rpc + " reply metadata", metadata);
    ++calls_by_rpc_[rpc];
    if (status.ok() || answered) ++ok_by_rpc_[rpc];
  }
  void LookAtLetter(const std::string& rpc, const v1::Letter& letter) {
    Look(rpc + " letter bytes", letter.content());
    if (letter.content_type() == "application/pdf") {
      Look(rpc + " letter text", PdfText(letter.content()));
      ++letters_read_;
    }
  }
  void LookAtZip(const std::string& rpc, const std::string& zip) {
    Look(rpc + " zip bytes", zip);
    for (const auto& [name, content] : Unzip(zip)) {
      Look(rpc + " zip entry name", name);
      Look(rpc + " zip entry", content);
      Look(rpc + " zip entry text", PdfText(content));
      ++zip_entries_read_;
    }
  }

  // A reply whole (its wire bytes hold every field, unknown ones too) and field by field, so a
  // finding names the field.
  void LookAtReply(const std::string& rpc, const Message& reply) {
    Look(rpc, reply.SerializeAsString());
    VisitTextFields(reply, [&](const std::string& path, const std::string& value) {
      Look(absl::StrCat(rpc, " field ", path), value);
    });
  }

  // Calls `method` with `request` (its own type), looks at everything that comes back, and copies
  // the (first) reply into `reply` when given.
  grpc::Status Send(const std::string& method, const Message& request, Message* reply = nullptr,
                    std::optional<std::string> authorization = std::nullopt) {
    grpc::ClientContext context;
    Decorate(context, authorization.value_or(Bearer()));
    grpc::Status status;
    bool answered = false;
    const std::string rpc = method + " reply";
    auto unary = [&](auto call, auto typed_request, auto typed_reply) {
      typed_request.CopyFrom(request);
      status = (stub_.get()->*call)(&context, typed_request, &typed_reply);
      LookAtReply(rpc, typed_reply);
      if (reply != nullptr) reply->CopyFrom(typed_reply);
      return typed_reply;
    };
    if (method == "Refund") {
      unary(&v1::RefundService::Stub::Refund, v1::RefundRequest(), v1::RefundResponse());
    } else if (method == "Void") {
      unary(&v1::RefundService::Stub::Void, v1::VoidRequest(), v1::VoidResponse());
    } else if (method == "GetStatus") {
      unary(&v1::RefundService::Stub::GetStatus, v1::GetStatusRequest(), v1::GetStatusResponse());
    } else if (method == "ListOperations") {
      unary(&v1::RefundService::Stub::ListOperations, v1::ListOperationsRequest(),
            v1::ListOperationsResponse());
    } else if (method == "GetLetter") {
      const v1::GetLetterResponse letter = unary(&v1::RefundService::Stub::GetLetter,
                                                 v1::GetLetterRequest(), v1::GetLetterResponse());
      LookAtLetter(method, letter.letter());
    } else if (method == "WatchStatus") {
      v1::WatchStatusRequest typed;
      typed.CopyFrom(request);
      auto reader = stub_->WatchStatus(&context, typed);
      v1::WatchStatusResponse message;
      // The first update says it all; a pending operation's stream would stay open.
      if (reader->Read(&message)) {
        answered = true;
        LookAtReply(rpc, message);
        if (reply != nullptr) reply->CopyFrom(message);
        context.TryCancel();
      }
      status = reader->Finish();
    } else if (method == "BatchGetLetters") {
      v1::BatchGetLettersRequest typed;
      typed.CopyFrom(request);
      auto reader = stub_->BatchGetLetters(&context, typed);
      v1::BatchGetLettersResponse message;
      std::string zip;
      while (reader->Read(&message)) {
        LookAtReply(rpc, message);
        if (message.has_letter()) LookAtLetter(method, message.letter());
        zip += message.zip_chunk();
        if (reply != nullptr) reply->CopyFrom(message);
      }
      status = reader->Finish();
      if (!zip.empty()) LookAtZip(method, zip);
    } else {
      ADD_FAILURE() << "no caller for RPC " << method << ": add it to Send()";
    }
    LookAtCall(method, context, status, answered);
    return status;
  }

  // A refund (or void) of a sale, with the caller's free text in every free-text field.
  template <typename Request>
  Request Cancel(const std::string& account, std::optional<int64_t> amount,
                 const char* currency = "BRL") {
    Request r;
    r.set_provider_account(account);
    if (amount) {
      r.mutable_amount()->set_amount_minor_units(*amount);
      r.mutable_amount()->set_currency_code(currency);
    }
    r.set_reason(canaries_.CallerText());
    (*r.mutable_metadata())["note"] = canaries_.CallerText();
    (*r.mutable_metadata())["order"] = canaries_.control_number(0);
    r.set_idempotency_key(NewKey());
    return r;
  }
  v1::RefundRequest CieloRefund(const std::string& account, const std::string& payment_id,
                                std::optional<int64_t> amount) {
    auto r = Cancel<v1::RefundRequest>(account, amount);
    r.mutable_sale()->mutable_cielo_ecommerce()->set_payment_id(payment_id);
    return r;
  }
  template <typename Request = v1::RefundRequest>
  Request PayuCancel(const std::string& account, int order, std::optional<int64_t> amount,
                     const char* currency) {
    auto r = Cancel<Request>(account, amount, currency);
    r.mutable_sale()->mutable_payu()->set_order_id(absl::StrCat(9000000000 + order));
    r.mutable_sale()->mutable_payu()->set_parent_transaction_id(
        absl::StrFormat("5eed9a70-0000-4000-8000-%012d", order));
    return r;
  }
  template <typename Request = v1::RefundRequest>
  Request CheckoutCancel(const std::string& account, const char* order,
                         std::optional<int64_t> amount) {
    auto r = Cancel<Request>(account, amount);
    r.mutable_sale()->mutable_cielo_checkout()->set_order_number(order);
    return r;
  }
  template <typename Request = v1::RefundRequest>
  Request ZoopCancel(const std::string& account, const char* transaction,
                     std::optional<int64_t> amount) {
    auto r = Cancel<Request>(account, amount);
    r.mutable_sale()->mutable_zoop()->set_transaction_id(transaction);
    r.mutable_sale()->mutable_zoop()->set_on_behalf_of(sandbox::zoop_seed::kLojaNorteId);
    return r;
  }
  template <typename Request = v1::RefundRequest>
  Request UnicaCancel(const std::string& account, const char* ec, const char* authorization,
                      int64_t sale_amount, const char* brand, std::optional<int64_t> amount) {
    auto r = Cancel<Request>(account, amount);
    auto* sale = r.mutable_sale()->mutable_cielo_unica();
    sale->set_merchant_id(ec);
    sale->set_authorization_code(authorization);
    sale->set_sale_date("2026-11-17");
    sale->mutable_sale_amount()->set_amount_minor_units(sale_amount);
    sale->mutable_sale_amount()->set_currency_code("BRL");
    sale->set_product(v1::CIELO_UNICA_PRODUCT_CREDIT);
    sale->set_brand(brand);
    return r;
  }

  std::string CieloSale(const nlohmann::json& spec) {
    absl::StatusOr<sandbox::CieloSaleSpec> parsed = sandbox::CieloSaleSpecFromJson(spec);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    absl::StatusOr<sandbox::CieloSale> sale = cielo_->CreateSale(*parsed);
    EXPECT_TRUE(sale.ok()) << sale.status();
    return sale.ok() ? sale->payment_id : "";
  }
  static sandbox::FaultRule Http500(const std::string& sale, const char* method) {
    sandbox::FaultRule rule;
    rule.payment_id = sale;
    rule.method = method;
    rule.kind = sandbox::FaultKind::kHttp500;
    return rule;
  }

  // Sends `request` and keeps the operation it names, if any.
  void Submit(const std::string& method, const Message& request) {
    v1::RefundResponse reply;  // RefundResponse and VoidResponse share their fields' numbers
    v1::VoidResponse void_reply;
    const grpc::Status status =
        Send(method, request, method == "Refund" ? static_cast<Message*>(&reply) : &void_reply);
    const v1::Operation& op = method == "Refund" ? reply.operation() : void_reply.operation();
    if (!op.operation_id().empty()) operations_.push_back(op.operation_id());
    outcomes_.push_back(absl::StrCat(method, " ", op.provider_account(), ": ",
                                     status.ok() ? v1::OperationStatus_Name(op.status())
                                                 : absl::StrCat("code ", static_cast<int>(status.error_code()))));
  }

  // One operation per kind of answer each provider gives: success, decline or refusal, its 5xx,
  // its authentication error; asynchronous ones driven to the end by the poller.
  void CancelOnEveryProvider() {
    const nlohmann::json card = {{"type", "CreditCard"}, {"status", "captured"}, {"amount", 10000},
                                 {"received_days_ago", 10}, {"captured_days_ago", 10}};
    const nlohmann::json pix = {{"type", "Pix"}, {"status", "paid"}, {"amount", 8000},
                                {"received_days_ago", 10}};
    cielo_card_ = CieloSale(card);
    Submit("Refund", CieloRefund(kCielo, cielo_card_, 2500));
    Submit("Refund", CieloRefund(kCielo, CieloSale(pix), 2000));
    nlohmann::json no_balance = pix;
    no_balance["merchant"] = sandbox::cielo_seed::kLojaSemSaldo;
    Submit("Refund", CieloRefund(kCieloNoBalance, CieloSale(no_balance), 2000));
    const std::string faulted = CieloSale(card);
    cielo_->InjectFault(Http500(faulted, "PUT"));
    Submit("Refund", CieloRefund(kCielo, faulted, 1000));
    auto cielo_void = Cancel<v1::VoidRequest>(kCielo, std::nullopt);
    cielo_void.mutable_sale()->mutable_cielo_ecommerce()->set_payment_id(
        CieloSale({{"type", "CreditCard"}, {"status", "authorized"}, {"amount", 5000}}));
    Submit("Void", cielo_void);
    Submit("Refund", CieloRefund(Wrong(kCielo), CieloSale(card), 1000));

    Submit("Refund", PayuCancel(kPayu, 1, 25000, "ARS"));
    Submit("Refund", PayuCancel(kPayu, 14, 10000, "BRL"));   // PayU's staff decline it
    Submit("Refund", PayuCancel(kPayu, 999, 10000, "BRL"));  // PayU knows no such order
    payu_->InjectFault(Http500(absl::StrCat(9000000000 + 11), "POST"));
    Submit("Refund", PayuCancel(kPayu, 11, 1000, "BRL"));
    Submit("Void", PayuCancel<v1::VoidRequest>(kPayu, 2, std::nullopt, "ARS"));
    Submit("Refund", PayuCancel(Wrong(kPayu), 41, 10000, "MXN"));

    namespace checkout = sandbox::checkout_seed;
    Submit("Refund", CheckoutCancel(kCheckout, checkout::kPaidCredit1, 4000));
    Submit("Refund", CheckoutCancel(kCheckout, checkout::kVoidedCredit, 1000));
    checkout_->InjectFault(Http500(checkout::kPaidCredit2, "PUT"));
    Submit("Refund", CheckoutCancel(kCheckout, checkout::kPaidCredit2, 1000));
    Submit("Void", CheckoutCancel<v1::VoidRequest>(kCheckout, checkout::kAuthorizedCredit,
                                                   std::nullopt));
    Submit("Refund", CheckoutCancel(Wrong(kCheckout), checkout::kPaidCredit3, 1000));

    namespace zoop = sandbox::zoop_seed;
    Submit("Refund", ZoopCancel(kZoop, zoop::kCredit1, 1000));
    Submit("Refund", ZoopCancel(kZoop, zoop::kIssuerDeclines, std::nullopt));
    zoop_->InjectFault(Http500(zoop::kCredit2, "POST"));
    Submit("Refund", ZoopCancel(kZoop, zoop::kCredit2, 1000));
    Submit("Void", ZoopCancel<v1::VoidRequest>(kZoop, zoop::kPreAuthorized, std::nullopt));
    Submit("Refund", ZoopCancel(Wrong(kZoop), zoop::kCredit3, 1000));

    Submit("Refund", UnicaCancel(kUnica, "2005157770", "546441", 70000, "Visa", 2500));
    unica_->InjectFault(Http500("546442", "POST"));
    Submit("Refund", UnicaCancel(kUnica, "2005157771", "546442", 15000, "Mastercard", 1000));
    Submit("Refund", UnicaCancel(Wrong(kUnica), "2005157770", "546449", 5000, "Visa", 1000));
  }

  // Asks every provider again (refresh), then lets the days pass: Pix settles, PayU's review and
  // API Única's nightly batch decide, the faulted ones are checked and resent.
  void DriveToTheEnd() {
    for (const std::string& id : operations_) {
      v1::GetStatusRequest request;
      request.set_operation_id(id);
      request.set_refresh(true);
      Send("GetStatus", request);
    }
    for (int day = 0; day < 3; ++day) {
      clock_.Advance(absl::Hours(17) + absl::Minutes(8));
      server_->engine().PollDue(absl::Now() + absl::Seconds(30));
      clock_.Advance(absl::Hours(7));
      server_->engine().PollDue(absl::Now() + absl::Seconds(30));
    }
  }

  // Notifications as each provider would send them, with flooded bodies and headers, with the
  // account's (canary) token and with a wrong one.
  void DeliverFloodedWebhooks() {
    const std::string text = canaries_.CallerText();
    std::string zoop_event = R"({"id":"ev-canary","type":"transaction.succeeded","payload":{}})";
    if (const std::vector<std::string> events = zoop_->Events(); !events.empty()) {
      zoop_event = events.back();
    }
    nlohmann::json zoop_body = nlohmann::json::parse(zoop_event, nullptr, false);
    if (zoop_body.is_object()) {
      zoop_body["description"] = text;
      zoop_event = zoop_body.dump();
    }
    struct Delivery {
      const char* account;
      int token;
      std::string body;
      const char* content_type;
    };
    const std::vector<Delivery> deliveries = {
        {kCielo, kCieloWebhookToken,
         nlohmann::json{{"PaymentId", cielo_card_},
                        {"ChangeType", 1},
                        {"Note", text}}
             .dump(),
         "application/json"},
        {kCheckout, kCheckoutWebhookToken,
         absl::StrCat("checkout_cielo_order_number=", sandbox::checkout_seed::kPaidCredit1,
                      "&amount=15000&order_number=", FormEncoded(text),
                      "&payment_status=2&customer_name=", FormEncoded(text)),
         "application/x-www-form-urlencoded"},
        {kZoop, kZoopWebhookToken, zoop_event, "application/json"}};
    for (const Delivery& d : deliveries) {
      for (const std::string& body : {d.body, text}) {
        for (const int token : {d.token, static_cast<int>(kWrongWebhookToken)}) {
          WebhookPost post;
          post.port = server_->webhooks_port();
          post.account = d.account;
          post.header = kWebhookHeader;
          post.token = S(token);
          post.body = body;
          post.content_type = d.content_type;
          post.extra_headers = {{"Authorization", absl::StrCat("Bearer ", S(kWebhookAuthorization))},
                                {"X-Canary-Note", text}};
          const providers::http::Response answer = DeliverWebhookForAnswer(post);
          std::string headers;
          for (const auto& [k, v] : answer.headers) absl::StrAppend(&headers, k, ": ", v, "\n");
          Look("webhook answer", absl::StrCat(answer.status, "\n", headers, answer.body));
          webhook_statuses_[absl::StrCat(d.account, token == d.token ? " own token" : " wrong token")]
              .insert(answer.status);
        }
      }
    }
    // Secrets and free text in the path and the query, which a listener might log.
    for (const std::string& path :
         {absl::StrCat(kCielo, "?access_token=", S(kWebhookQueryToken)),
          absl::StrCat("cielo-ecommerce/", FormEncoded(text)),
          absl::StrCat(FormEncoded(text), "?token=", S(kWebhookQueryToken + 1))}) {
      WebhookPost post;
      post.port = server_->webhooks_port();
      post.account = path;
      post.header = kWebhookHeader;
      post.token = S(kCieloWebhookToken);
      post.body = deliveries.front().body;
      const providers::http::Response answer = DeliverWebhookForAnswer(post);
      Look("webhook answer", absl::StrCat(answer.status, "\n", answer.body));
    }
  }

  // Letters of every operation, one by one in both languages and in batches (streamed, and as a
  // ZIP), then the operations listed page by page.
  void ReadEveryOperationBack() {
    for (const std::string& id : operations_) {
      for (const v1::LetterLanguage language : {v1::LETTER_LANGUAGE_PT_BR, v1::LETTER_LANGUAGE_EN_US}) {
        v1::GetLetterRequest request;
        request.set_operation_id(id);
        request.set_language(language);
        Send("GetLetter", request);
      }
      v1::WatchStatusRequest watch;
      watch.set_operation_id(id);
      Send("WatchStatus", watch);
    }
    for (const bool as_zip : {false, true}) {
      v1::BatchGetLettersRequest batch;
      for (const std::string& id : operations_) batch.add_operation_ids(id);
      batch.set_as_zip(as_zip);
      Send("BatchGetLetters", batch);
    }
    for (const char* account : {kCielo, kCieloNoBalance, kPayu, kCheckout, kZoop, kUnica}) {
      v1::ListOperationsRequest list;
      list.set_provider_account(account);
      list.set_page_size(2);
      for (int page = 0; page < 4; ++page) {
        v1::ListOperationsResponse reply;
        if (!Send("ListOperations", list, &reply).ok() || reply.next_page_token().empty()) break;
        list.set_page_token(reply.next_page_token());
      }
    }
  }

  // Valid requests of every RPC: the starting points the reflection flood changes one field of.
  std::map<std::string, std::vector<std::unique_ptr<Message>>> Baselines() {
    std::map<std::string, std::vector<std::unique_ptr<Message>>> out;
    auto add = [&out](const std::string& method, const Message& m) {
      out[method].emplace_back(m.New());
      out[method].back()->CopyFrom(m);
    };
    const std::string sale = CieloSale({{"type", "CreditCard"}, {"status", "captured"},
                                        {"amount", 100000}, {"received_days_ago", 5},
                                        {"captured_days_ago", 5}});
    add("Refund", CieloRefund(kCielo, sale, 100));
    add("Refund", PayuCancel(kPayu, 41, 10000, "MXN"));
    add("Refund", CheckoutCancel(kCheckout, sandbox::checkout_seed::kPaidCredit3, 100));
    add("Refund", ZoopCancel(kZoop, sandbox::zoop_seed::kCredit3, 100));
    add("Refund", UnicaCancel(kUnica, "2005157770", "546449", 5000, "Visa", 100));
    for (const auto& refund : out["Refund"]) {
      v1::VoidRequest void_request;
      void_request.ParseFromString(refund->SerializeAsString());  // the same fields
      add("Void", void_request);
      v1::ListOperationsRequest list;
      list.set_provider_account(void_request.provider_account());
      *list.mutable_sale() = void_request.sale();
      list.set_page_size(5);
      add("ListOperations", list);
    }
    const std::string id = operations_.empty() ? "op_00000000000000000000000000" : operations_[0];
    v1::GetStatusRequest status;
    status.set_operation_id(id);
    status.set_refresh(true);
    add("GetStatus", status);
    v1::WatchStatusRequest watch;
    watch.set_operation_id(id);
    add("WatchStatus", watch);
    v1::GetLetterRequest letter;
    letter.set_operation_id(id);
    add("GetLetter", letter);
    v1::BatchGetLettersRequest batch;
    batch.add_operation_ids(id);
    add("BatchGetLetters", batch);
    return out;
  }

  // Every string field of every RPC's request flooded, one at a time on a valid request (so each
  // is reached past the others' checks) and all at once; returns the fields flooded.
  std::set<std::string> FloodEveryRequestField() {
    std::set<std::string> covered;
    const std::string text = canaries_.CallerText();
    const auto* service = ApiService();
    const auto baselines = Baselines();
    for (int m = 0; m < service->method_count(); ++m) {
      const auto* method = service->method(m);
      auto found = baselines.find(method->name());
      if (found == baselines.end()) {
        ADD_FAILURE() << "no valid " << method->input_type()->name() << " to flood: add one to Baselines()";
        continue;
      }
      for (const auto& baseline : found->second) {
        for (const FieldPath& path : StringFieldPaths(method->input_type())) {
          if (SwitchesOneof(*baseline, path)) continue;
          // The whole free text, and a card alone: short enough to pass any length check.
          const std::string card = canaries_.cards()[sent_ % canaries_.cards().size()].written;
          for (const std::string& flood : {text, card}) {
            std::unique_ptr<Message> variant(baseline->New());
            variant->CopyFrom(*baseline);
            if (const auto* key = variant->GetDescriptor()->FindFieldByName("idempotency_key")) {
              variant->GetReflection()->SetString(variant.get(), key, NewKey());  // never a replay
            }
            SetAtPath(*variant, path, flood, "plain");
            Send(method->name(), *variant);
            ++sent_;
          }
          covered.insert(path.back()->full_name());
        }
      }
      for (int choice = 0; choice < 5; ++choice) {
        std::unique_ptr<Message> everything(found->second.front()->New());
        FloodEveryField(*everything, choice, text, &covered);
        Send(method->name(), *everything);
      }
    }
    return covered;
  }

  // The bearer token in every wrong shape: unknown, bare, lower-case scheme, in the wrong header.
  void CallWithWrongTokens() {
    v1::GetStatusRequest request;
    request.set_operation_id(operations_.empty() ? "op_00000000000000000000000000" : operations_[0]);
    for (const std::string& authorization :
         {absl::StrCat("Bearer ", S(kUnknownBearer)), S(kUnknownBearer + 1),
          absl::StrCat("bearer ", S(kUnknownBearer + 2)), absl::StrCat("Basic ", S(kUnknownBearer + 3)),
          absl::StrCat("Bearer ", canaries_.CallerText()), std::string()}) {
      EXPECT_FALSE(Send("GetStatus", request, nullptr, authorization).ok());
    }
    v1::RefundRequest refund = CieloRefund(kCielo, "5eed0000-0000-4000-8000-000000000001", 100);
    EXPECT_FALSE(Send("Refund", refund, nullptr, absl::StrCat("Bearer ", S(kUnknownBearer))).ok());
  }

  // The database file and its WAL, byte for byte; returns how many of the two existed.
  int LookAtDatabase() {
    int found = 0;
    for (const char* suffix : {"", "-wal"}) {
      const std::filesystem::path path = dir_ + "/cancela.db" + suffix;
      if (!std::filesystem::exists(path)) continue;
      ++found;
      Look(absl::StrCat("sqlite", suffix), ReadFile(path));
    }
    return found;
  }

  Canaries canaries_;
  std::vector<std::pair<std::string, std::string>> outputs_;  // source, what it said
  ManualClock clock_{TestStartTime()};
  std::string dir_;
  bool capturing_ = false;
  std::unique_ptr<sandbox::CieloEcommerceSimulator> cielo_;
  std::unique_ptr<sandbox::PayuSimulator> payu_;
  std::unique_ptr<sandbox::CieloCheckoutSimulator> checkout_;
  std::unique_ptr<sandbox::ZoopSimulator> zoop_;
  std::unique_ptr<sandbox::CieloUnicaSimulator> unica_;
  std::shared_ptr<ExchangeLog> exchanges_ = std::make_shared<ExchangeLog>();
  std::unique_ptr<server::CancelaServer> server_;
  std::unique_ptr<v1::RefundService::Stub> stub_;

  int calls_ = 0;
  size_t sent_ = 0;  // flooded requests sent
  std::map<std::string, int> calls_by_rpc_;
  std::map<std::string, int> ok_by_rpc_;
  std::vector<std::string> operations_;
  std::string cielo_card_;  // the first Cielo sale refunded
  std::vector<std::string> outcomes_;
  std::map<std::string, std::set<int>> webhook_statuses_;
  int letters_read_ = 0;
  int zip_entries_read_ = 0;
};

TEST(CanaryScannerTest, FindsEveryCanaryShapeAndNeitherMaskedNorControlNumbers) {
  const Canaries canaries;
  for (const CardCanary& card : canaries.cards()) {
    EXPECT_TRUE(LuhnValid(card.digits)) << card.label;
    EXPECT_GE(card.digits.size(), 15u);
  }
  EXPECT_FALSE(LuhnValid(canaries.control_number(0)));
  EXPECT_FALSE(LuhnValid(canaries.control_number(1)));
  EXPECT_NE(canaries.control_number(0), canaries.control_number(1));
  EXPECT_LE(canaries.CallerText().size(), 500u);  // fits a reason and a metadata value

  // Each needle planted in noise is found, in the source it was planted in.
  for (const Needle& needle : canaries.Forbidden()) {
    LeakScanner scanner(canaries.Forbidden());
    scanner.Scan("planted", absl::StrCat("{\"x\":\"..", needle.value, "..\"}"));
    ASSERT_FALSE(scanner.findings().empty()) << needle.label;
    EXPECT_EQ(scanner.findings()[0].source, "planted");
  }
  // Every secret and every card written in the free texts is caught.
  LeakScanner texts(canaries.Forbidden());
  texts.Scan("caller", canaries.CallerText());
  EXPECT_GE(texts.findings().size(), 6u);
  for (const CardCanary& card : canaries.cards()) {
    EXPECT_TRUE(absl::StrContains(canaries.CallerText(), card.written)) << card.label;
  }

  // What a scrubber leaves is not a finding: masked cards, redacted secrets, the controls.
  std::string scrubbed = "Bearer [REDACTED] api_key=[REDACTED]";
  for (const CardCanary& card : canaries.cards()) {
    absl::StrAppend(&scrubbed, " ", card.digits.substr(0, 6),
                    std::string(card.digits.size() - 10, '*'), card.digits.substr(card.digits.size() - 4));
  }
  absl::StrAppend(&scrubbed, " ", canaries.control_number(0), " ", canaries.control_number(1));
  LeakScanner clean(canaries.Forbidden());
  clean.Scan("scrubbed", scrubbed);
  EXPECT_TRUE(clean.findings().empty()) << clean.Report();
}

// An operator's mistakes around a credential — a bare string where a secret source goes, a
// misspelt source, two sources, the tenant's token pasted where its digest goes — are refused at
// start, and the refusal names the field, never the value: not in the status, not on the real
// binary's stderr.
TEST(CanaryConfigTest, StartUpErrorsNeverEchoACredential) {
  const Canaries canaries;
  const std::string dir =
      (std::filesystem::temp_directory_path() / absl::StrCat("cancela-canary-config-", NewKey()))
          .string();
  std::filesystem::create_directories(dir);
  const std::string secret = canaries.Secret(50);
  const std::vector<nlohmann::json> mistakes = {
      secret, {{"valu", secret}}, {{"value", secret}, {"env", "CANCELA_CANARY_UNSET"}}};
  struct Account {
    const char* provider;
    const char* secret_key;
    nlohmann::json settings;
  };
  const char* url = "http://127.0.0.1:9";
  const std::vector<Account> accounts = {
      {"cielo_ecommerce", "merchant_key",
       {{"transactional_url", url}, {"query_url", url}, {"merchant_id", {{"value", "m"}}}}},
      {"payu", "api_key",
       {{"payments_url", url}, {"queries_url", url}, {"api_login", {{"value", "l"}}}}},
      {"cielo_checkout", "client_secret", {{"base_url", url}, {"client_id", {{"value", "c"}}}}},
      {"zoop", "api_key", {{"base_url", url}, {"marketplace_id", "5eed200a5a9d4c0e9e1c0000000000aa"}}},
      {"cielo_unica", "client_secret",
       {{"base_url", url}, {"token_url", url}, {"client_id", {{"value", "c"}}},
        {"cnpj_roots", {{"12345678", {"2005157770"}}}}}}};
  auto config = [&](const Account& a, const nlohmann::json& credential, const nlohmann::json& digest,
                    const nlohmann::json& webhook_token) {
    nlohmann::json settings = a.settings;
    settings[a.secret_key] = credential;
    nlohmann::json account = {{"name", "p/a"}, {"provider", a.provider},
                              {"tenants", nlohmann::json::array({"acme"})},
                              {"settings", settings}};
    account["webhook"] = {{"header", kWebhookHeader}, {"token", webhook_token}};
    return nlohmann::json{
        {"tenants", nlohmann::json::array({{{"name", "acme"}, {"token_sha256", {digest}}}})},
        {"provider_accounts", nlohmann::json::array({account})},
        {"store", {{"sqlite_path", dir + "/cancela.db"}}}};
  };
  const nlohmann::json good_secret = {{"value", "a-good-enough-secret-0001"}};
  const std::string good_digest = core::Sha256Hex("fine");
  std::vector<std::string> broken;
  for (const Account& a : accounts) {
    for (const nlohmann::json& mistake : mistakes) {
      broken.push_back(config(a, mistake, good_digest, good_secret).dump());
      broken.push_back(config(a, good_secret, good_digest, mistake).dump());
    }
    broken.push_back(config(a, good_secret, secret, good_secret).dump());  // the token itself
  }
  LeakScanner scanner(canaries.Forbidden());
  int refused = 0;
  for (const std::string& text : broken) {
    absl::StatusOr<server::Config> parsed = server::ParseConfig(text);
    absl::Status status = parsed.status();
    if (parsed.ok()) {
      parsed->listen = "127.0.0.1:0";
      parsed->metrics_listen = "";
      auto created = server::CancelaServer::Create(*parsed, SystemClock::Get());
      status = created.status();
    }
    if (!status.ok()) ++refused;
    scanner.Scan("config error", status.ToString());
  }
  EXPECT_EQ(refused, static_cast<int>(broken.size())) << "a mistake went unnoticed";

  // The binary prints a start-up failure on stderr and exits.
  const std::string config_path = dir + "/broken.json";
  std::ofstream(config_path) << broken.front();
  const std::string log_path = dir + "/server.log";
  ServerProcess process(config_path, EphemeralLoopbackPort(), log_path);
  process.Start();
  EXPECT_NE(process.WaitExit(), 0);
  const std::string printed = ReadFile(log_path);
  EXPECT_TRUE(absl::StrContains(printed, "merchant_key")) << "the error names the field: " << printed;
  scanner.Scan("server stderr", printed);
  EXPECT_TRUE(scanner.findings().empty()) << scanner.Report();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

TEST_F(CanaryE2eTest, NoCanaryReachesAnyOutput) {
  CancelOnEveryProvider();
  DriveToTheEnd();
  DeliverFloodedWebhooks();
  ReadEveryOperationBack();
  const std::set<std::string> covered = FloodEveryRequestField();
  CallWithWrongTokens();
  Look("metrics", ScrapeMetrics(server_->metrics_port()));
  const int database_files = LookAtDatabase();
  server_->Shutdown(absl::Seconds(1));
  server_.reset();
  LookAtDatabase();
  const std::string logs = ::testing::internal::GetCapturedStderr();
  capturing_ = false;
  Look("log", logs);

  // The verdict (and, in the XML report, what it rests on).
  const std::vector<Needle> forbidden = Forbidden();
  EXPECT_GT(forbidden.size(), canaries_.Forbidden().size()) << "no OAuth token was issued";
  LeakScanner leaks(forbidden);
  ScanOutputs(leaks);
  int total_calls = 0;
  for (const auto& [rpc, count] : calls_by_rpc_) total_calls += count;
  RecordProperty("grpc_calls", total_calls);
  RecordProperty("provider_exchanges", static_cast<int>(exchanges_->exchanges().size()));
  RecordProperty("needles", static_cast<int>(forbidden.size()));
  RecordProperty("sources_scanned", static_cast<int>(leaks.sources().size()));
  RecordProperty("bytes_scanned", static_cast<int>(leaks.bytes_scanned()));
  RecordProperty("operations", static_cast<int>(operations_.size()));
  LeakScanner controls({{"caller control", canaries_.control_number(0)},
                         {"provider control", canaries_.control_number(1)}});
  ScanOutputs(controls);
  EXPECT_TRUE(leaks.findings().empty())
      << leaks.findings().size() << " canaries came out:" << leaks.Report()
      << "\noperations: " << absl::StrJoin(outcomes_, "; ");

  // It could have failed. Every string field of every request was flooded...
  const std::set<std::string> expected = RequestStringFields(ApiService());
  std::vector<std::string> missed;
  for (const std::string& field : expected) {
    if (!covered.count(field)) missed.push_back(field);
  }
  EXPECT_TRUE(missed.empty()) << "never flooded: " << absl::StrJoin(missed, ", ");
  EXPECT_GE(expected.size(), 20u);
  EXPECT_TRUE(expected.count("cancela.v1.RefundRequest.MetadataEntry.value"));
  for (int m = 0; m < ApiService()->method_count(); ++m) {
    const std::string& rpc = ApiService()->method(m)->name();
    EXPECT_GT(ok_by_rpc_[rpc], 0) << rpc << " never answered OK: its replies were not seen";
  }
  EXPECT_GT(letters_read_, 0);
  EXPECT_GT(zip_entries_read_, 0);

  // ...each sandbox flooded its answers, and every answer the gateway got carried the text...
  for (sandbox::ReplyFlood* flood : Floods()) {
    EXPECT_GT(flood->counts().replies, 0);
    EXPECT_GT(flood->counts().flooded_fields, 0);
  }
  std::map<std::string, int> answers;  // by provider host
  int carried = 0;
  std::vector<std::string> uncarried;
  for (const Exchange& e : exchanges_->exchanges()) {
    if (e.result.failure != providers::http::Failure::kNone) continue;
    const std::string host = e.request.url.substr(0, e.request.url.find('/', 8));
    ++answers[host];
    bool header = false;
    for (const auto& [name, value] : e.result.response.headers) {
      header |= name == "x-sandbox-note" && value == canaries_.ProviderText();
    }
    std::string content_type;
    for (const auto& [name, value] : e.result.response.headers) {
      if (name == "content-type") content_type = value;
    }
    const bool binary = absl::StrContains(content_type, "pdf") || absl::StrContains(content_type, "zip");
    // Nowhere to write in an empty body or a JSON array of no objects ("[]").
    const std::string& text = e.result.response.body;
    const bool body = binary || text.find('{') == std::string::npos ||
                      absl::StrContains(text, S(20));
    if (header && body) {
      ++carried;
    } else if (uncarried.size() < 5) {
      uncarried.push_back(e.request.url);
    }
  }
  EXPECT_TRUE(uncarried.empty()) << "answers without the flood, from: " << absl::StrJoin(uncarried, ", ");
  EXPECT_GE(answers.size(), 6u) << "every simulator's listeners answered";
  // The full card number in a masked card field (the free texts have it spaced, not bare).
  int full_card_answers = 0;
  for (const Exchange& e : exchanges_->exchanges()) {
    full_card_answers += absl::StrContains(e.result.response.body, canaries_.cards()[1].digits);
  }
  EXPECT_GT(full_card_answers, 0) << "no provider answered with a full card number";
  EXPECT_GT(carried, 30);

  // ...the canary credentials authenticated at every provider...
  std::string sent;
  for (const Exchange& e : exchanges_->exchanges()) {
    for (const auto& [name, value] : e.request.headers) absl::StrAppend(&sent, name, ": ", value, "\n");
    absl::StrAppend(&sent, e.request.body, "\n");
  }
  for (const int secret : {kCieloKey, kCieloNoBalanceKey, kPayuKey, kPayuLogin, kUnicaSecret}) {
    EXPECT_TRUE(absl::StrContains(sent, S(secret)))
        << "secret " << secret << " was never sent; operations: " << absl::StrJoin(outcomes_, "; ");
  }
  EXPECT_TRUE(absl::StrContains(sent, absl::Base64Escape(absl::StrCat(S(kZoopKey), ":"))));
  EXPECT_TRUE(absl::StrContains(
      sent, absl::Base64Escape(absl::StrCat(sandbox::checkout_seed::kLojaCheckoutClientId, ":",
                                            S(kCheckoutSecret)))));
  EXPECT_FALSE(cielo_->Executions().empty());
  EXPECT_FALSE(payu_->ledger().Executions().empty());
  EXPECT_FALSE(checkout_->ledger().Executions().empty());
  EXPECT_FALSE(zoop_->ledger().Executions().empty());
  EXPECT_FALSE(unica_->ledger().Executions().empty());
  for (const char* account : {kCielo, kCheckout, kZoop}) {
    const std::set<int>& own = webhook_statuses_[absl::StrCat(account, " own token")];
    EXPECT_TRUE(own.count(200) || own.count(202) || own.count(204)) << account;
    EXPECT_EQ(webhook_statuses_[absl::StrCat(account, " wrong token")], std::set<int>{401}) << account;
  }

  // ...and the scanner looked at every output, where caller and provider text did arrive.
  for (const char* source : {"log", "metrics", "sqlite", "Refund reply", "Refund status details",
                             "GetLetter letter text", "BatchGetLetters zip entry text",
                             "WatchStatus reply", "webhook answer"}) {
    EXPECT_TRUE(std::find(leaks.sources().begin(), leaks.sources().end(), source) !=
                leaks.sources().end())
        << source << " was never scanned";
  }
  EXPECT_EQ(database_files, 2) << "the running store has its file and its WAL";
  EXPECT_TRUE(absl::StrContains(logs, "\"msg\"")) << "the capture saw the server's log lines";
  std::set<std::string> control_seen;
  for (const Finding& f : controls.findings()) control_seen.insert(absl::StrCat(f.needle, " in ", f.source));
  for (const char* expected_control : {"caller control in Refund reply", "caller control in sqlite",
                                       "provider control in GetStatus reply"}) {
    EXPECT_TRUE(control_seen.count(expected_control))
        << expected_control << " missing; seen: " << absl::StrJoin(control_seen, ", ");
  }
}

}  // namespace
}  // namespace cancela::testing
