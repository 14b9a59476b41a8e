#include "service/letters/letter_facts.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cancela/v1/sale_reference.pb.h"
#include "common/errors.h"
#include "common/scrub.h"
#include "service/core/fingerprint.h"

namespace cancela::letters {
namespace {

void AddIdentifier(LetterFacts& facts, const char* key, const std::string& value) {
  if (!value.empty()) facts.identifiers.push_back({key, value});
}

// The sale reference's own facts: identifiers, and for Cielo Única the merchant, date, amount and
// card, which it carries itself.
void AddSaleReference(const v1::SaleReference& sale, LetterFacts& facts) {
  switch (sale.sale_case()) {
    case v1::SaleReference::kCieloEcommerce:
      AddIdentifier(facts, "payment_id", sale.cielo_ecommerce().payment_id());
      break;
    case v1::SaleReference::kCieloCheckout:
      AddIdentifier(facts, "order_number", sale.cielo_checkout().order_number());
      break;
    case v1::SaleReference::kCieloUnica: {
      const v1::CieloUnicaSale& unica = sale.cielo_unica();
      if (facts.merchant_id.empty()) facts.merchant_id = unica.merchant_id();
      AddIdentifier(facts, "authorization_code", unica.authorization_code());
      AddIdentifier(facts, "nsu", unica.nsu());
      AddIdentifier(facts, "tid", unica.tid());
      facts.sale_date = unica.sale_date();
      if (unica.has_sale_amount() && facts.sale_amount_minor_units == 0) {
        facts.sale_amount_minor_units = unica.sale_amount().amount_minor_units();
      }
      if (facts.card_last_four.empty()) facts.card_last_four = LastFourDigits(unica.card_last_four());
      break;
    }
    case v1::SaleReference::kPayu:
      AddIdentifier(facts, "order_id", sale.payu().order_id());
      AddIdentifier(facts, "transaction_id", sale.payu().parent_transaction_id());
      break;
    case v1::SaleReference::kZoop:
      if (facts.merchant_id.empty()) facts.merchant_id = sale.zoop().on_behalf_of();
      AddIdentifier(facts, "transaction_id", sale.zoop().transaction_id());
      break;
    case v1::SaleReference::SALE_NOT_SET:
      break;
  }
}

absl::Time CompletedTime(const store::OperationRecord& record) {
  for (const store::StatusChange& change : record.history) {
    if (change.status == v1::OPERATION_STATUS_SUCCEEDED) return change.time;
  }
  return record.update_time;
}

const char* MethodName(providers::PaymentMethod method) {
  switch (method) {
    case providers::PaymentMethod::kCreditCard: return "credit_card";
    case providers::PaymentMethod::kDebitCard: return "debit_card";
    case providers::PaymentMethod::kPix: return "pix";
    case providers::PaymentMethod::kVoucher: return "voucher";
    case providers::PaymentMethod::kOther: return "other";
    case providers::PaymentMethod::kUnknown: break;
  }
  return "";
}

std::string Escaped(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Utc(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", t, absl::UTCTimeZone()); }

}  // namespace

std::string LastFourDigits(std::string_view card) {
  if (card.size() < 4) return "";
  const std::string_view last = card.substr(card.size() - 4);
  for (char c : last) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return "";
  }
  return std::string(last);
}

absl::StatusOr<LetterFacts> GatherFacts(const store::OperationRecord& record,
                                        const std::optional<providers::SaleSnapshot>& sale,
                                        const MerchantIdentity& merchant) {
  if (record.status != v1::OPERATION_STATUS_SUCCEEDED) {
    return MakeError(absl::StatusCode::kFailedPrecondition, v1::LETTER_NOT_AVAILABLE,
                     "only a SUCCEEDED operation has a cancellation letter",
                     {{"operationId", record.operation_id}});
  }
  v1::SaleReference sale_reference;
  if (!sale_reference.ParseFromString(record.sale_reference)) {
    return MakeError(absl::StatusCode::kInternal, v1::INTERNAL_ERROR, "stored sale unreadable");
  }
  LetterFacts facts;
  facts.operation_id = record.operation_id;
  facts.provider = record.provider;
  facts.provider_account = record.provider_account;
  facts.merchant_name = merchant.name.empty() ? record.provider_account : merchant.name;
  facts.merchant_id = merchant.id;
  facts.kind = record.kind;
  facts.total = record.total;
  facts.sale_amount_minor_units = record.sale_amount_minor_units;
  facts.currency = record.currency;
  facts.cancelled_minor_units = record.amount_minor_units;
  facts.status = record.status;
  facts.requested_time = record.create_time;
  facts.completed_time = CompletedTime(record);
  facts.provider_reference = record.echo.reference;
  if (sale) {
    facts.payment_method = sale->method;
    facts.card_brand = sale->brand;
    facts.card_last_four = LastFourDigits(sale->card_last_four);
    if (sale->sale_time != absl::InfinitePast()) facts.sale_time = sale->sale_time;
  }
  AddSaleReference(sale_reference, facts);
  if (sale && !sale->reference.empty()) {
    AddIdentifier(facts, sale->method == providers::PaymentMethod::kPix ? "end_to_end_id"
                                                                         : "proof_of_sale",
                  sale->reference);
  }
  if (facts.provider_reference == (sale ? sale->reference : std::string())) {
    facts.provider_reference.clear();  // already listed with the sale
  }
  // A letter is a document people keep and forward: whatever a provider or a caller wrote into
  // it is scrubbed, identifiers included (here they are only shown, never looked up).
  for (std::string* text : {&facts.merchant_name, &facts.merchant_id, &facts.card_brand,
                            &facts.provider_reference}) {
    ScrubInPlace(*text);
  }
  for (SaleIdentifier& id : facts.identifiers) ScrubInPlace(id.value);
  return facts;
}

std::string CanonicalForm(const LetterFacts& f) {
  std::string out = "cancela-letter-facts/v1\n";
  auto line = [&out](const char* key, const std::string& value) {
    absl::StrAppend(&out, key, "=", Escaped(value), "\n");
  };
  line("operation_id", f.operation_id);
  line("provider", f.provider);
  line("provider_account", f.provider_account);
  line("merchant_name", f.merchant_name);
  line("merchant_id", f.merchant_id);
  line("kind", v1::OperationKind_Name(f.kind));
  line("total", f.total ? "true" : "false");
  line("payment_method", MethodName(f.payment_method));
  line("card_brand", f.card_brand);
  line("card_last_four", f.card_last_four);
  line("sale_time", f.sale_time ? Utc(*f.sale_time) : "");
  line("sale_date", f.sale_date);
  line("sale_amount_minor_units", absl::StrCat(f.sale_amount_minor_units));
  line("currency", f.currency);
  for (const SaleIdentifier& id : f.identifiers) {
    line(absl::StrCat("sale.", id.key).c_str(), id.value);
  }
  line("cancelled_minor_units", absl::StrCat(f.cancelled_minor_units));
  line("status", v1::OperationStatus_Name(f.status));
  line("requested_time", Utc(f.requested_time));
  line("completed_time", Utc(f.completed_time));
  line("provider_reference", f.provider_reference);
  return out;
}

std::string VerificationHash(const LetterFacts& facts) {
  return core::Sha256Hex(CanonicalForm(facts));
}

}  // namespace cancela::letters
