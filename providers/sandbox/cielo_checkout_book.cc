#include "providers/sandbox/cielo_checkout_book.h"

#include <charconv>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "providers/sandbox/brasilia_time.h"
#include "providers/sandbox/json_text.h"

namespace cancela::sandbox {
namespace {

// Checkout's own date form: "2018-03-02T14:29:43.767", Brasília time.
std::string CheckoutTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3S", t, BrasiliaTimeZone());
}

CheckoutReply Reply(int status, const nlohmann::ordered_json& body) {
  return {status, DumpJson(body)};
}

CheckoutReply Message(int status, const std::string& message) {
  nlohmann::ordered_json body;
  body["message"] = message;
  return Reply(status, body);
}

nlohmann::ordered_json Links(const std::string& base_url, const std::string& order_number) {
  const std::string self = absl::StrCat(base_url, "/api/public/v2/orders/", order_number);
  return nlohmann::ordered_json::array(
      {{{"method", "GET"}, {"rel", "self"}, {"href", self}},
       {{"method", "PUT"}, {"rel", "void"}, {"href", self + "/void"}}});
}

bool IsHexOrderNumber(const std::string& s) {
  if (s.size() != 32) return false;
  for (char c : s) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

const char* CheckoutStatusName(int status) {
  switch (status) {
    case checkout_status::kPending: return "Pending";
    case checkout_status::kPaid: return "Paid";
    case checkout_status::kDenied: return "Denied";
    case checkout_status::kExpired: return "Expired";
    case checkout_status::kVoided: return "Voided";
    case checkout_status::kNotFinalized: return "NotFinalized";
    case checkout_status::kAuthorized: return "Authorized";
    case checkout_status::kChargeback: return "Chargeback";
  }
  return "Unknown";
}

CieloCheckoutBook::CieloCheckoutBook(const Clock& clock, Ledger& ledger, CheckoutRules rules)
    : clock_(clock), ledger_(ledger), rules_(rules), random_(std::random_device{}()) {}

void CieloCheckoutBook::AddMerchant(CheckoutMerchant merchant) {
  absl::MutexLock lock(&mu_);
  const std::string name = merchant.name;
  merchants_[name] = std::move(merchant);
}

std::string CieloCheckoutBook::RandomHex(size_t length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  while (out.size() < length) out.push_back(kHex[random_() % 16]);
  return out;
}

absl::StatusOr<CheckoutOrder> CieloCheckoutBook::CreateOrder(const CheckoutOrderSpec& spec) {
  absl::MutexLock lock(&mu_);
  if (merchants_.count(spec.merchant) == 0) {
    return absl::NotFoundError(absl::StrCat("no merchant ", spec.merchant));
  }
  if (spec.items_amount <= 0 || spec.shipping_amount < 0) {
    return absl::InvalidArgumentError("items_amount must be positive, shipping_amount not negative");
  }
  if (spec.status < 1 || spec.status > 8) return absl::InvalidArgumentError("status must be 1..8");
  static const char* kTypes[] = {"creditCard", "debitCard", "pix", "boleto"};
  bool known_type = false;
  for (const char* t : kTypes) known_type = known_type || spec.payment_type == t;
  if (!known_type) return absl::InvalidArgumentError("payment_type: creditCard, debitCard, pix or boleto");
  CheckoutOrder order;
  order.spec = spec;
  order.spec.order_number = spec.order_number.empty() ? RandomHex(32)
                                                      : absl::AsciiStrToLower(spec.order_number);
  if (!IsHexOrderNumber(order.spec.order_number)) {
    return absl::InvalidArgumentError("order_number: 32 hexadecimal characters");
  }
  if (orders_.count(order.spec.order_number) > 0) {
    return absl::AlreadyExistsError(absl::StrCat("order ", order.spec.order_number, " exists"));
  }
  if (order.spec.merchant_order_number.empty()) order.spec.merchant_order_number = RandomHex(10);
  order.created_at = clock_.Now() - absl::Hours(24 * spec.days_ago);
  order.status = spec.status;
  if (spec.status == checkout_status::kVoided) order.voided_amount = order.amount();
  const bool card = spec.payment_type == "creditCard" || spec.payment_type == "debitCard";
  order.tid = absl::StrCat("1012", RandomHex(16));
  order.nsu = absl::StrCat(100000 + random_() % 900000);
  order.authorization_code = absl::StrCat(100000 + random_() % 900000);
  if (card) order.masked_card = absl::StrCat("411111******", 1000 + random_() % 9000);
  orders_[order.spec.order_number] = order;
  return order;
}

std::optional<CheckoutOrder> CieloCheckoutBook::GetOrder(const std::string& order_number) const {
  absl::MutexLock lock(&mu_);
  auto it = orders_.find(absl::AsciiStrToLower(order_number));
  if (it == orders_.end()) return std::nullopt;
  return it->second;
}

std::vector<CheckoutOrder> CieloCheckoutBook::Orders() const {
  absl::MutexLock lock(&mu_);
  std::vector<CheckoutOrder> out;
  for (const auto& [number, order] : orders_) out.push_back(order);
  return out;
}

CheckoutReply CieloCheckoutBook::IssueToken(const std::string& authorization,
                                            const std::string& body) {
  absl::MutexLock lock(&mu_);
  std::string decoded;
  const bool basic = absl::StartsWithIgnoreCase(authorization, "Basic ") &&
                     absl::Base64Unescape(absl::StripAsciiWhitespace(authorization.substr(6)), &decoded);
  const size_t colon = decoded.find(':');
  const CheckoutMerchant* merchant = nullptr;
  if (basic && colon != std::string::npos) {
    // Exactly "id:secret": the seed document's "id: secret" (a stray space) is refused, as Cielo does.
    const std::string id = decoded.substr(0, colon);
    const std::string secret = decoded.substr(colon + 1);
    for (const auto& [name, m] : merchants_) {
      if (m.client_id == id && m.client_secret == secret) merchant = &m;
    }
  }
  if (merchant == nullptr) {
    nlohmann::ordered_json error;
    error["error"] = "invalid_client";
    return Reply(401, error);
  }
  bool client_credentials = false;
  for (absl::string_view pair : absl::StrSplit(body, '&')) {
    client_credentials = client_credentials || pair == "grant_type=client_credentials";
  }
  if (!client_credentials) {
    nlohmann::ordered_json error;
    error["error"] = "unsupported_grant_type";
    return Reply(400, error);
  }
  const std::string token = absl::StrCat("sbx.", RandomHex(40));
  tokens_[token] = {merchant->name, clock_.Now() + rules_.token_lifetime};
  ++tokens_issued_;
  nlohmann::ordered_json answer;
  answer["access_token"] = token;
  answer["token_type"] = "bearer";
  answer["expires_in"] = absl::ToInt64Seconds(rules_.token_lifetime);
  return Reply(200, answer);
}

std::optional<std::string> CieloCheckoutBook::Authenticate(const std::string& authorization) const {
  if (!absl::StartsWithIgnoreCase(authorization, "Bearer ")) return std::nullopt;
  const std::string token(absl::StripAsciiWhitespace(authorization.substr(7)));
  absl::MutexLock lock(&mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || clock_.Now() >= it->second.expires_at) return std::nullopt;
  return it->second.merchant;
}

void CieloCheckoutBook::RevokeTokens() {
  absl::MutexLock lock(&mu_);
  tokens_.clear();
}

int64_t CieloCheckoutBook::tokens_issued() const {
  absl::MutexLock lock(&mu_);
  return tokens_issued_;
}

nlohmann::ordered_json CieloCheckoutBook::OrderJson(const CheckoutOrder& order,
                                                    const std::string& base_url) const {
  const CheckoutOrderSpec& spec = order.spec;
  nlohmann::ordered_json j;
  auto merchant = merchants_.find(spec.merchant);
  j["merchantId"] = merchant == merchants_.end() ? "" : merchant->second.merchant_id;
  j["orderNumber"] = spec.merchant_order_number;
  j["softDescriptor"] = "LojaSandbox";
  j["cart"]["items"] = nlohmann::ordered_json::array(
      {{{"name", "Pedido sandbox"}, {"description", "itens do pedido"},
        {"unitPrice", spec.items_amount}, {"quantity", 1}, {"type", "1"}}});
  if (spec.shipping_amount > 0) {
    j["shipping"]["type"] = "FixedAmount";
    j["shipping"]["services"] =
        nlohmann::ordered_json::array({{{"name", "Entrega"}, {"price", spec.shipping_amount}}});
  } else {
    j["shipping"]["type"] = "WithoutShipping";
  }
  nlohmann::ordered_json& p = j["payment"];
  p["status"] = CheckoutStatusName(order.status);
  p["tid"] = order.tid;
  p["nsu"] = order.nsu;
  p["authorizationCode"] = order.authorization_code;
  p["numberOfPayments"] = 1;
  p["createdDate"] = CheckoutTime(order.created_at);
  p["finishedDate"] = CheckoutTime(order.created_at + absl::Seconds(3));
  if (!order.masked_card.empty()) {
    p["cardMaskedNumber"] = order.masked_card;
    p["brand"] = spec.brand;
  }
  p["type"] = spec.payment_type;
  p["errorcode"] = order.status == checkout_status::kDenied ? "57" : "00";
  p["antifraud"] = {{"antifraudeResult", 0}, {"description", "Sem análise de antifraude."}};
  j["customer"] = {{"identity", "00000000000"}, {"fullName", "Cliente Sandbox"},
                   {"email", "cliente@example.com"}, {"phone", "11000000000"}};
  j["links"] = Links(base_url, spec.order_number);
  return j;
}

CheckoutReply CieloCheckoutBook::QueryOrder(const std::string& merchant,
                                            const std::string& order_number,
                                            const std::string& base_url) const {
  absl::MutexLock lock(&mu_);
  auto it = orders_.find(absl::AsciiStrToLower(order_number));
  if (it == orders_.end() || it->second.spec.merchant != merchant) {
    return Message(404, "Pedido não encontrado.");
  }
  if (rules_.query_window_days > 0 &&
      clock_.Now() - it->second.created_at > absl::Hours(24 * rules_.query_window_days)) {
    return Message(404, "Pedido não encontrado.");
  }
  return Reply(200, OrderJson(it->second, base_url));
}

CheckoutReply CieloCheckoutBook::ListByMerchantOrderNumber(const std::string& merchant,
                                                           const std::string& merchant_order_number,
                                                           const std::string& base_url) const {
  absl::MutexLock lock(&mu_);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  int id = 1;
  for (const auto& [number, order] : orders_) {
    if (order.spec.merchant != merchant || order.spec.merchant_order_number != merchant_order_number) {
      continue;
    }
    nlohmann::ordered_json entry;
    entry["$id"] = absl::StrCat(id++);
    entry["checkoutOrderNumber"] = number;
    entry["createdDate"] = CheckoutTime(order.created_at);
    entry["links"] = nlohmann::ordered_json::array(
        {{{"$id", absl::StrCat(id++)}, {"method", "GET"}, {"rel", "self"},
          {"href", absl::StrCat(base_url, "/api/public/v2/orders/", number)}}});
    list.push_back(std::move(entry));
  }
  if (list.empty()) return Message(404, "Nenhum pedido encontrado.");
  return Reply(200, list);
}

CheckoutReply CieloCheckoutBook::Void(const std::string& merchant, const std::string& order_number,
                                      const std::optional<std::string>& amount,
                                      const std::string& base_url) {
  absl::MutexLock lock(&mu_);
  auto it = orders_.find(absl::AsciiStrToLower(order_number));
  if (it == orders_.end() || it->second.spec.merchant != merchant) {
    return Message(404, "Pedido não encontrado.");
  }
  CheckoutOrder& order = it->second;
  const absl::Time now = clock_.Now();
  std::optional<int64_t> requested;
  if (amount.has_value()) {
    int64_t parsed = 0;
    auto [ptr, ec] = std::from_chars(amount->data(), amount->data() + amount->size(), parsed);
    if (ec != std::errc() || ptr != amount->data() + amount->size() || parsed <= 0) {
      LedgerRejection rejection{"cielo_checkout", order.spec.order_number, std::nullopt, false, now,
                                "", 400, "amount", "invalid amount"};
      ledger_.RecordRejection(std::move(rejection));
      return Message(400, "O parâmetro amount deve ser um valor em centavos.");
    }
    requested = parsed;
  }
  auto decline = [&](const char* code, const char* message) {
    ledger_.RecordRejection({"cielo_checkout", order.spec.order_number, requested,
                             !requested.has_value(), now, "", 200, code, message});
    nlohmann::ordered_json body;
    body["success"] = false;
    body["status"] = order.status;
    body["returnCode"] = code;
    body["returnMessage"] = message;
    body["links"] = Links(base_url, order.spec.order_number);
    return Reply(200, body);
  };
  // Sandbox return codes (Cielo never published its table; see README.md).
  if (order.spec.payment_type != "creditCard") {
    return decline("53", "Meio de pagamento não permite cancelamento via API");
  }
  if (order.status != checkout_status::kPaid && order.status != checkout_status::kAuthorized) {
    return decline("41", "Status do pedido não permite cancelamento");
  }
  if (order.last_cancellation_at.has_value() &&
      now - *order.last_cancellation_at < rules_.min_cancel_interval) {
    return decline("10", "Aguarde 5 segundos entre cancelamentos da mesma transação");
  }
  if (order.status == checkout_status::kAuthorized && requested.has_value()) {
    return decline("47", "Cancelamento parcial somente após a captura");
  }
  const int64_t cancelled = requested.value_or(order.remaining());
  if (cancelled > order.remaining()) return decline("51", "Valor superior ao saldo da transação");

  order.voided_amount += cancelled;
  order.last_cancellation_at = now;
  if (order.remaining() == 0) order.status = checkout_status::kVoided;
  ledger_.RecordExecution({"cielo_checkout", order.spec.order_number, cancelled,
                           !requested.has_value(), now, "", CheckoutStatusName(order.status)});
  nlohmann::ordered_json body;
  body["success"] = true;
  body["status"] = order.status;
  body["returnCode"] = "6";
  body["returnMessage"] = "Operation Successful";
  body["links"] = Links(base_url, order.spec.order_number);
  return Reply(200, body);
}

void CieloCheckoutBook::Clear() {
  absl::MutexLock lock(&mu_);
  orders_.clear();
  tokens_.clear();
  merchants_.clear();
  tokens_issued_ = 0;
}

}  // namespace cancela::sandbox
