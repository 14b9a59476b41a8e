#include "providers/cielo_checkout/cielo_checkout_amount.h"

#include <charconv>

#include "absl/strings/str_cat.h"

namespace cancela::providers::cielo_checkout {

std::optional<AmountUnit> AmountUnitFromName(std::string_view name) {
  if (name == "cents") return AmountUnit::kCents;
  if (name == "reais") return AmountUnit::kReais;
  return std::nullopt;
}

absl::StatusOr<std::string> FormatAmount(int64_t minor_units, AmountUnit unit) {
  if (minor_units <= 0) return absl::InvalidArgumentError("the amount must be positive");
  if (unit == AmountUnit::kCents) return absl::StrCat(minor_units);
  const int64_t reais = minor_units / 100;
  const int64_t cents = minor_units % 100;
  return absl::StrCat(reais, ".", cents < 10 ? "0" : "", cents);
}

std::optional<int64_t> ParseCents(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || ptr != text.data() + text.size() || out < 0) return std::nullopt;
  return out;
}

}  // namespace cancela::providers::cielo_checkout
