#pragma once
// The Checkout simulator's demo data: fixed merchants (OAuth clients) and orders, so READMEs,
// manual tries and tests can name them. Order ages are relative to the sandbox clock when the
// simulator starts or is reset. README.md in this directory lists them.

#include <vector>

#include "providers/sandbox/cielo_checkout_book.h"

namespace cancela::sandbox::checkout_seed {

// Merchants. Sandbox-only credentials, never real ones.
inline constexpr char kLojaCheckout[] = "loja-checkout";
inline constexpr char kLojaCheckoutClientId[] = "c4ec0000-0000-4000-8000-000000000001";
inline constexpr char kLojaCheckoutClientSecret[] = "LOJACHECKOUTSANDBOXSECRET000000000000001";
inline constexpr char kGlobexCheckout[] = "globex-checkout";
inline constexpr char kGlobexCheckoutClientId[] = "c4ec0000-0000-4000-8000-000000000002";
inline constexpr char kGlobexCheckoutClientSecret[] = "GLOBEXCHECKOUTSANDBOXSECRET0000000000002";

// Orders (checkout_cielo_order_number).
inline constexpr char kPaidCredit1[] = "c4ec0000000000000000000000000001";  // 150,00, 10 days
inline constexpr char kPaidCredit2[] = "c4ec0000000000000000000000000002";  // 100,00, 10 days
inline constexpr char kPaidCredit3[] = "c4ec0000000000000000000000000003";  // 200,00, 10 days
inline constexpr char kAuthorizedCredit[] = "c4ec0000000000000000000000000004";
inline constexpr char kPaidDebit[] = "c4ec0000000000000000000000000005";
inline constexpr char kPaidPix[] = "c4ec0000000000000000000000000006";
inline constexpr char kPaidBoleto[] = "c4ec0000000000000000000000000007";
inline constexpr char kVoidedCredit[] = "c4ec0000000000000000000000000008";
inline constexpr char kOldPaidCredit[] = "c4ec0000000000000000000000000009";  // 50 days
inline constexpr char kDeniedCredit[] = "c4ec000000000000000000000000000a";
inline constexpr char kChargebackCredit[] = "c4ec000000000000000000000000000b";
inline constexpr char kGlobexPaidCredit[] = "c4ec000000000000000000000000000c";
// kPaidCredit1 and kPaidCredit2 share this merchant order number (Checkout allows repeats).
inline constexpr char kSharedMerchantOrderNumber[] = "PEDIDO1001";

std::vector<CheckoutMerchant> Merchants();
std::vector<CheckoutOrderSpec> Orders();

}  // namespace cancela::sandbox::checkout_seed
