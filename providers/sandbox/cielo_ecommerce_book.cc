#include "providers/sandbox/cielo_ecommerce_book.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "providers/sandbox/brasilia_time.h"
#include "providers/sandbox/json_text.h"

namespace cancela::sandbox {
namespace {

constexpr char kProvider[] = "cielo_ecommerce";

// Return codes of the cancellation table (providers.md §2.4) the simulator answers with.
constexpr char kDeadlineExpired[] = "40";
constexpr char kStatusDoesNotAllow[] = "41";
constexpr char kAboveRemaining[] = "51";
constexpr char kProductDoesNotAllow[] = "53";
constexpr char kInProcessing[] = "476";

// ?amount= is number(15) in centavos: digits only, at least one.
std::optional<int64_t> ParseAmount(const std::string& text) {
  if (text.empty() || text.size() > 15) return std::nullopt;
  if (text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) return std::nullopt;
  return value;
}

std::string MaskedCardNumber(const std::string& brand) {
  const std::string lower = absl::AsciiStrToLower(brand);
  if (lower == "master" || lower == "mastercard") return "544828******0007";
  if (lower == "elo") return "636368******6600";
  if (lower == "amex") return "376449*****1005";
  if (lower == "hipercard") return "606282******3341";
  return "455187******0183";
}

bool IsVoidableStatus(int status) {
  return status == cielo_status::kAuthorized || status == cielo_status::kPaymentConfirmed;
}

}  // namespace

bool IsGuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (text[i] == '-')) return false;
    if (!dash && !absl::ascii_isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

CieloEcommerceBook::CieloEcommerceBook(const Clock& clock, Ledger& ledger, CieloRules rules)
    : clock_(clock), ledger_(ledger), rules_(rules), random_(std::random_device{}()) {}

void CieloEcommerceBook::AddMerchant(CieloMerchant merchant) {
  absl::MutexLock lock(&mu_);
  for (CieloMerchant& existing : merchants_) {
    if (existing.name == merchant.name) {
      existing = std::move(merchant);
      return;
    }
  }
  merchants_.push_back(std::move(merchant));
}

std::optional<CieloMerchant> CieloEcommerceBook::Authenticate(
    const std::string& merchant_id, const std::string& merchant_key) const {
  absl::MutexLock lock(&mu_);
  const std::string id = absl::AsciiStrToLower(merchant_id);  // a GUID has no case
  for (const CieloMerchant& merchant : merchants_) {
    if (absl::AsciiStrToLower(merchant.merchant_id) == id &&
        merchant.merchant_key == merchant_key) {
      return merchant;
    }
  }
  return std::nullopt;
}

std::optional<CieloMerchant> CieloEcommerceBook::FindMerchant(const std::string& name) const {
  absl::MutexLock lock(&mu_);
  for (const CieloMerchant& merchant : merchants_) {
    if (merchant.name == name) return merchant;
  }
  return std::nullopt;
}

std::string CieloEcommerceBook::NewPaymentIdLocked() {
  // A version-4 GUID.
  const uint64_t hi = random_();
  const uint64_t lo = random_();
  return absl::StrFormat("%08x-%04x-4%03x-%04x-%012x", hi >> 32, (hi >> 16) & 0xffff, hi & 0xfff,
                         0x8000 | ((lo >> 48) & 0x3fff), lo & 0xffffffffffffULL);
}

absl::StatusOr<CieloSale> CieloEcommerceBook::CreateSale(const CieloSaleSpec& spec) {
  if (spec.amount <= 0) return absl::InvalidArgumentError("amount must be positive");
  if (spec.received_days_ago < 0 || spec.captured_days_ago.value_or(0) < 0) {
    return absl::InvalidArgumentError("days ago cannot be negative");
  }
  const int captured_days_ago = spec.captured_days_ago.value_or(spec.received_days_ago);
  if (captured_days_ago > spec.received_days_ago) {
    return absl::InvalidArgumentError("a sale cannot be captured before it was authorised");
  }
  const bool pix = spec.type == CieloPaymentType::kPix;
  if (pix && spec.state == CieloSaleState::kAuthorized) {
    return absl::InvalidArgumentError("a Pix sale is paid or denied, never only authorised");
  }
  if (pix && spec.captured_amount.has_value()) {
    return absl::InvalidArgumentError("captured_amount applies to cards only");
  }
  const int64_t captured_amount = spec.captured_amount.value_or(spec.amount);
  if (captured_amount <= 0 || captured_amount > spec.amount) {
    return absl::InvalidArgumentError("captured_amount must be from 1 to amount");
  }
  if (!spec.payment_id.empty() && !IsGuid(spec.payment_id)) {
    return absl::InvalidArgumentError("payment_id must be a GUID");
  }

  absl::MutexLock lock(&mu_);
  bool merchant_known = false;
  for (const CieloMerchant& merchant : merchants_) merchant_known |= merchant.name == spec.merchant;
  if (!merchant_known) return absl::NotFoundError(absl::StrCat("no merchant ", spec.merchant));
  const std::string payment_id =
      spec.payment_id.empty() ? NewPaymentIdLocked() : absl::AsciiStrToLower(spec.payment_id);
  if (sales_.count(payment_id) != 0) {
    return absl::AlreadyExistsError(absl::StrCat("sale ", payment_id, " exists"));
  }

  const absl::Time now = clock_.Now();
  const int64_t sequence = next_sequence_++;
  CieloSale sale;
  sale.payment_id = payment_id;
  sale.merchant = spec.merchant;
  sale.merchant_order_id = spec.merchant_order_id.empty()
                               ? absl::StrFormat("pedido-%04d", sequence)
                               : spec.merchant_order_id;
  sale.type = spec.type;
  sale.amount = spec.amount;
  sale.received_at = now - absl::Hours(24) * spec.received_days_ago;
  switch (spec.state) {
    case CieloSaleState::kAuthorized:
      sale.status = cielo_status::kAuthorized;
      break;
    case CieloSaleState::kCaptured:
      sale.status = cielo_status::kPaymentConfirmed;
      if (!pix) {
        sale.captured_amount = captured_amount;
        sale.captured_at = now - absl::Hours(24) * captured_days_ago;
      }
      break;
    case CieloSaleState::kDenied:
      sale.status = cielo_status::kDenied;
      break;
  }
  sale.deny_pix_refunds = pix && spec.deny_pix_refunds;
  if (pix) {
    // E + the receiving institution's ISPB + yyyyMMddHHmm + 11 characters: 32 in all.
    sale.end_to_end_id =
        absl::StrCat("E01027058", absl::FormatTime("%Y%m%d%H%M", sale.received_at,
                                                   BrasiliaTimeZone()),
                     absl::StrFormat("sbx%08d", sequence));
    sale.authorization_code = sale.end_to_end_id;
  } else {
    sale.brand = spec.brand.empty() ? "Visa" : spec.brand;
    sale.masked_card_number = MaskedCardNumber(sale.brand);
    sale.tid = absl::StrCat(absl::FormatTime("%m%d%H%M%S", sale.received_at, BrasiliaTimeZone()),
                            absl::StrFormat("%03d", sequence % 1000));
    sale.proof_of_sale = absl::StrFormat("%06d", 100000 + sequence % 900000);
    sale.authorization_code = absl::StrFormat("%06d", 600000 + sequence % 400000);
  }
  sales_[payment_id] = sale;
  return sale;
}

std::optional<CieloSale> CieloEcommerceBook::GetSale(const std::string& payment_id) {
  absl::MutexLock lock(&mu_);
  SettleLocked(clock_.Now());
  auto it = sales_.find(absl::AsciiStrToLower(payment_id));
  if (it == sales_.end()) return std::nullopt;
  return it->second;
}

std::vector<CieloSale> CieloEcommerceBook::Sales() {
  absl::MutexLock lock(&mu_);
  SettleLocked(clock_.Now());
  std::vector<CieloSale> out;
  out.reserve(sales_.size());
  for (const auto& [id, sale] : sales_) out.push_back(sale);
  return out;
}

void CieloEcommerceBook::Clear() {
  absl::MutexLock lock(&mu_);
  merchants_.clear();
  sales_.clear();
  scheduled_pix_.clear();
  next_sequence_ = 1;
}

void CieloEcommerceBook::SettleLocked(absl::Time now) {
  for (auto id = scheduled_pix_.begin(); id != scheduled_pix_.end();) {
    CieloSale& sale = sales_.at(*id);
    bool still_scheduled = false;
    for (CieloRefund& refund : sale.refunds) {
      if (refund.status != cielo_refund_status::kScheduledPix) continue;
      if (refund.settles_at > now) {
        still_scheduled = true;
        continue;
      }
      if (sale.deny_pix_refunds) {
        // Refused by the Pix network: the money stays with the merchant and may be asked again.
        refund.status = cielo_refund_status::kDenied;
        continue;
      }
      refund.status = cielo_refund_status::kSuccess;
      sale.voided_amount += refund.amount;
      sale.voided_at = refund.settles_at;
      if (sale.voided_amount >= sale.amount) sale.status = cielo_status::kRefunded;
    }
    id = still_scheduled ? std::next(id) : scheduled_pix_.erase(id);
  }
}

WireReply CieloEcommerceBook::Query(const CieloMerchant& merchant, const std::string& payment_id,
                                    const CieloEndpoints& endpoints) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  SettleLocked(now);
  auto it = sales_.find(absl::AsciiStrToLower(payment_id));
  // Another merchant's sale is as absent as a nonexistent one.
  if (it == sales_.end() || it->second.merchant != merchant.name) return {404, ""};
  if (rules_.query_window_days > 0 &&
      now - it->second.received_at > absl::Hours(24) * rules_.query_window_days) {
    return {404, ""};
  }
  return {200, DumpJson(CieloQueryBody(it->second, endpoints))};
}

