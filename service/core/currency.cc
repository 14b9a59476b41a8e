#include "service/core/currency.h"

#include <array>
#include <utility>

namespace cancela::core {
namespace {

// The currencies of the countries cancela's providers serve, plus the common settlement ones.
constexpr std::array<std::pair<std::string_view, int>, 14> kCurrencies = {{
    {"ARS", 2}, {"BRL", 2}, {"CLP", 0}, {"COP", 2}, {"MXN", 2}, {"PAB", 2}, {"PEN", 2},
    {"USD", 2}, {"EUR", 2}, {"UYU", 2}, {"PYG", 0}, {"BOB", 2}, {"CRC", 2}, {"GTQ", 2},
}};

}  // namespace

std::optional<int> MinorUnitExponent(std::string_view currency_code) {
  for (const auto& [code, exponent] : kCurrencies) {
    if (code == currency_code) return exponent;
  }
  return std::nullopt;
}

}  // namespace cancela::core
