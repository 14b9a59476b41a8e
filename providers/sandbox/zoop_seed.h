#pragma once
// The Zoop simulator's demo data: one marketplace, two sellers and their transactions, so
// READMEs, manual tries and tests can name them. Times are relative to the sandbox clock when the
// simulator starts or is reset. README.md in this directory lists what each is for.

#include <vector>

#include "providers/sandbox/zoop_types.h"

namespace cancela::sandbox::zoop_seed {

// The marketplace and its key (sandbox-only, never a real credential).
inline constexpr char kMarketplaceId[] = "5eed200a5a9d4c0e9e1c0000000000aa";
inline constexpr char kApiKey[] = "zpk_test_CANCELASANDBOX0000000001";

// Sellers (on_behalf_of).
inline constexpr char kLojaNorte[] = "loja-norte";
inline constexpr char kLojaNorteId[] = "5eed5e11e4000000000000000000000a";
inline constexpr char kLojaSul[] = "loja-sul";
inline constexpr char kLojaSulId[] = "5eed5e11e4000000000000000000000b";

// Transactions.
inline constexpr char kCredit1[] = "5eed2000000000000000000000000001";        // 10000, 3 days
inline constexpr char kCredit2[] = "5eed2000000000000000000000000002";        // 10000, 3 days
inline constexpr char kCredit3[] = "5eed2000000000000000000000000003";        // 10000, 3 days
inline constexpr char kPartlyCancelled[] = "5eed2000000000000000000000000004";  // 10000, 4000 voided
inline constexpr char kDebit[] = "5eed2000000000000000000000000005";          // 5000, total only
inline constexpr char kPreAuthorized[] = "5eed2000000000000000000000000006";  // 7000
inline constexpr char kSettledNoRelease[] = "5eed2000000000000000000000000007";  // 8000, 40 days
inline constexpr char kSettledReleased[] = "5eed2000000000000000000000000008";   // 8000, 40 days
inline constexpr char kBoleto[] = "5eed2000000000000000000000000009";
inline constexpr char kFailed[] = "5eed2000000000000000000000000010";
inline constexpr char kIssuerDeclines[] = "5eed2000000000000000000000000011";  // 4000
inline constexpr char kSplit[] = "5eed2000000000000000000000000012";  // 10000, split needs 3000
inline constexpr char kSulCredit[] = "5eed2000000000000000000000000013";  // loja-sul, 15000

std::vector<ZoopSeller> Sellers();
std::vector<ZoopTransactionSpec> Transactions();

}  // namespace cancela::sandbox::zoop_seed
