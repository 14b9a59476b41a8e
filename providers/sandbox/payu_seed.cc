#include "providers/sandbox/payu_seed.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace cancela::sandbox::payu_seed {
namespace {

absl::Duration Days(int n) { return absl::Hours(24 * n); }

PayuSaleSpec Sale(int n, const char* country, const char* currency, int64_t amount,
                  const char* brand, absl::Duration age, bool captured = true) {
  PayuSaleSpec s;
  s.order_id = absl::StrCat(9000000000 + n);
  s.transaction_id = absl::StrFormat("5eed9a70-0000-4000-8000-%012d", n);
  s.merchant = kMerchant;
  s.country = country;
  s.currency = currency;
  s.amount_minor_units = amount;
  s.payment_method = brand;
  s.age = age;
  s.captured = captured;
  return s;
}

}  // namespace

std::vector<PayuMerchant> Merchants() { return {{kMerchant, kApiLogin, kApiKey}}; }

std::vector<PayuSaleSpec> Sales() {
  std::vector<PayuSaleSpec> s;
  // Argentina: ARS, whole pesos only.
  s.push_back(Sale(1, "AR", "ARS", 100000, "VISA", Days(2)));   // the README walkthrough
  s.push_back(Sale(2, "AR", "ARS", 50000, "MASTERCARD", Days(1), false));
  s.push_back(Sale(3, "AR", "ARS", 80000, "VISA", Days(200)));  // partial too old, total fine
  // Brazil.
  s.push_back(Sale(11, "BR", "BRL", 25000, "VISA", Days(10)));
  s.back().network = "CIELO";
  s.push_back(Sale(12, "BR", "BRL", 12000, "PIX", Days(5)));
  s.back().network = "PIX";
  s.back().card_type = "";
  s.push_back(Sale(13, "BR", "BRL", 9900, "ELO", Days(1), false));
  s.push_back(Sale(14, "BR", "BRL", 30000, "MASTERCARD", Days(3)));
  s.back().review = PayuReview::kDecline;  // PayU's staff decline its refunds
  // Chile: CLP has no minor unit.
  s.push_back(Sale(21, "CL", "CLP", 15000, "VISA", Days(2)));
  s.push_back(Sale(22, "CL", "CLP", 8000, "MASTERCARD", absl::Hours(1), false));  // void within 3 h
  s.push_back(Sale(23, "CL", "CLP", 5000, "VISA", Days(2)));
  s.back().network = "WEBPAY_PLUS";  // no refunds
  // Colombia: no voids; no partials for international cards.
  s.push_back(Sale(31, "CO", "COP", 15000000, "VISA", Days(2)));
  s.push_back(Sale(32, "CO", "COP", 9000000, "MASTERCARD", Days(2)));
  s.back().issuer_country = "US";
  s.push_back(Sale(33, "CO", "COP", 4000000, "VISA", Days(1), false));
  // Mexico: whole pesos only; AmEx voids within 7 days; Bancomer refunds within 45 days.
  s.push_back(Sale(41, "MX", "MXN", 150000, "VISA", Days(2)));
  s.push_back(Sale(42, "MX", "MXN", 70000, "AMEX", Days(3), false));
  s.push_back(Sale(43, "MX", "MXN", 60000, "VISA", Days(60)));
  s.back().network = "BANCOMER";
  // Panama: USD, no voids.
  s.push_back(Sale(51, "PA", "USD", 12000, "VISA", Days(2)));
  // Peru: instalments, Visanet, Diners.
  s.push_back(Sale(61, "PE", "PEN", 60000, "VISA", Days(3)));
  s.back().installments = 3;
  s.back().network = "VISANET";
  s.push_back(Sale(62, "PE", "PEN", 20000, "DINERS", Days(5), false));
  s.push_back(Sale(63, "PE", "USD", 5000, "MASTERCARD", absl::Minutes(5)));  // too early to refund
  return s;
}

}  // namespace cancela::sandbox::payu_seed
