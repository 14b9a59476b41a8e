#include "service/letters/letter_document.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "service/core/currency.h"

namespace cancela::letters {
namespace {

bool English(v1::LetterLanguage language) { return language == v1::LETTER_LANGUAGE_EN_US; }

// Picks the Portuguese or the English wording.
struct Say {
  bool en;
  const char* operator()(const char* pt, const char* english) const { return en ? english : pt; }
};

// Groups of three digits: "1234567" → "1.234.567".
std::string Grouped(int64_t value, char separator) {
  std::string digits = absl::StrCat(value);
  std::string out;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

struct Zone {
  absl::TimeZone zone;
  std::string pt;  // how the letter names it
  std::string en;
};

Zone LoadZone(const char* name, const char* pt, const char* en, int fixed_offset_hours) {
  Zone z{absl::FixedTimeZone(fixed_offset_hours * 3600), pt, en};
  absl::TimeZone loaded;
  if (absl::LoadTimeZone(name, &loaded)) z.zone = loaded;  // tzdata; the fixed offset otherwise
  return z;
}

// The sale's local time, written "20/11/2026 às 15:00 (horário de Brasília)" or
// "Nov 20, 2026, 03:00 PM (Brasília time)": Brasília for the Brazilian providers and for BRL; for PayU the country
// of the currency.
Zone ZoneOf(const LetterFacts& facts) {
  const std::string& c = facts.currency;
  if (facts.provider == "payu" && c != "BRL") {
    if (c == "COP") return LoadZone("America/Bogota", "horário de Bogotá", "Bogotá time", -5);
    if (c == "MXN") return LoadZone("America/Mexico_City", "horário da Cidade do México", "Mexico City time", -6);
    if (c == "PEN") return LoadZone("America/Lima", "horário de Lima", "Lima time", -5);
    if (c == "ARS") return LoadZone("America/Argentina/Buenos_Aires", "horário de Buenos Aires", "Buenos Aires time", -3);
    if (c == "CLP") return LoadZone("America/Santiago", "horário de Santiago", "Santiago time", -3);
    return Zone{absl::UTCTimeZone(), "UTC", "UTC"};
  }
  return LoadZone("America/Sao_Paulo", "horário de Brasília", "Brasília time", -3);
}

std::string FormatIn(absl::Time t, const Zone& zone, v1::LetterLanguage language) {
  if (English(language)) {
    return absl::StrCat(absl::FormatTime("%b %d, %Y, %I:%M %p", t, zone.zone), " (", zone.en, ")");
  }
  return absl::StrCat(absl::FormatTime("%d/%m/%Y às %H:%M", t, zone.zone), " (", zone.pt, ")");
}

// "2026-11-10" → "10/11/2026" or "Nov 10, 2026"; anything else verbatim.
std::string FormatDate(const std::string& iso_date, v1::LetterLanguage language) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(iso_date, &day)) return iso_date;
  const absl::Time noon = absl::FromCivil(absl::CivilSecond(day) + 12 * 3600, absl::UTCTimeZone());
  return absl::FormatTime(English(language) ? "%b %d, %Y" : "%d/%m/%Y", noon, absl::UTCTimeZone());
}

std::string ProviderName(const std::string& provider) {
  if (provider == "cielo_ecommerce") return "Cielo E-commerce";
  if (provider == "cielo_checkout") return "Cielo Checkout";
  if (provider == "cielo_unica") return "Cielo (API Única de Cancelamento)";
  if (provider == "payu") return "PayU Latam";
  if (provider == "zoop") return "Zoop";
  return provider;
}

std::string KindName(const LetterFacts& f, Say say) {
  if (f.kind == v1::OPERATION_KIND_VOID) {
    return f.total ? say("Cancelamento total", "Void") : say("Cancelamento parcial", "Partial void");
  }
  return f.total ? say("Estorno total", "Full refund") : say("Estorno parcial", "Partial refund");
}

std::string MethodName(const LetterFacts& f, Say say) {
  std::string name;
  switch (f.payment_method) {
    case providers::PaymentMethod::kCreditCard: name = say("Cartão de crédito", "Credit card"); break;
    case providers::PaymentMethod::kDebitCard: name = say("Cartão de débito", "Debit card"); break;
    case providers::PaymentMethod::kPix: name = "Pix"; break;
    case providers::PaymentMethod::kVoucher: name = say("Vale (voucher)", "Voucher"); break;
    case providers::PaymentMethod::kOther: name = say("Outro", "Other"); break;
    case providers::PaymentMethod::kUnknown: break;
  }
  if (!f.card_brand.empty()) name = name.empty() ? f.card_brand : absl::StrCat(name, " ", f.card_brand);
  return name;
}

std::string IdentifierLabel(const std::string& key, Say say) {
  if (key == "payment_id") return "PaymentId";
  if (key == "authorization_code") return say("Código de autorização", "Authorization code");
  if (key == "nsu") return "NSU";
  if (key == "tid") return "TID";
  if (key == "proof_of_sale") return say("NSU (comprovante de venda)", "NSU (proof of sale)");
  if (key == "end_to_end_id") return "EndToEndId (Pix)";
  if (key == "order_number") return say("Número do pedido", "Order number");
  if (key == "order_id") return say("Pedido", "Order id");
  if (key == "transaction_id") return say("Transação", "Transaction id");
  return key;
}

}  // namespace

