#pragma once
// The simulator's demo data: fixed merchants and sales, so READMEs, manual tries and tests can
// name them. Sale times are relative to the sandbox clock when the simulator starts or is reset.
// README.md in this directory lists them with what each is for.

#include <vector>

#include "providers/sandbox/cielo_ecommerce_types.h"

namespace cancela::sandbox::cielo_seed {

// Merchants. The keys are sandbox-only, never real credentials.
inline constexpr char kLojaCentro[] = "loja-centro";
inline constexpr char kLojaCentroMerchantId[] = "a1b2c3d4-0000-4000-8000-000000000001";
inline constexpr char kLojaCentroMerchantKey[] = "LOJACENTROSANDBOXKEY00000000000000000001";
inline constexpr char kLojaSemSaldo[] = "loja-sem-saldo";  // no Pix balance: Pix refunds get 422
inline constexpr char kLojaSemSaldoMerchantId[] = "a1b2c3d4-0000-4000-8000-000000000002";
inline constexpr char kLojaSemSaldoMerchantKey[] = "LOJASEMSALDOSANDBOXKEY000000000000000002";
inline constexpr char kGlobex[] = "globex";  // a second tenant's store
inline constexpr char kGlobexMerchantId[] = "a1b2c3d4-0000-4000-8000-000000000003";
inline constexpr char kGlobexMerchantKey[] = "GLOBEXSANDBOXKEY000000000000000000000003";
static_assert(sizeof(kLojaCentroMerchantKey) == 41 && sizeof(kLojaSemSaldoMerchantKey) == 41 &&
                  sizeof(kGlobexMerchantKey) == 41,
              "a MerchantKey has 40 characters");

// Sales (PaymentIds).
inline constexpr char kCapturedCredit1[] = "5eed0000-0000-4000-8000-000000000001";  // 10 days
inline constexpr char kCapturedCredit2[] = "5eed0000-0000-4000-8000-000000000002";  // 10 days
inline constexpr char kCapturedCredit3[] = "5eed0000-0000-4000-8000-000000000003";  // 10 days
inline constexpr char kCapturedCreditToday[] = "5eed0000-0000-4000-8000-000000000004";
inline constexpr char kAuthorizedCredit[] = "5eed0000-0000-4000-8000-000000000005";
inline constexpr char kCapturedDebit[] = "5eed0000-0000-4000-8000-000000000006";  // 5 days
inline constexpr char kPixPaid[] = "5eed0000-0000-4000-8000-000000000007";        // 10 days
inline constexpr char kPixPaidOld[] = "5eed0000-0000-4000-8000-000000000008";     // 100 days
inline constexpr char kPixNoBalance[] = "5eed0000-0000-4000-8000-000000000009";   // loja-sem-saldo
inline constexpr char kCapturedCreditOld[] = "5eed0000-0000-4000-8000-000000000010";  // 400 days
inline constexpr char kDeniedCredit[] = "5eed0000-0000-4000-8000-000000000011";
inline constexpr char kGlobexCapturedCredit[] = "5eed0000-0000-4000-8000-000000000012";

std::vector<CieloMerchant> Merchants();
std::vector<CieloSaleSpec> Sales();

}  // namespace cancela::sandbox::cielo_seed
