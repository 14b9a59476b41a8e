#include "providers/sandbox/cielo_ecommerce_seed.h"

#include <string>

namespace cancela::sandbox::cielo_seed {
namespace {

CieloSaleSpec Spec(const char* payment_id, const char* merchant, CieloPaymentType type,
                   CieloSaleState state, int64_t amount, const char* brand, int days_ago,
                   const char* order_id) {
  CieloSaleSpec spec;
  spec.payment_id = payment_id;
  spec.merchant = merchant;
  spec.type = type;
  spec.state = state;
  spec.amount = amount;
  spec.brand = type == CieloPaymentType::kPix ? "" : brand;
  spec.received_days_ago = days_ago;
  spec.merchant_order_id = order_id;
  return spec;
}

}  // namespace

std::vector<CieloMerchant> Merchants() {
  return {
      {kLojaCentro, kLojaCentroMerchantId, kLojaCentroMerchantKey, /*pix_balance=*/true},
      {kLojaSemSaldo, kLojaSemSaldoMerchantId, kLojaSemSaldoMerchantKey, /*pix_balance=*/false},
      {kGlobex, kGlobexMerchantId, kGlobexMerchantKey, /*pix_balance=*/true},
  };
}

std::vector<CieloSaleSpec> Sales() {
  using Type = CieloPaymentType;
  using State = CieloSaleState;
  return {
      Spec(kCapturedCredit1, kLojaCentro, Type::kCreditCard, State::kCaptured, 10000, "Visa", 10,
           "seed-credito-10d-1"),
      Spec(kCapturedCredit2, kLojaCentro, Type::kCreditCard, State::kCaptured, 10000, "Visa", 10,
           "seed-credito-10d-2"),
      Spec(kCapturedCredit3, kLojaCentro, Type::kCreditCard, State::kCaptured, 10000, "Visa", 10,
           "seed-credito-10d-3"),
      Spec(kCapturedCreditToday, kLojaCentro, Type::kCreditCard, State::kCaptured, 5000, "Master",
           0, "seed-credito-hoje"),
      Spec(kAuthorizedCredit, kLojaCentro, Type::kCreditCard, State::kAuthorized, 7500, "Visa", 0,
           "seed-credito-autorizado"),
      Spec(kCapturedDebit, kLojaCentro, Type::kDebitCard, State::kCaptured, 8000, "Visa", 5,
           "seed-debito-5d"),
      Spec(kPixPaid, kLojaCentro, Type::kPix, State::kCaptured, 12000, "", 10, "seed-pix-10d"),
      Spec(kPixPaidOld, kLojaCentro, Type::kPix, State::kCaptured, 3000, "", 100, "seed-pix-100d"),
      Spec(kPixNoBalance, kLojaSemSaldo, Type::kPix, State::kCaptured, 4500, "", 10,
           "seed-pix-sem-saldo"),
      Spec(kCapturedCreditOld, kLojaCentro, Type::kCreditCard, State::kCaptured, 10000, "Elo", 400,
           "seed-credito-400d"),
      Spec(kDeniedCredit, kLojaCentro, Type::kCreditCard, State::kDenied, 1500, "Visa", 1,
           "seed-credito-negado"),
      Spec(kGlobexCapturedCredit, kGlobex, Type::kCreditCard, State::kCaptured, 20000, "Master", 10,
           "seed-globex-10d"),
  };
}

}  // namespace cancela::sandbox::cielo_seed
