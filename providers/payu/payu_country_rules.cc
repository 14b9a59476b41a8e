#include "providers/payu/payu_country_rules.h"

#include "absl/strings/ascii.h"

namespace cancela::providers::payu {
namespace {

absl::Duration Days(int n) { return absl::Hours(24 * n); }

std::vector<CountryRules> MakeTable() {
  std::vector<CountryRules> t;

  // Argentina.
  CountryRules ar;
  ar.country = "AR";
  ar.currencies = {"ARS"};
  ar.void_window = Days(14);               // "tempo máximo para enviar um cancelamento é de 14 dias"
  ar.refund_min_delay = absl::Minutes(10);  // "mínimo ... 10 minutos após a aprovação"
  ar.refund_window = Days(365);            // "o máximo é 365 dias"
  ar.partial_refund_window = Days(180);    // "e 180 dias para reembolsos parciais"
  ar.whole_units_only = true;              // "reembolsos com casas decimais não são aceitos"
  t.push_back(ar);

  // Brazil.
  CountryRules br;
  br.country = "BR";
  br.currencies = {"BRL"};
  br.void_window = Days(7);                 // "tempo máximo para enviar um cancelamento é de 7 dias"
  br.refund_min_delay = absl::Minutes(10);  // "mínimo ... 10 minutos após a aprovação"
  br.refund_window = Days(90);  // other networks: not stated; the shorter of the two named
  br.refund_window_by_network = {{"PIX", Days(90)},        // "90 dias para transações com PIX
                                 {"REDECARD", Days(90)},   //  ou processadas na Redecard"
                                 {"CIELO", Days(120)}};    // "120 dias ... processadas na Cielo"
  br.pix_single_refund = true;  // PayU-site 2023 (providers.md §3.5), not in the seed
  t.push_back(br);

  // Chile.
  CountryRules cl;
  cl.country = "CL";
  cl.currencies = {"CLP"};
  cl.void_window = absl::Hours(3);          // "nas primeiras três horas após a autorização"
  cl.refund_min_delay = absl::Minutes(10);  // "mínimo ... 10 minutos após a aprovação"
  cl.refund_window = Days(90);              // "o máximo é 90 dias"
  cl.networks_without_refunds = {"WEBPAY_PLUS"};  // "transações processadas por WebPay Plus não"
  cl.prepaid_refund_window = absl::Hours(1);  // pré-pagos: "na primeira hora após a cobrança"
  cl.whole_units_only = true;                 // "reembolsos com casas decimais não são aceitos"
  cl.min_refund_minor_units = {{"CLP", 10}};  // "o valor mínimo ... é de 10 CLP"
  t.push_back(cl);

  // Colombia.
  CountryRules co;
  co.country = "CO";
  co.currencies = {"COP"};
  co.void_supported = false;                  // "não há suporte para cancelamentos"
  co.refund_min_delay = absl::Minutes(10);    // "mínimo ... 10 minutos após a aprovação"
  co.refund_window = Days(2 * 365);           // "o máximo é de dois anos"
  co.min_refund_minor_units = {{"COP", 10000}};  // "100 COP" (the SDK page says 300 [U])
  co.partial_for_international_cards = false;  // "parciais não ... cartões de crédito internacionais"
  t.push_back(co);

  // Mexico.
  CountryRules mx;
  mx.country = "MX";
  mx.currencies = {"MXN"};
  mx.void_min_delay = absl::Minutes(10);          // "tempo mínimo ... cancelamento é de 10 minutos"
  mx.void_window = Days(30);                      // "e o máximo é de 30 dias"
  mx.void_window_by_brand = {{"AMEX", Days(7)}};  // "American Express, o prazo máximo é de 7 dias"
  mx.refund_min_delay = absl::Minutes(10);        // "mínimo ... 10 minutos após a aprovação"
  mx.refund_window = Days(180);                   // "o máximo é 180 dias"
  mx.refund_window_by_network = {{"BANCOMER", Days(45)}};  // "pelo Bancomer, ... 45 dias"
  mx.whole_units_only = true;  // "reembolsos com casas decimais não são aceitos"
  t.push_back(mx);

  // Panama.
  CountryRules pa;
  pa.country = "PA";
  pa.currencies = {"USD"};
  pa.void_supported = false;                // "não há suporte para cancelamentos"
  pa.refund_min_delay = absl::Minutes(10);  // "mínimo ... 10 minutos após a aprovação"
  pa.refund_window = Days(180);             // "o máximo é 180 dias"
  t.push_back(pa);

  // Peru.
  CountryRules pe;
  pe.country = "PE";
  pe.currencies = {"PEN", "USD"};
  pe.void_window = Days(11);  // other brands: not stated; the shortest of the four named
  pe.void_window_by_brand = {{"VISA", Days(21)},        // "Visa: 21 dias"
                             {"MASTERCARD", Days(28)},  // "Mastercard: 28 dias"
                             {"AMEX", Days(30)},        // "American Express: 30 dias"
                             {"DINERS", Days(11)}};     // "Diners: 11 dias"
  pe.refund_min_delay = absl::Minutes(10);  // "mínimo ... 10 minutos após a aprovação"
  pe.refund_window = Days(180);             // "o máximo é 180 dias"
  pe.partial_with_installments = false;     // "parciais são aceitos para transações sem parcelamento"
  pe.partial_min_delay_by_network = {{"VISANET", Days(1)}};  // "com visanet ... após um dia"
  pe.min_refund_minor_units = {{"PEN", 100}, {"USD", 100}};  // "1 USD ou 1 PEN"
  t.push_back(pe);

  return t;
}

std::string Canonical(const std::string& name) {
  std::string out = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(name));
  for (char& c : out) {
    if (c == ' ' || c == '-') c = '_';
  }
  return out;
}

}  // namespace

const std::vector<CountryRules>& DefaultCountryRules() {
  static const std::vector<CountryRules>* const kTable = new std::vector<CountryRules>(MakeTable());
  return *kTable;
}

std::string BrandOf(const std::string& payment_method) {
  const std::string b = Canonical(payment_method);
  if (b == "AMERICAN_EXPRESS") return "AMEX";
  if (b == "MASTER") return "MASTERCARD";
  if (b == "DINERS_CLUB") return "DINERS";
  return b;
}

std::string NetworkOf(const std::string& network) {
  const std::string n = Canonical(network);
  if (n == "REDE") return "REDECARD";
  if (n == "WEBPAY" || n == "WEBPAYPLUS") return "WEBPAY_PLUS";
  return n;
}

}  // namespace cancela::providers::payu
