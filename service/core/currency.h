#pragma once
// ISO-4217 currencies cancela accepts, with their minor-unit exponents. One table, used for
// validation at the API boundary; adapters convert to their provider's format from it.

#include <optional>
#include <string_view>

namespace cancela::core {

// The number of decimal digits of the currency's minor unit (BRL 2, CLP 0), or nullopt when the
// code is not an ISO-4217 currency cancela knows.
std::optional<int> MinorUnitExponent(std::string_view currency_code);

}  // namespace cancela::core
