#pragma once
// The `amount` of a partial void, written from cancela's minor units. Cielo Checkout writes every
// money field in centavos ("R$ 1,00 = 100"), and the void's amount most likely too, but that is
// inferred (providers.md §4.3 [I]); the unit is therefore a setting, and the decimal form is
// produced exactly, digit by digit, never through floating point.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace cancela::providers::cielo_checkout {

enum class AmountUnit {
  kCents,  // "1234" for R$ 12,34
  kReais,  // "12.34"
};

std::optional<AmountUnit> AmountUnitFromName(std::string_view name);  // "cents" | "reais"

// 1234 → "1234" (cents) or "12.34" (reais). Fails for zero, negatives.
absl::StatusOr<std::string> FormatAmount(int64_t minor_units, AmountUnit unit);

// Reads a centavos field that may arrive as a number or as digits in a string ("134").
std::optional<int64_t> ParseCents(std::string_view text);

}  // namespace cancela::providers::cielo_checkout
