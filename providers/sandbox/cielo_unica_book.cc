#include "providers/sandbox/cielo_unica_book.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "providers/sandbox/brasilia_time.h"
#include "providers/sandbox/cielo_unica_documents.h"

namespace cancela::sandbox {
namespace {

constexpr char kProvider[] = "cielo_unica";

// The ledger's key of a sale: "EC/authorization code".
std::string SaleKey(const std::string& ec, const std::string& authorization_code) {
  return absl::StrCat(ec, "/", authorization_code);
}

bool ValidLanguage(const std::string& language) {
  return language == "PT_BR" || language == "EN_US";
}

}  // namespace

absl::Time UnicaFinalAt(absl::Time requested, absl::CivilDay sale_day) {
  const absl::CivilSecond local = absl::ToCivilSecond(requested, BrasiliaTimeZone());
  const absl::CivilDay day(local);
  const bool after_cutoff = local.hour() * 60 + local.minute() >= 18 * 60 + 30;
  absl::CivilDay answer_day = (after_cutoff ? day + 1 : day) + 1;
  if (day == sale_day) answer_day = std::max(answer_day, day + 2);  // same-day sales: D+2
  return absl::FromCivil(absl::CivilHour(answer_day.year(), answer_day.month(), answer_day.day(), 8),
                         BrasiliaTimeZone());
}

void CieloUnicaBook::AddClient(UnicaClient client) {
  absl::MutexLock lock(&mu_);
  clients_.push_back(std::move(client));
}

std::optional<UnicaClient> CieloUnicaBook::FindClient(const std::string& id,
                                                      const std::string& secret) const {
  absl::MutexLock lock(&mu_);
  for (const UnicaClient& c : clients_) {
    if (c.client_id == id && c.client_secret == secret) return c;
  }
  return std::nullopt;
}

void CieloUnicaBook::AddSale(UnicaSale sale) {
  absl::MutexLock lock(&mu_);
  sales_.push_back(std::move(sale));
}

std::vector<UnicaSale> CieloUnicaBook::Sales() {
  absl::MutexLock lock(&mu_);
  SettleLocked(clock_.Now());
  return sales_;
}

std::vector<UnicaCancellation> CieloUnicaBook::Cancellations() {
  absl::MutexLock lock(&mu_);
  SettleLocked(clock_.Now());
  return cancellations_;
}

bool CieloUnicaBook::ClientOwns(const UnicaClient& client, const std::string& ec) const {
  for (const UnicaSale& s : sales_) {
    if (s.merchant_id == ec) return client.cnpj_roots.count(s.cnpj_root) != 0;
  }
  return false;
}

UnicaAnswer CieloUnicaBook::Submit(const UnicaClient& client,
                                   const std::vector<UnicaCancelItem>& items) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  SettleLocked(now);
  UnicaBatch batch;
  batch.refund_id = next_refund_id_++;
  batch.requested_at = now;
  for (const UnicaCancelItem& item : items) {
    UnicaCancellation c;
    c.control_id = next_control_id_++;
    c.refund_id = batch.refund_id;
    c.merchant_id = item.merchant_id;
    c.authorization_code = item.authorization_code;
    c.nsu = item.nsu;
    c.tid = item.tid;
    c.card_last_four = item.card_last_four;
    c.refund_amount = item.refund_amount;
    c.sale_amount = item.sale_amount;
    c.transaction_date = item.transaction_date;
    c.requested_at = now;
    // The sale, matched on what was sent; the most specific mismatch is the code.
    int not_found_code = 77;
    for (size_t i = 0; i < sales_.size(); ++i) {
      const UnicaSale& s = sales_[i];
      if (s.merchant_id != item.merchant_id || s.authorization_code != item.authorization_code) continue;
      if (!item.nsu.empty() && item.nsu != s.nsu) { not_found_code = 201; continue; }
      if (absl::CivilDay(item.transaction_date) != s.sale_day) { not_found_code = 203; continue; }
      if (item.sale_amount != s.amount) { not_found_code = 206; continue; }
      c.sale = i;
      break;
    }
    const bool duplicate =
        c.sale && std::any_of(cancellations_.begin(), cancellations_.end(),
                              [&](const UnicaCancellation& other) {
                                return other.sale == c.sale && other.status == "pending" &&
                                       other.refund_amount == c.refund_amount;
                              });
    if (!ClientOwns(client, item.merchant_id)) {
      c.status = "rejected";
      c.detail_code = 108;
      c.detail_message = "EC não encontrado";
    } else if (!c.sale) {
      c.status = "rejected";
      c.detail_code = not_found_code;
      c.detail_message = "Venda não encontrada";
    } else if (duplicate) {
      c.status = "rejected";
      c.detail_code = 10;
      c.detail_message = "Solicitação pendente com as mesmas informações";
    } else {
      c.final_at = UnicaFinalAt(now, sales_[*c.sale].sale_day);
    }
    const std::string key = SaleKey(c.merchant_id, c.authorization_code);
    if (c.status == "pending") {
      LedgerExecution e;
      e.provider = kProvider;
      e.payment_id = key;
      e.amount = c.refund_amount;
      e.at = now;
      e.request_id = absl::StrCat(c.control_id);
      e.status_after = "pending";
      ledger_.RecordExecution(std::move(e));
    } else {
      LedgerRejection r;
      r.provider = kProvider;
      r.payment_id = key;
      r.amount = c.refund_amount;
      r.at = now;
      r.request_id = absl::StrCat(c.control_id);
      r.http_status = 200;
      r.code = absl::StrCat(c.detail_code);
      r.message = c.detail_message;
      ledger_.RecordRejection(std::move(r));
    }
    batch.control_ids.push_back(c.control_id);
    cancellations_.push_back(std::move(c));
  }
  std::vector<const UnicaCancellation*> mine;
  for (const UnicaCancellation& c : cancellations_) {
    if (c.refund_id == batch.refund_id) mine.push_back(&c);
  }
  batches_.push_back(batch);
  return UnicaAnswer{200, "application/json; charset=utf-8", UnicaBatchJson(batch, mine)};
}

