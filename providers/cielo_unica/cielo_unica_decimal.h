#pragma once
// The API Única writes amounts as decimal reais (0.01, 70000.0) where cancela keeps integer
// centavos. Both directions work on the digits, never through floating point, so no amount is
// ever off by a centavo.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace cancela::providers::cielo_unica {

// 1 -> "0.01", 70000 -> "700.00", 0 -> "0.00". Negative amounts are never sent: nullopt.
std::optional<std::string> ReaisFromMinorUnits(int64_t minor_units);

// "0.01" -> 1, "70000.0" -> 7000000, "12" -> 1200, "1.500" -> 150. Refuses signs, exponents,
// more than two significant decimals ("0.001"), and amounts beyond int64.
std::optional<int64_t> MinorUnitsFromReais(std::string_view text);

// Parses JSON like json::Parse, except that every non-integer number is kept as the text it was
// written with (a JSON string), so amounts can go through MinorUnitsFromReais exactly.
std::optional<nlohmann::json> ParseKeepingDecimals(std::string_view text);

// The member `key` as minor units: a decimal kept by ParseKeepingDecimals, or an integer.
std::optional<int64_t> GetReais(const nlohmann::json& object, std::string_view key);

}  // namespace cancela::providers::cielo_unica
