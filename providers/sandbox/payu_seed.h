#pragma once
// The PayU sandbox's demo merchant and seeded sales: for every country PayU serves, captured and
// authorised sales of several brands, instalments, international cards, old and new ones.
// README.md in this directory lists them.

#include <vector>

#include "providers/sandbox/payu_book.h"

namespace cancela::sandbox::payu_seed {

inline constexpr char kMerchant[] = "acme-latam";
inline constexpr char kApiLogin[] = "PAYUSANDBOXLOGIN0001";
inline constexpr char kApiKey[] = "PAYUSANDBOXAPIKEY000000000001";

std::vector<PayuMerchant> Merchants();
// Ages are relative to the sandbox clock at seeding time.
std::vector<PayuSaleSpec> Sales();

}  // namespace cancela::sandbox::payu_seed
