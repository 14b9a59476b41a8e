#include "providers/sandbox/cielo_checkout_seed.h"

namespace cancela::sandbox::checkout_seed {
namespace {

CheckoutOrderSpec Spec(const char* number, const char* merchant, const char* type, int status,
                       int64_t items, int64_t shipping, int days_ago, const char* merchant_order) {
  CheckoutOrderSpec spec;
  spec.order_number = number;
  spec.merchant = merchant;
  spec.payment_type = type;
  spec.status = status;
  spec.items_amount = items;
  spec.shipping_amount = shipping;
  spec.days_ago = days_ago;
  spec.merchant_order_number = merchant_order;
  spec.brand = std::string(type) == "creditCard" || std::string(type) == "debitCard" ? "Visa" : "";
  return spec;
}

}  // namespace

std::vector<CheckoutMerchant> Merchants() {
  return {
      {kLojaCheckout, "0c0a0000-0000-4000-8000-000000000001", kLojaCheckoutClientId,
       kLojaCheckoutClientSecret},
      {kGlobexCheckout, "0c0a0000-0000-4000-8000-000000000002", kGlobexCheckoutClientId,
       kGlobexCheckoutClientSecret},
  };
}

std::vector<CheckoutOrderSpec> Orders() {
  namespace st = checkout_status;
  return {
      Spec(kPaidCredit1, kLojaCheckout, "creditCard", st::kPaid, 12000, 3000, 10,
           kSharedMerchantOrderNumber),
      Spec(kPaidCredit2, kLojaCheckout, "creditCard", st::kPaid, 10000, 0, 10,
           kSharedMerchantOrderNumber),
      Spec(kPaidCredit3, kLojaCheckout, "creditCard", st::kPaid, 20000, 0, 10, "PEDIDO1003"),
      Spec(kAuthorizedCredit, kLojaCheckout, "creditCard", st::kAuthorized, 7500, 0, 1,
           "PEDIDO1004"),
      Spec(kPaidDebit, kLojaCheckout, "debitCard", st::kPaid, 8000, 0, 5, "PEDIDO1005"),
      Spec(kPaidPix, kLojaCheckout, "pix", st::kPaid, 4000, 0, 3, "PEDIDO1006"),
      Spec(kPaidBoleto, kLojaCheckout, "boleto", st::kPaid, 9900, 0, 8, "PEDIDO1007"),
      Spec(kVoidedCredit, kLojaCheckout, "creditCard", st::kVoided, 5000, 0, 2, "PEDIDO1008"),
      Spec(kOldPaidCredit, kLojaCheckout, "creditCard", st::kPaid, 6000, 0, 50, "PEDIDO1009"),
      Spec(kDeniedCredit, kLojaCheckout, "creditCard", st::kDenied, 3000, 0, 1, "PEDIDO1010"),
      Spec(kChargebackCredit, kLojaCheckout, "creditCard", st::kChargeback, 4500, 0, 20,
           "PEDIDO1011"),
      Spec(kGlobexPaidCredit, kGlobexCheckout, "creditCard", st::kPaid, 11000, 0, 10,
           "GLOBEX2001"),
  };
}

}  // namespace cancela::sandbox::checkout_seed
