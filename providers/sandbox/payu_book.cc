#include "providers/sandbox/payu_book.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/json_access.h"

namespace cancela::sandbox {
namespace {

int ExponentOf(const std::string& currency) { return currency == "CLP" ? 0 : 2; }

bool WholeUnitsOnly(const std::string& country) {
  return country == "AR" || country == "CL" || country == "MX";
}

// PayU's decimal major units, read the way PayU's own examples write them ("950", "39.99", 39.99).
// The sandbox reads them independently of the adapter, so a test sees a conversion bug.
std::optional<int64_t> MinorUnits(const nlohmann::json& value, int exponent) {
  std::string text = value.is_string() ? value.get<std::string>() : value.is_number() ? value.dump() : "";
  const size_t dot = text.find('.');
  std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (whole.empty() || whole.size() > 15 || fraction.size() > static_cast<size_t>(exponent)) {
    return std::nullopt;
  }
  fraction.append(static_cast<size_t>(exponent) - fraction.size(), '0');
  int64_t out = 0;
  for (char c : whole + fraction) {
    if (c < '0' || c > '9') return std::nullopt;
    out = out * 10 + (c - '0');
  }
  return out;
}

std::string MajorUnits(int64_t minor, int exponent) {
  if (exponent == 0) return absl::StrCat(minor);
  return absl::StrFormat("%d.%02d", minor / 100, minor % 100);
}

nlohmann::ordered_json ErrorBody(const std::string& error) {
  nlohmann::ordered_json body;
  body["code"] = "ERROR";
  body["error"] = error;
  body["transactionResponse"] = nullptr;
  return body;
}

nlohmann::ordered_json TransactionResponse(const std::string& order_id, const PayuTransactionRecord* t,
                                           const std::string& state, const std::string& pending,
                                           const std::string& code, const std::string& message,
                                           std::optional<absl::Time> at) {
  nlohmann::ordered_json r;
  r["orderId"] = std::stoll(order_id);
  r["transactionId"] = t != nullptr && state != "PENDING" ? nlohmann::ordered_json(t->id) : nullptr;
  r["state"] = state;
  r["paymentNetworkResponseCode"] = state == "APPROVED" ? nlohmann::ordered_json("0") : nullptr;
  r["paymentNetworkResponseErrorMessage"] = nullptr;
  r["trazabilityCode"] = nullptr;
  r["authorizationCode"] = nullptr;
  r["pendingReason"] = pending.empty() ? nullptr : nlohmann::ordered_json(pending);
  r["responseCode"] = code.empty() ? nullptr : nlohmann::ordered_json(code);
  r["errorCode"] = nullptr;
  r["responseMessage"] = message;
  r["operationDate"] = at ? nlohmann::ordered_json(absl::ToUnixMillis(*at)) : nullptr;
  return r;
}

int64_t Remaining(const PayuOrderRecord& order) {
  int64_t cancelled = 0;
  for (const PayuTransactionRecord& t : order.transactions) {
    const bool cancels = t.type == "VOID" || t.type == "REFUND" || t.type == "PARTIAL_REFUND";
    if (cancels && (t.state == "APPROVED" || t.state == "PENDING")) cancelled += t.amount_minor_units;
  }
  return order.spec.amount_minor_units - cancelled;
}

}  // namespace

PayuBook::PayuBook(const Clock& clock, Ledger& ledger, PayuRules rules)
    : clock_(clock), ledger_(ledger), rules_(rules) {}

void PayuBook::AddMerchant(PayuMerchant merchant) {
  absl::MutexLock lock(&mu_);
  const std::string name = merchant.name;
  merchants_[name] = std::move(merchant);
}

absl::StatusOr<PayuOrderRecord> PayuBook::CreateSale(const PayuSaleSpec& spec) {
  if (spec.order_id.empty() || spec.order_id.size() > 18 ||
      !std::all_of(spec.order_id.begin(), spec.order_id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return absl::InvalidArgumentError("order_id must be digits");
  }
  if (spec.transaction_id.empty()) return absl::InvalidArgumentError("transaction_id is required");
  if (spec.amount_minor_units <= 0) return absl::InvalidArgumentError("amount must be positive");
  absl::MutexLock lock(&mu_);
  if (merchants_.count(spec.merchant) == 0) return absl::InvalidArgumentError("unknown merchant");
  if (orders_.count(spec.order_id) > 0) return absl::AlreadyExistsError("the order exists");
  PayuOrderRecord order;
  order.spec = spec;
  order.status = spec.captured ? "CAPTURED" : "AUTHORIZED";
  PayuTransactionRecord sale;
  sale.id = spec.transaction_id;
  sale.type = spec.captured ? "AUTHORIZATION_AND_CAPTURE" : "AUTHORIZATION";
  sale.state = "APPROVED";
  sale.response_code = "APPROVED";
  sale.amount_minor_units = spec.amount_minor_units;
  sale.at = clock_.Now() - spec.age;
  order.transactions.push_back(sale);
  orders_[spec.order_id] = order;
  return order;
}

std::optional<PayuOrderRecord> PayuBook::GetOrder(const std::string& order_id) {
  absl::MutexLock lock(&mu_);
  DecideDueReviews(clock_.Now());
  auto it = orders_.find(order_id);
  if (it == orders_.end()) return std::nullopt;
  return it->second;
}

std::vector<PayuOrderRecord> PayuBook::Orders() {
  absl::MutexLock lock(&mu_);
  DecideDueReviews(clock_.Now());
  std::vector<PayuOrderRecord> out;
  for (const auto& [id, order] : orders_) out.push_back(order);
  return out;
}

absl::Status PayuBook::SetReview(const std::string& order_id, PayuReview review, bool now) {
  absl::MutexLock lock(&mu_);
  auto it = orders_.find(order_id);
  if (it == orders_.end()) return absl::NotFoundError("no such order");
  it->second.spec.review = review;
  for (PayuTransactionRecord& t : it->second.transactions) {
    if (!t.decide_at) continue;
    t.review = review;
    if (now) Decide(it->second, t, clock_.Now());
  }
  return absl::OkStatus();
}

void PayuBook::Clear() {
  absl::MutexLock lock(&mu_);
  merchants_.clear();
  orders_.clear();
  next_transaction_ = 1;
}

std::string PayuBook::OrderIdOf(const nlohmann::json& body) {
  if (!body.is_object()) return "";
  if (const nlohmann::json* t = json::Find(body, "transaction")) {
    if (const nlohmann::json* order = json::Find(*t, "order")) {
      return json::GetStringLenient(*order, "id").value_or("");
    }
  }
  if (const nlohmann::json* details = json::Find(body, "details")) {
    return json::GetStringLenient(*details, "orderId").value_or("");
  }
  return "";
}

const PayuMerchant* PayuBook::Authenticate(const nlohmann::json& body) const {
  const nlohmann::json* merchant = json::Find(body, "merchant");
  if (merchant == nullptr) return nullptr;
  const std::string login = json::GetString(*merchant, "apiLogin").value_or("");
  const std::string key = json::GetString(*merchant, "apiKey").value_or("");
  for (const auto& [name, m] : merchants_) {
    if (!login.empty() && m.api_login == login && m.api_key == key) return &m;
  }
  return nullptr;
}

std::string PayuBook::NewTransactionId() {
  return absl::StrFormat("5a0d0000-0000-4000-9000-%012d", next_transaction_++);
}

void PayuBook::Decide(PayuOrderRecord& order, PayuTransactionRecord& refund, absl::Time at) {
  refund.decide_at.reset();
  refund.at = at;
  refund.pending_reason.clear();
  if (refund.review == PayuReview::kApprove) {
    refund.state = "APPROVED";
    refund.response_code = "APPROVED";
    refund.response_message = "Refund approved by PayU";
    if (Remaining(order) <= 0) order.status = "REFUNDED";
  } else {
    refund.state = "DECLINED";
    refund.response_code = "";
    refund.response_message = "Refund declined by PayU review";
  }
}

void PayuBook::DecideDueReviews(absl::Time now) {
  for (auto& [id, order] : orders_) {
    for (PayuTransactionRecord& t : order.transactions) {
      if (t.decide_at && *t.decide_at <= now) Decide(order, t, *t.decide_at);
    }
  }
}

PayuReply PayuBook::Reject(const std::string& order_id, const std::string& type,
                           std::optional<int64_t> amount, const std::string& error) {
  LedgerRejection r;
  r.provider = "payu";
  r.payment_id = order_id;
  r.amount = amount;
  r.total = !amount.has_value();
  r.at = clock_.Now();
  r.http_status = 200;
  r.code = "ERROR";
  r.message = absl::StrCat(type, ": ", error);
  ledger_.RecordRejection(std::move(r));
  return {200, ErrorBody(error)};
}

PayuReply PayuBook::Declined(const std::string& order_id, const std::string& type,
                             std::optional<int64_t> amount, const std::string& response_code) {
  LedgerRejection r;
  r.provider = "payu";
  r.payment_id = order_id;
  r.amount = amount;
  r.total = !amount.has_value();
  r.at = clock_.Now();
  r.http_status = 200;
  r.code = response_code;
  r.message = type;
  ledger_.RecordRejection(std::move(r));
  nlohmann::ordered_json body;
  body["code"] = "SUCCESS";
  body["error"] = nullptr;
  body["transactionResponse"] = TransactionResponse(order_id, nullptr, "DECLINED", "", response_code,
                                                    "Transacción rechazada", clock_.Now());
  return {200, body};
}

PayuReply PayuBook::Submit(const nlohmann::json& body) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  DecideDueReviews(now);
  if (!body.is_object() || json::GetString(body, "command").value_or("") != "SUBMIT_TRANSACTION") {
    return {200, ErrorBody("Invalid command")};
  }
  if (Authenticate(body) == nullptr) return {200, ErrorBody("Invalid credentials")};
  const PayuMerchant* merchant = Authenticate(body);
  const nlohmann::json* t = json::Find(body, "transaction");
  const std::string order_id = OrderIdOf(body);
  const std::string parent = t ? json::GetString(*t, "parentTransactionId").value_or("") : "";
  const std::string type = t ? absl::AsciiStrToUpper(json::GetString(*t, "type").value_or("")) : "";
  if (order_id.empty() || parent.empty()) {
    std::string error;
    if (order_id.empty()) error = "property: order.id, message: must not be null";
    if (parent.empty()) {
      absl::StrAppend(&error, error.empty() ? "" : " ", "property: parentTransactionId, message: must not be null");
    }
    return Reject(order_id, type, std::nullopt, error);
  }
  auto it = orders_.find(order_id);
  if (it == orders_.end() || it->second.spec.merchant != merchant->name ||
      it->second.transactions.front().id != parent) {
    return Reject(order_id, type, std::nullopt, "The order or its transaction was not found");
  }
  PayuOrderRecord& order = it->second;
  const std::string& country = order.spec.country;
  std::optional<int64_t> amount;
  if (const nlohmann::json* values = json::Find(*t, "additionalValues")) {
    const nlohmann::json* tx = json::Find(*values, "TX_VALUE");
    const nlohmann::json* value = tx ? json::Find(*tx, "value") : nullptr;
    const std::string currency = tx ? json::GetString(*tx, "currency").value_or("") : "";
    amount = value ? MinorUnits(*value, ExponentOf(order.spec.currency)) : std::nullopt;
    if (!amount || *amount <= 0 || currency != order.spec.currency) {
      return Reject(order_id, type, std::nullopt, "Invalid value or currency in TX_VALUE");
    }
    if (WholeUnitsOnly(country) && *amount % 100 != 0 && ExponentOf(order.spec.currency) == 2) {
      return Reject(order_id, type, amount, "Refunds with decimals are not accepted in this country");
    }
  }

  PayuTransactionRecord record;
  record.id = NewTransactionId();
  record.type = type;
  record.parent_id = parent;
  record.at = now;
  if (type == "VOID") {
    if (country == "CO" || country == "PA") {
      return Reject(order_id, type, amount, "Void is not supported in this country");
    }
    if (order.status != "AUTHORIZED" || amount) return Declined(order_id, type, amount, "INVALID_TRANSACTION");
    record.state = "APPROVED";
    record.response_code = "APPROVED";
    record.response_message = "APROBADA - Autorizada";
    record.amount_minor_units = order.spec.amount_minor_units;
    order.status = "CANCELLED";
  } else if (type == "REFUND" || type == "PARTIAL_REFUND") {
    if (order.status != "CAPTURED") return Declined(order_id, type, amount, "INVALID_TRANSACTION");
    if (type == "PARTIAL_REFUND" && !amount) {
      return Reject(order_id, type, amount, "property: additionalValues.TX_VALUE, message: must not be null");
    }
    for (const PayuTransactionRecord& other : order.transactions) {
      if (other.decide_at) {
        return Reject(order_id, type, amount, "A refund request for this transaction is already registered");
      }
    }
    const int64_t remaining = Remaining(order);
    const int64_t wanted = amount.value_or(remaining);
    if (wanted > remaining || remaining <= 0) return Declined(order_id, type, amount, "EXCEEDED_AMOUNT");
    record.state = "PENDING";
    record.pending_reason = "PENDING_REVIEW";
    record.response_message = order_id;
    record.amount_minor_units = wanted;
    record.decide_at = now + rules_.review_delay;
    record.review = order.spec.review;
  } else {
    return Reject(order_id, type, amount, "property: transaction.type, message: invalid value");
  }
  order.transactions.push_back(record);
  LedgerExecution e;
  e.provider = "payu";
  e.payment_id = order_id;
  e.amount = record.amount_minor_units;
  e.total = !amount.has_value();
  e.at = now;
  e.status_after = record.state == "PENDING" ? "PENDING_REVIEW" : order.status;
  ledger_.RecordExecution(std::move(e));

  nlohmann::ordered_json reply;
  reply["code"] = "SUCCESS";
  reply["error"] = nullptr;
  reply["transactionResponse"] =
      TransactionResponse(order_id, &record, record.state, record.pending_reason, record.response_code,
                          record.response_message,
                          record.state == "PENDING" ? std::nullopt : std::optional<absl::Time>(now));
  return {200, reply};
}

PayuReply PayuBook::Query(const nlohmann::json& body) {
  absl::MutexLock lock(&mu_);
  DecideDueReviews(clock_.Now());
  if (!body.is_object() || json::GetString(body, "command").value_or("") != "ORDER_DETAIL") {
    return {200, ErrorBody("Invalid command")};
  }
  const PayuMerchant* merchant = Authenticate(body);
  if (merchant == nullptr) return {200, ErrorBody("Invalid credentials")};
  nlohmann::ordered_json reply;
  reply["code"] = "SUCCESS";
  reply["error"] = nullptr;
  auto it = orders_.find(OrderIdOf(body));
  if (it == orders_.end() || it->second.spec.merchant != merchant->name) {
    reply["result"]["payload"] = nullptr;
    return {200, reply};
  }
  const PayuOrderRecord& order = it->second;
  const PayuSaleSpec& spec = order.spec;
  const int exponent = ExponentOf(spec.currency);
  nlohmann::ordered_json payload;
  payload["id"] = std::stoll(spec.order_id);
  payload["accountId"] = 512321;
  payload["status"] = order.status;
  payload["referenceCode"] = absl::StrCat("SANDBOX_", spec.order_id);
  payload["additionalValues"]["TX_VALUE"] = {{"value", MajorUnits(spec.amount_minor_units, exponent)},
                                             {"currency", spec.currency}};
  nlohmann::ordered_json transactions = nlohmann::ordered_json::array();
  // Newest first; a refund under review is not listed until PayU decides it (seed 002).
  for (auto t = order.transactions.rbegin(); t != order.transactions.rend(); ++t) {
    if (t->decide_at) continue;
    nlohmann::ordered_json j;
    j["id"] = t->id;
    j["type"] = t->type;
    j["parentTransactionId"] = t->parent_id.empty() ? nullptr : nlohmann::ordered_json(t->parent_id);
    if (t->parent_id.empty()) {
      j["paymentMethod"] = spec.payment_method;
      j["paymentCountry"] = spec.country;
      j["creditCard"] = {{"maskedNumber", "411111******1111"},
                         {"issuerCountry", spec.issuer_country.empty() ? spec.country : spec.issuer_country}};
      j["extraParameters"] = {{"INSTALLMENTS_NUMBER", spec.installments}};
    }
    j["additionalValues"]["TX_VALUE"] = {{"value", MajorUnits(t->amount_minor_units, exponent)},
                                         {"currency", spec.currency}};
    nlohmann::ordered_json r;
    r["state"] = t->state;
    r["responseCode"] = t->response_code.empty() ? nullptr : nlohmann::ordered_json(t->response_code);
    r["pendingReason"] = nullptr;
    r["responseMessage"] = t->response_message;
    r["operationDate"] = absl::ToUnixMillis(t->at);
    if (t->parent_id.empty()) {
      r["additionalInfo"] = {{"paymentNetwork", spec.network.empty() ? nlohmann::ordered_json(nullptr)
                                                                     : nlohmann::ordered_json(spec.network)},
                             {"cardType", spec.card_type}};
    }
    j["transactionResponse"] = r;
    transactions.push_back(j);
  }
  payload["transactions"] = transactions;
  payload["processedTransactionId"] = order.transactions.back().id;
  reply["result"]["payload"] = payload;
  return {200, reply};
}

nlohmann::ordered_json PayuOrderToAdminJson(const PayuOrderRecord& order) {
  nlohmann::ordered_json j;
  j["order_id"] = order.spec.order_id;
  j["transaction_id"] = order.spec.transaction_id;
  j["merchant"] = order.spec.merchant;
  j["country"] = order.spec.country;
  j["currency"] = order.spec.currency;
  j["amount"] = order.spec.amount_minor_units;
  j["payment_method"] = order.spec.payment_method;
  j["status"] = order.status;
  j["review"] = order.spec.review == PayuReview::kApprove ? "approve" : "decline";
  nlohmann::ordered_json txs = nlohmann::ordered_json::array();
  for (const PayuTransactionRecord& t : order.transactions) {
    nlohmann::ordered_json x;
    x["id"] = t.id;
    x["type"] = t.type;
    x["state"] = t.state;
    x["amount"] = t.amount_minor_units;
    x["at"] = FormatInstant(t.at);
    if (t.decide_at) x["decide_at"] = FormatInstant(*t.decide_at);
    txs.push_back(x);
  }
  j["transactions"] = txs;
  return j;
}

}  // namespace cancela::sandbox
