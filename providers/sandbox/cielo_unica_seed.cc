#include "providers/sandbox/cielo_unica_seed.h"

#include "providers/sandbox/brasilia_time.h"

namespace cancela::sandbox::cielo_unica_seed {
namespace {

UnicaSale Sale(const char* ec, const char* root, const char* auth, const char* nsu,
               absl::CivilDay day, int64_t amount, const char* product, const char* brand) {
  UnicaSale s;
  s.merchant_id = ec;
  s.cnpj_root = root;
  s.authorization_code = auth;
  s.nsu = nsu;
  s.sale_day = day;
  s.amount = amount;
  s.product = product;
  s.brand = brand;
  return s;
}

}  // namespace

std::vector<UnicaClient> Clients() {
  return {{kClientId, kClientSecret, {"12345678", "87654321"}},
          {kOtherClientId, kOtherClientSecret, {"99999999"}}};
}

std::vector<UnicaSale> Sales(absl::Time now) {
  const absl::CivilDay today = BrasiliaDay(now);
  const absl::CivilDay before = today - 3;
  std::vector<UnicaSale> sales = {
      Sale("2005157770", "12345678", "546441", "515027", before, 70000, "credit", "Visa"),
      Sale("2005157771", "12345678", "546442", "515028", before, 15000, "credit", "Mastercard"),
      Sale("2005157770", "12345678", "546443", "515029", before, 8000, "debit", "Visa"),
      Sale("2005157770", "12345678", "546444", "515030", before, 12000, "debit", "Mastercard"),
      Sale("2005157770", "12345678", "546445", "515031", before, 4500, "voucher", "Alelo"),
      Sale("2005157770", "12345678", "546446", "515032", before, 6000, "pix", ""),
      Sale("2005157770", "12345678", "546447", "515033", before, 30000, "pre_authorization", "Visa"),
      Sale("3005157770", "87654321", "546448", "515034", before, 9000, "credit", "Elo"),
      Sale("2005157770", "12345678", "546449", "515035", today, 5000, "credit", "Visa"),
      Sale("2005157770", "12345678", "546450", "515036", before, 7500, "credit", "Visa"),
      Sale("2005157770", "12345678", "546451", "515037", before, 2000, "credit", "Visa"),
      Sale("4005157770", "99999999", "546452", "515038", before, 3300, "credit", "Visa"),
  };
  sales[0].tid = "20051577703PPIQIJ7FB";
  sales[0].card_last_four = "0034";
  sales[9].forced_code = 72;     // no agenda balance at batch time
  sales[10].force_failed = true;  // Cielo's systems fail at batch time
  return sales;
}

}  // namespace cancela::sandbox::cielo_unica_seed