WireReply CieloEcommerceBook::Void(const CieloMerchant& merchant, const CieloVoidRequest& request,
                                   const CieloEndpoints& endpoints) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  SettleLocked(now);

  std::optional<int64_t> amount;
  if (request.amount.has_value()) {
    amount = ParseAmount(*request.amount);
    if (!amount.has_value() || *amount <= 0) {
      constexpr char kMessage[] = "Amount must be greater or equal to zero";
      return RejectLocked(request, amount, now, 400, "108", kMessage,
                          CieloErrorBody(108, kMessage));
    }
  }
  auto it = sales_.find(absl::AsciiStrToLower(request.payment_id));
  if (it == sales_.end() || it->second.merchant != merchant.name) {
    constexpr char kMessage[] = "Transaction not found";
    return RejectLocked(request, amount, now, 400, "307", kMessage, CieloErrorBody(307, kMessage));
  }
  CieloSale& sale = it->second;
  if (!IsVoidableStatus(sale.status)) {
    constexpr char kMessage[] = "Transaction not available to void";
    return RejectLocked(request, amount, now, 400, "309", kMessage, CieloErrorBody(309, kMessage));
  }
  if (sale.is_pix()) return RefundPixLocked(sale, merchant, amount, request, now, endpoints);
  return VoidCardLocked(sale, amount, request, now, endpoints);
}

