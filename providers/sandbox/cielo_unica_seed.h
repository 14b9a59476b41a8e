#pragma once
// The simulated API Única's demo data: two API clients and sales of every product under several
// ECs and two CNPJ roots (plus one EC of a third root no demo client owns). Sale days are relative
// to the sandbox's today.

#include <vector>

#include "absl/time/time.h"
#include "providers/sandbox/cielo_unica_types.h"

namespace cancela::sandbox::cielo_unica_seed {

inline constexpr char kClientId[] = "cancela-sandbox-acme";
inline constexpr char kClientSecret[] = "acme-unica-sandbox-secret";
inline constexpr char kOtherClientId[] = "cancela-sandbox-outro";
inline constexpr char kOtherClientSecret[] = "outro-unica-sandbox-secret";

std::vector<UnicaClient> Clients();
std::vector<UnicaSale> Sales(absl::Time now);

}  // namespace cancela::sandbox::cielo_unica_seed