std::string FormatAmount(int64_t minor_units, const std::string& currency,
                         v1::LetterLanguage language) {
  const int exponent = core::MinorUnitExponent(currency).value_or(2);
  int64_t scale = 1;
  for (int i = 0; i < exponent; ++i) scale *= 10;
  const bool negative = minor_units < 0;
  const int64_t magnitude = negative ? -minor_units : minor_units;
  const bool en = English(language);
  std::string number = Grouped(magnitude / scale, en ? ',' : '.');
  if (exponent > 0) {
    std::string fraction = absl::StrCat(magnitude % scale);
    fraction.insert(0, static_cast<size_t>(exponent) - fraction.size(), '0');
    absl::StrAppend(&number, en ? "." : ",", fraction);
  }
  const std::string symbol = !en && currency == "BRL" ? "R$" : currency;
  return absl::StrCat(negative ? "-" : "", symbol, " ", number);
}

LetterDocument ComposeLetter(const LetterFacts& f, const std::string& hash,
                             v1::LetterLanguage language) {
  const Say say{English(language)};
  const Zone zone = ZoneOf(f);
  const std::string provider = ProviderName(f.provider);
  const std::string cancelled = FormatAmount(f.cancelled_minor_units, f.currency, language);
  LetterDocument d;
  d.language_tag = say("pt-BR", "en-US");
  d.title = say("Carta de Cancelamento", "Cancellation Letter");
  d.subtitle = say("Comprovante de cancelamento de venda", "Proof that a sale was cancelled");
  d.statement = say.en
      ? absl::StrCat("We confirm that the operation below, requested through cancela, was completed "
                     "successfully with ", provider, ": ", cancelled, " of the sale described below ",
                     f.kind == v1::OPERATION_KIND_VOID ? "was voided" : "was refunded",
                     " to the cardholder or payer.")
      : absl::StrCat("Declaramos, para os devidos fins, que a operação abaixo, solicitada por meio do "
                     "cancela, foi concluída com sucesso junto a ", provider, ": ", cancelled,
                     " da venda descrita a seguir ",
                     f.kind == v1::OPERATION_KIND_VOID ? "foram cancelados" : "foram estornados",
                     " ao portador do cartão ou pagador.");

  LetterSection merchant{say("Estabelecimento", "Merchant"), {}};
  merchant.rows.push_back({say("Nome", "Name"), f.merchant_name});
  if (!f.merchant_id.empty()) {
    merchant.rows.push_back({say("Código do estabelecimento", "Merchant id"), f.merchant_id});
  }
  merchant.rows.push_back({say("Provedor", "Provider"), provider});
  merchant.rows.push_back({say("Conta no cancela", "cancela account"), f.provider_account});
  d.sections.push_back(std::move(merchant));

  LetterSection sale{say("Venda", "Sale"), {}};
  if (f.sale_time) {
    sale.rows.push_back({say("Data da venda", "Sale date"), FormatIn(*f.sale_time, zone, language)});
  } else if (!f.sale_date.empty()) {
    sale.rows.push_back({say("Data da venda", "Sale date"), FormatDate(f.sale_date, language)});
  }
  sale.rows.push_back({say("Valor da venda", "Sale amount"),
                       FormatAmount(f.sale_amount_minor_units, f.currency, language)});
  if (const std::string method = MethodName(f, say); !method.empty()) {
    sale.rows.push_back({say("Forma de pagamento", "Payment method"), method});
  }
  if (!f.card_last_four.empty()) {
    sale.rows.push_back({say("Cartão", "Card"),
                         absl::StrCat(say("final ", "ending in "), f.card_last_four)});
  }
  for (const SaleIdentifier& id : f.identifiers) {
    sale.rows.push_back({IdentifierLabel(id.key, say), id.value});
  }
  d.sections.push_back(std::move(sale));

  LetterSection cancellation{say("Cancelamento", "Cancellation"), {}};
  cancellation.rows.push_back({say("Tipo", "Type"), KindName(f, say)});
  cancellation.rows.push_back({say("Valor cancelado", "Cancelled amount"), cancelled});
  cancellation.rows.push_back({say("Solicitado em", "Requested on"),
                               FormatIn(f.requested_time, zone, language)});
  cancellation.rows.push_back({say("Concluído em", "Completed on"),
                               FormatIn(f.completed_time, zone, language)});
  cancellation.rows.push_back({say("Situação final", "Final status"),
                               say("Concluído com sucesso", "Succeeded")});
  cancellation.rows.push_back({say("Operação", "Operation"), f.operation_id});
  if (!f.provider_reference.empty()) {
    cancellation.rows.push_back(
        {say("Referência do provedor", "Provider's reference"), f.provider_reference});
  }
  d.sections.push_back(std::move(cancellation));

  d.hash_label = say("Código de verificação (SHA-256 dos fatos desta carta)",
                     "Verification code (SHA-256 of this letter's facts)");
  d.hash = hash;
  d.footer = say.en
      ? "Issued electronically by cancela; it requires no signature. The verification code is "
        "computed from the operation's recorded facts, so anyone holding them can check this letter."
      : "Emitida eletronicamente pelo cancela; este documento não requer assinatura. O código de "
        "verificação é calculado a partir dos fatos registrados da operação, e quem os tiver pode "
        "conferir esta carta.";
  d.issue_time = f.completed_time;
  return d;
}

}  // namespace cancela::letters
