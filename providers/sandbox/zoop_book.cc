#include "providers/sandbox/zoop_book.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/json_access.h"
#include "providers/sandbox/json_text.h"
#include "providers/sandbox/zoop_wire.h"

namespace cancela::sandbox {
namespace {

constexpr char kProvider[] = "zoop";
constexpr char kInvalidRequest[] = "invalid_request_error";

HttpReply Reply(int status, const nlohmann::ordered_json& body) {
  HttpReply reply;
  reply.status = status;
  reply.headers["Content-Type"] = "application/json";
  reply.body = DumpJson(body);
  return reply;
}

HttpReply NotFound() {
  return Reply(404, ZoopErrorBody(404, kInvalidRequest, "resource_not_found",
                                  "Sorry, the resource you are trying to use does not exist."));
}

std::pair<std::string, std::string> CardDigits(const std::string& brand) {
  const std::string lower = absl::AsciiStrToLower(brand);
  if (lower == "mastercard" || lower == "master") return {"5448", "0007"};
  if (lower == "elo") return {"6363", "6600"};
  return {"4551", "0183"};
}

}  // namespace

ZoopBook::ZoopBook(const Clock& clock, Ledger& ledger, std::string marketplace_id,
                   std::string api_key)
    : clock_(clock),
      ledger_(ledger),
      marketplace_id_(std::move(marketplace_id)),
      api_key_(std::move(api_key)) {}

bool ZoopBook::Authenticate(const std::string& authorization_header) const {
  constexpr absl::string_view kBasic = "basic ";
  if (authorization_header.size() <= kBasic.size() ||
      absl::AsciiStrToLower(authorization_header.substr(0, kBasic.size())) != kBasic) {
    return false;
  }
  std::string decoded;
  if (!absl::Base64Unescape(authorization_header.substr(kBasic.size()), &decoded)) return false;
  return decoded == absl::StrCat(api_key_, ":");
}

void ZoopBook::AddSeller(ZoopSeller seller) {
  absl::MutexLock lock(&mu_);
  for (ZoopSeller& s : sellers_) {
    if (s.name == seller.name) {
      s = std::move(seller);
      return;
    }
  }
  sellers_.push_back(std::move(seller));
}

std::string ZoopBook::NewIdLocked() {
  return absl::StrFormat("5eed2%027d", next_sequence_++ + 1000);
}

absl::StatusOr<ZoopTransaction> ZoopBook::CreateTransaction(const ZoopTransactionSpec& spec) {
  const std::string type = absl::AsciiStrToLower(spec.payment_type);
  const std::string status = absl::AsciiStrToLower(spec.status);
  if (type != "credit" && type != "debit" && type != "boleto") {
    return absl::InvalidArgumentError("payment_type must be credit, debit or boleto");
  }
  if (status != "succeeded" && status != "pre_authorized" && status != "failed") {
    return absl::InvalidArgumentError("status must be succeeded, pre_authorized or failed");
  }
  if (status == "pre_authorized" && type != "credit") {
    return absl::InvalidArgumentError("only a credit transaction can be pre_authorized");
  }
  if (spec.amount <= 0 || spec.amount > 100000000000) {
    return absl::InvalidArgumentError("amount (centavos) must be positive");
  }
  if (spec.already_cancelled < 0 || spec.already_cancelled >= spec.amount ||
      (spec.already_cancelled > 0 && (type != "credit" || status != "succeeded"))) {
    return absl::InvalidArgumentError(
        "already_cancelled must be below amount, on a succeeded credit transaction");
  }
  if (spec.installments < 1 || spec.installments > 12 || spec.days_ago < 0 || spec.days_ago > 3650) {
    return absl::InvalidArgumentError("installments 1-12, days_ago 0-3650");
  }
  const absl::Time now = clock_.Now();
  absl::MutexLock lock(&mu_);
  const ZoopSeller* seller = nullptr;
  for (const ZoopSeller& s : sellers_) {
    if (s.name == spec.seller || s.id == spec.seller) seller = &s;
  }
  if (seller == nullptr) return absl::NotFoundError(absl::StrCat("no seller ", spec.seller));
  ZoopTransaction t;
  t.id = spec.id.empty() ? NewIdLocked() : absl::AsciiStrToLower(spec.id);
  if (transactions_.count(t.id) > 0) return absl::AlreadyExistsError(absl::StrCat("id taken: ", t.id));
  if (t.id.size() < 8 || t.id.size() > 64 || !std::all_of(t.id.begin(), t.id.end(), [](char c) {
        return absl::ascii_isalnum(static_cast<unsigned char>(c));
      })) {
    return absl::InvalidArgumentError("id must be 8-64 letters and digits");
  }
  const int64_t sequence = next_sequence_++;
  t.seller_id = seller->id;
  t.payment_type = type;
  t.status = status;
  t.original_amount = spec.amount;
  t.amount = spec.amount - spec.already_cancelled;
  t.captured = status == "succeeded";
  t.installments = spec.installments;
  t.card_brand = type == "boleto" ? "" : spec.card_brand;
  std::tie(t.first4, t.last4) = CardDigits(spec.card_brand);
  t.holder_name = type == "boleto" ? "" : absl::StrFormat("MARIA SANDBOX %06d", sequence);
  t.transaction_number = absl::StrFormat("Z%06d-%09d", 130000 + sequence, 260000000 + sequence);
  t.authorization_code = absl::StrFormat("%06d", 100000 + sequence);
  t.created_at = now - absl::Hours(24 * spec.days_ago);
  t.settled = spec.settled;
  t.release_granted = spec.release_granted;
  t.decline_voids = spec.decline_voids;
  t.split_minimum = spec.split_minimum;
  auto add = [&](const char* op, const char* st, int64_t amount, const char* code, absl::Time at) {
    t.history.push_back({absl::StrFormat("%s%08d", t.id.substr(0, 24), t.history.size() + 1), op, st,
                         amount, code, std::string(st) == "succeeded" ? "Operation Successful" : "Declined",
                         at});
  };
  add("created", "succeeded", spec.amount, "", t.created_at);
  add(status == "pre_authorized" ? "pre_authorization" : "authorization",
      status == "failed" ? "failed" : "succeeded", spec.amount, status == "failed" ? "05" : "00",
      t.created_at + absl::Seconds(2));
  if (spec.already_cancelled > 0) {
    add("void", "succeeded", spec.already_cancelled, "0", t.created_at + absl::Hours(1));
  }
  transactions_[t.id] = t;
  return t;
}

std::optional<ZoopTransaction> ZoopBook::GetTransaction(const std::string& id) const {
  absl::MutexLock lock(&mu_);
  auto it = transactions_.find(absl::AsciiStrToLower(id));
  if (it == transactions_.end()) return std::nullopt;
  return it->second;
}

std::vector<ZoopTransaction> ZoopBook::Transactions() const {
  absl::MutexLock lock(&mu_);
  std::vector<ZoopTransaction> out;
  for (const auto& [id, t] : transactions_) out.push_back(t);
  return out;
}

void ZoopBook::Clear() {
  absl::MutexLock lock(&mu_);
  sellers_.clear();
  transactions_.clear();
  events_.clear();
  next_sequence_ = 1;
}

std::vector<std::string> ZoopBook::Events() const {
  absl::MutexLock lock(&mu_);
  return events_;
}

void ZoopBook::EmitLocked(const std::string& type, const ZoopTransaction& t, absl::Time at) {
  const std::string id = absl::StrFormat("5eedeeee%024d", events_.size() + 1);
  events_.push_back(DumpJson(ZoopEventBody(id, type, t, marketplace_id_, at)));
}

HttpReply ZoopBook::Get(const std::string& marketplace_id, const std::string& id) const {
  if (marketplace_id != marketplace_id_) return NotFound();
  const std::optional<ZoopTransaction> t = GetTransaction(id);
  if (!t) return NotFound();
  return Reply(200, ZoopTransactionBody(*t, marketplace_id_));
}

HttpReply ZoopBook::Receivables(const std::string& marketplace_id, const std::string& id) const {
  if (marketplace_id != marketplace_id_) return NotFound();
  const std::optional<ZoopTransaction> t = GetTransaction(id);
  if (!t) return NotFound();
  return Reply(200, ZoopReceivablesBody(*t));
}

HttpReply ZoopBook::RejectLocked(const std::string& id, std::optional<int64_t> amount,
                                 int http_status, const std::string& category,
                                 const std::string& message) {
  LedgerRejection r;
  r.provider = kProvider;
  r.payment_id = id;
  r.amount = amount;
  r.at = clock_.Now();
  r.http_status = http_status;
  r.code = category;
  r.message = message;
  ledger_.RecordRejection(std::move(r));
  return Reply(http_status, ZoopErrorBody(http_status, kInvalidRequest, category, message));
}

HttpReply ZoopBook::Void(const std::string& marketplace_id, const std::string& raw_id,
                         const std::string& body) {
  const std::string id = absl::AsciiStrToLower(raw_id);
  const absl::Time now = clock_.Now();
  absl::MutexLock lock(&mu_);
  if (marketplace_id != marketplace_id_) return NotFound();
  const std::optional<nlohmann::json> parsed = json::Parse(body);
  if (!parsed || !parsed->is_object()) {
    return RejectLocked(id, std::nullopt, 400, "invalid_parameter", "The body must be a JSON object.");
  }
  const std::optional<int64_t> amount = json::GetInt(*parsed, "amount");
  if (!amount || *amount <= 0) {
    return RejectLocked(id, std::nullopt, 400, "invalid_parameter",
                        "amount must be a positive integer number of centavos.");
  }
  const std::string on_behalf_of = json::GetString(*parsed, "on_behalf_of").value_or("");
  if (on_behalf_of.empty()) {
    return RejectLocked(id, amount, 400, "invalid_parameter", "on_behalf_of is required.");
  }
  auto it = transactions_.find(id);
  if (it == transactions_.end()) {
    RejectLocked(id, amount, 404, "resource_not_found", "transaction not found");
    return NotFound();
  }
  ZoopTransaction& t = it->second;
  if (on_behalf_of != t.seller_id) {
    return RejectLocked(id, amount, 400, "invalid_parameter",
                        "on_behalf_of does not match the transaction's seller.");
  }
  if ((t.status != "succeeded" && t.status != "pre_authorized") || t.payment_type == "boleto") {
    return RejectLocked(id, amount, 400, "transaction_not_voidable",
                        absl::StrCat("A transaction with status ", t.status, " (", t.payment_type,
                                     ") cannot be voided."));
  }
  const bool partial = *amount < t.amount;
  if (partial && (t.payment_type != "credit" || !t.captured)) {
    return RejectLocked(id, amount, 400, "partial_void_not_allowed",
                        "Partial cancellation is available only for captured credit transactions.");
  }
  if (*amount > t.amount) {
    return RejectLocked(id, amount, 400, "amount_exceeds_remaining",
                        absl::StrCat("The amount exceeds what remains (", ZoopDecimal(t.amount), ")."));
  }
  if (t.settled && !t.release_granted) {
    return RejectLocked(id, amount, 400, "settled_sale_release_required",
                        "A settled sale can be refunded only after a prior release.");
  }
  if (partial && t.split_minimum > 0 && t.amount - *amount < t.split_minimum) {
    return RejectLocked(id, amount, 400, "split_rule_exceeds_amount",
                        "A split rule exceeds the amount that would remain.");
  }
  const std::string entry_id = absl::StrFormat("%s%08d", t.id.substr(0, 24), t.history.size() + 1);
  if (t.decline_voids) {
    t.history.push_back({entry_id, "void", "failed", *amount, "57", "Transaction not permitted", now});
    LedgerRejection r;
    r.provider = kProvider;
    r.payment_id = id;
    r.amount = amount;
    r.at = now;
    r.http_status = 200;
    r.code = "57";
    r.message = "issuer declined the cancellation";
    ledger_.RecordRejection(std::move(r));
    EmitLocked("transaction.void.failed", t, now);
    return Reply(200, ZoopTransactionBody(t, marketplace_id_));
  }
  t.amount -= *amount;
  t.history.push_back({entry_id, "void", "succeeded", *amount, "0", "Operation Successful", now});
  if (t.amount == 0) {
    t.status = "canceled";
    t.voided = true;
    t.voided_at = now;
  }
  LedgerExecution e;
  e.provider = kProvider;
  e.payment_id = id;
  e.amount = *amount;
  e.total = !partial;
  e.at = now;
  e.request_id = entry_id;
  e.status_after = t.status;
  ledger_.RecordExecution(std::move(e));
  EmitLocked("transaction.void.succeeded", t, now);
  EmitLocked("transaction.canceled", t, now);
  return Reply(200, ZoopTransactionBody(t, marketplace_id_));
}

}  // namespace cancela::sandbox