void CieloUnicaBook::Decide(UnicaCancellation& c) {
  UnicaSale& sale = sales_[*c.sale];
  const int64_t remaining = sale.amount - sale.cancelled;
  const bool partial = c.refund_amount < remaining || sale.cancelled > 0;
  const bool mastercard = absl::AsciiStrToLower(sale.brand) == "mastercard";
  auto reject = [&c](int code, const char* message) {
    c.status = "rejected";
    c.detail_code = code;
    c.detail_message = message;
  };
  if (sale.force_failed) {
    c.status = "failed";
    c.detail_code = 99;
    c.detail_message = "Falha no processamento";
  } else if (sale.forced_code) {
    reject(*sale.forced_code, "Rejeitado (forçado pelo sandbox)");
  } else if (sale.product == "pix" || sale.product == "voucher" ||
             sale.product == "pre_authorization") {
    reject(120, "Produto da venda não permite cancelamento");
  } else if (sale.product == "debit" && partial && (!mastercard || sale.partials_done >= 1)) {
    reject(109, "Produto débito permite apenas cancelamento total");
  } else if (c.refund_amount > remaining) {
    reject(17, "Saldo da transação insuficiente");
  } else {
    c.status = "done";
    c.detail_code = 0;
    c.detail_message = "Cancelamento aprovado com sucesso.";
    sale.cancelled += c.refund_amount;
    if (partial) ++sale.partials_done;
    return;
  }
  LedgerRejection r;
  r.provider = kProvider;
  r.payment_id = SaleKey(c.merchant_id, c.authorization_code);
  r.amount = c.refund_amount;
  r.at = c.final_at;
  r.request_id = absl::StrCat(c.control_id);
  r.http_status = 200;
  r.code = absl::StrCat(c.detail_code);
  r.message = c.detail_message;
  ledger_.RecordRejection(std::move(r));
}

void CieloUnicaBook::SettleLocked(absl::Time now) {
  for (UnicaCancellation& c : cancellations_) {  // in control id order: the batch's order
    if (c.status == "pending" && c.final_at <= now) Decide(c);
  }
}

UnicaAnswer CieloUnicaBook::QueryBatch(const UnicaClient& client, int64_t refund_id,
                                       const std::string& ec) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  SettleLocked(now);
  if (!ClientOwns(client, ec)) return UnicaError(403, 999, "You don't have sufficient credentials to perform this operation", now);
  for (const UnicaBatch& batch : batches_) {
    if (batch.refund_id != refund_id) continue;
    std::vector<const UnicaCancellation*> mine;
    for (const UnicaCancellation& c : cancellations_) {
      if (c.refund_id == refund_id && c.merchant_id == ec) mine.push_back(&c);
    }
    if (mine.empty()) break;
    return UnicaAnswer{200, "application/json; charset=utf-8", UnicaBatchJson(batch, mine)};
  }
  return UnicaError(404, 7, "Solicitação não encontrada", now);
}