WireReply CieloEcommerceBook::VoidCardLocked(CieloSale& sale, std::optional<int64_t> amount,
                                             const CieloVoidRequest& request, absl::Time now,
                                             const CieloEndpoints& endpoints) {
  auto decline = [&](const char* code, const char* message) {
    return RejectLocked(request, amount, now, 200, code, message,
                        DumpJson(CieloCardVoidDeclinedBody(sale, code, message, endpoints)));
  };
  if (now - sale.received_at > absl::Hours(24) * rules_.card_window_days) {
    return decline(kDeadlineExpired, "Cancellation deadline expired");
  }
  if (sale.last_cancellation_at.has_value() &&
      now - *sale.last_cancellation_at < rules_.min_cancel_interval) {
    return decline(kInProcessing, "Cancellation in processing");
  }

  if (sale.status == cielo_status::kAuthorized) {
    // Partial cancellation exists only for captured sales.
    if (amount.has_value()) {
      return decline(kStatusDoesNotAllow, "Transaction status does not allow partial cancellation");
    }
    const int64_t voided = sale.amount - sale.voided_amount;
    sale.voided_amount = sale.amount;
    sale.status = cielo_status::kVoided;
    sale.voided_at = now;
    sale.last_cancellation_at = now;
    sale.refunds.push_back({voided, cielo_refund_status::kSuccess, now, now});
    RecordExecutionLocked(sale, voided, /*total=*/true, request, now);
    return {200, DumpJson(CieloCardVoidTotalBody(sale, endpoints))};
  }

  // Captured: a void on the capture's Brasília day, a refund afterwards.
  const int final_status = SameBrasiliaDay(*sale.captured_at, now) ? cielo_status::kVoided
                                                                   : cielo_status::kRefunded;
  const int64_t remaining = sale.RemainingAmount();
  if (!amount.has_value()) {
    sale.voided_amount += remaining;
    sale.status = final_status;
    sale.voided_at = now;
    sale.last_cancellation_at = now;
    sale.refunds.push_back({remaining, cielo_refund_status::kSuccess, now, now});
    RecordExecutionLocked(sale, remaining, /*total=*/true, request, now);
    return {200, DumpJson(CieloCardVoidTotalBody(sale, endpoints))};
  }
  if (sale.type == CieloPaymentType::kDebitCard && sale.partial_cancellations >= 1) {
    return decline(kProductDoesNotAllow, "Product does not allow another partial cancellation");
  }
  if (*amount > remaining) {
    return decline(kAboveRemaining, "Cancellation amount above the sale's remaining amount");
  }
  sale.voided_amount += *amount;
  ++sale.partial_cancellations;
  sale.voided_at = now;
  sale.last_cancellation_at = now;
  sale.refunds.push_back({*amount, cielo_refund_status::kSuccess, now, now});
  if (sale.voided_amount >= sale.captured_amount) sale.status = final_status;
  RecordExecutionLocked(sale, *amount, /*total=*/false, request, now);
  return {200, DumpJson(CieloCardVoidPartialBody(sale, endpoints))};
}

