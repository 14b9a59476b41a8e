#pragma once
// PayU writes amounts in decimal major units ("950", "39.99"); cancela counts integer minor units.
// The conversions here are exact: decimal text in, decimal text out, never floating point.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace cancela::providers::payu {

// The minor-unit exponent of a currency PayU accepts (ARS, BRL, CLP, COP, MXN, PEN, USD), or
// nullopt for any other. The same exponents as cancela's API table (service/core/currency.cc);
// a test keeps the two in step.
std::optional<int> CurrencyExponent(std::string_view currency);

// 95000 with exponent 2 -> "950"; 3999 -> "39.99"; 5 -> "0.05". Trailing zero decimals are
// dropped ("950.50" -> "950.5") because PayU's examples send whole amounts without decimals.
// `minor_units` must not be negative.
std::string FormatMajorUnits(int64_t minor_units, int exponent);

// "39.99" with exponent 2 -> 3999. Digits, at most one '.', no sign, no exponent notation, and no
// more significant decimals than `exponent` ("1.005" in BRL is nullopt). nullopt on overflow.
std::optional<int64_t> ParseMajorUnits(std::string_view text, int exponent);

// PayU sends amounts both as JSON strings and as JSON numbers. A number is taken by its shortest
// round-trip text (what nlohmann prints), which is the text PayU wrote for any amount of up to 15
// significant digits; longer numbers are refused rather than rounded.
std::optional<int64_t> AmountOf(const nlohmann::json& value, int exponent);

}  // namespace cancela::providers::payu