UnicaAnswer CieloUnicaBook::List(const UnicaClient& client, const UnicaListQuery& q) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  SettleLocked(now);
  if (q.merchant_id.empty()) return UnicaError(400, 115, "merchantId é obrigatório", now);
  if (q.to < q.from || q.to - q.from > 6) {
    return UnicaError(400, 115, "o período deve ter no máximo 7 dias", now);
  }
  if (q.authorization_code.empty() && q.nsu.empty() && !q.sale_amount) {
    return UnicaError(400, 115, "informe authorizationCode, nsu ou saleAmount", now);
  }
  if (!ClientOwns(client, q.merchant_id)) {
    return UnicaError(403, 999, "You don't have sufficient credentials to perform this operation", now);
  }
  std::vector<const UnicaCancellation*> matching;
  for (const UnicaCancellation& c : cancellations_) {
    const absl::CivilDay day = BrasiliaDay(c.requested_at);
    if (c.merchant_id != q.merchant_id || day < q.from || day > q.to) continue;
    if (!q.authorization_code.empty() && c.authorization_code != q.authorization_code) continue;
    if (!q.nsu.empty() && c.nsu != q.nsu) continue;
    if (q.sale_amount && c.sale_amount != *q.sale_amount) continue;
    matching.push_back(&c);
  }
  const size_t first = static_cast<size_t>(std::max(0, (q.page - 1) * q.rows));
  const size_t last = std::min(matching.size(), first + static_cast<size_t>(q.rows));
  std::map<int64_t, std::vector<const UnicaCancellation*>> by_batch;
  for (size_t i = first; i < last; ++i) by_batch[matching[i]->refund_id].push_back(matching[i]);
  std::string body = "[";
  for (const auto& [refund_id, mine] : by_batch) {
    for (const UnicaBatch& batch : batches_) {
      if (batch.refund_id != refund_id) continue;
      if (body.size() > 1) body += ",";
      body += UnicaBatchJson(batch, mine);
    }
  }
  body += "]";
  return UnicaAnswer{200, "application/json; charset=utf-8", body};
}

std::optional<UnicaAnswer> CieloUnicaBook::LetterProblem(const UnicaClient& client,
                                                         const std::string& ec, int64_t control_id,
                                                         const std::string& language) {
  const absl::Time now = clock_.Now();
  if (!ValidLanguage(language)) return UnicaError(400, 115, "language: PT_BR ou EN_US", now);
  if (!ClientOwns(client, ec)) {
    return UnicaError(403, 999, "You don't have sufficient credentials to perform this operation", now);
  }
  for (const UnicaCancellation& c : cancellations_) {
    if (c.control_id != control_id) continue;
    if (c.merchant_id != ec) return UnicaError(400, 115, "cancelamento de outro EC", now);
    if (c.status != "done") return UnicaError(422, 800, "cancelamento não efetivado", now);
    return std::nullopt;
  }
  return UnicaError(404, 7, "cancelamento não encontrado", now);
}

std::string CieloUnicaBook::LetterOf(const UnicaCancellation& c, const std::string& language) const {
  const bool en = language == "EN_US";
  return MinimalPdf({en ? "Cielo - Cancellation letter (sandbox)" : "Cielo - Carta de cancelamento (sandbox)",
                     absl::StrCat(en ? "Merchant (EC): " : "Estabelecimento (EC): ", c.merchant_id),
                     absl::StrCat(en ? "Cancellation id: " : "Id do cancelamento: ", c.control_id),
                     absl::StrCat(en ? "Authorization code: " : "Codigo de autorizacao: ",
                                  c.authorization_code),
                     absl::StrCat(en ? "Amount cancelled: BRL " : "Valor cancelado: R$ ",
                                  UnicaDecimal(c.refund_amount)),
                     absl::StrCat(en ? "Sale amount: BRL " : "Valor da venda: R$ ",
                                  UnicaDecimal(c.sale_amount))});
}

UnicaAnswer CieloUnicaBook::LetterPdf(const UnicaClient& client, const std::string& ec,
                                      int64_t control_id, const std::string& language) {
  absl::MutexLock lock(&mu_);
  SettleLocked(clock_.Now());
  if (auto problem = LetterProblem(client, ec, control_id, language)) return *problem;
  for (const UnicaCancellation& c : cancellations_) {
    if (c.control_id == control_id) return UnicaAnswer{200, "application/pdf", LetterOf(c, language)};
  }
  return UnicaError(404, 7, "cancelamento não encontrado", clock_.Now());
}

UnicaAnswer CieloUnicaBook::LetterZip(const UnicaClient& client, const std::string& ec,
                                      const std::vector<int64_t>& control_ids,
                                      const std::string& language) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  SettleLocked(now);
  if (control_ids.empty() || control_ids.size() > 10) {
    return UnicaError(400, 115, "de 1 a 10 cancelamentos por solicitação", now);
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (int64_t id : control_ids) {
    if (auto problem = LetterProblem(client, ec, id, language)) return *problem;
    for (const UnicaCancellation& c : cancellations_) {
      if (c.control_id == id) files.emplace_back(absl::StrCat("carta_", id, ".pdf"), LetterOf(c, language));
    }
  }
  auto zip = ZipOf(files);
  if (!zip.ok()) return UnicaError(500, 5, "erro ao gerar o arquivo", now);
  return UnicaAnswer{200, "application/zip", *std::move(zip)};
}

void CieloUnicaBook::Clear() {
  absl::MutexLock lock(&mu_);
  clients_.clear();
  sales_.clear();
  cancellations_.clear();
  batches_.clear();
}

}  // namespace cancela::sandbox