WireReply CieloEcommerceBook::RefundPixLocked(CieloSale& sale, const CieloMerchant& merchant,
                                              std::optional<int64_t> amount,
                                              const CieloVoidRequest& request, absl::Time now,
                                              const CieloEndpoints& endpoints) {
  auto decline = [&](const char* code, const char* message) {
    return RejectLocked(request, amount, now, 200, code, message,
                        DumpJson(CieloPixRefundDeclinedBody(sale, code, message, endpoints)));
  };
  if (now - sale.received_at > absl::Hours(24) * rules_.pix_window_days) {
    return decline(kDeadlineExpired, "Refund deadline expired");
  }
  if (sale.last_cancellation_at.has_value() &&
      now - *sale.last_cancellation_at < rules_.min_cancel_interval) {
    return decline(kInProcessing, "Cancellation in processing");
  }
  if (!merchant.pix_balance) {
    constexpr char kMessage[] = "Merchant with insufficient balance for refund";
    return RejectLocked(request, amount, now, 422, "422", kMessage, CieloErrorBody(422, kMessage));
  }
  const int64_t remaining = sale.RemainingAmount();
  const int64_t refund = amount.value_or(remaining);
  if (refund > remaining || refund <= 0) {
    return decline(kAboveRemaining, "Refund amount above the sale's remaining amount");
  }
  sale.last_cancellation_at = now;
  sale.refunds.push_back(
      {refund, cielo_refund_status::kScheduledPix, now, now + rules_.pix_settle_delay});
  scheduled_pix_.insert(sale.payment_id);
  RecordExecutionLocked(sale, refund, !amount.has_value(), request, now);
  WireReply reply{200, DumpJson(CieloPixRefundScheduledBody(sale, endpoints))};
  // A zero settle delay completes at once; the answer above still says "Scheduled".
  SettleLocked(now);
  return reply;
}

WireReply CieloEcommerceBook::RejectLocked(const CieloVoidRequest& request,
                                           std::optional<int64_t> amount, absl::Time now,
                                           int http_status, const std::string& code,
                                           const std::string& message, std::string body) {
  LedgerRejection rejection;
  rejection.provider = kProvider;
  rejection.payment_id = absl::AsciiStrToLower(request.payment_id);
  rejection.amount = amount;
  rejection.total = !request.amount.has_value();
  rejection.at = now;
  rejection.request_id = request.request_id;
  rejection.http_status = http_status;
  rejection.code = code;
  rejection.message = message;
  ledger_.RecordRejection(std::move(rejection));
  return {http_status, std::move(body)};
}

void CieloEcommerceBook::RecordExecutionLocked(const CieloSale& sale, int64_t amount, bool total,
                                               const CieloVoidRequest& request, absl::Time now) {
  LedgerExecution execution;
  execution.provider = kProvider;
  execution.payment_id = sale.payment_id;
  execution.amount = amount;
  execution.total = total;
  execution.at = now;
  execution.request_id = request.request_id;
  execution.status_after = absl::StrCat(sale.status);
  ledger_.RecordExecution(std::move(execution));
}

}  // namespace cancela::sandbox
