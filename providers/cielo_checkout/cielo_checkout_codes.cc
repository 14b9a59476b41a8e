#include "providers/cielo_checkout/cielo_checkout_codes.h"

#include <array>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

namespace cancela::providers::cielo_checkout {
namespace {

constexpr std::array<OrderStatus, 8> kStatuses = {{
    {1, "Pending", "Pendente", SaleState::kPending},
    {2, "Paid", "Pago", SaleState::kCaptured},
    {3, "Denied", "Negado", SaleState::kDenied},
    {4, "Expired", "Expirado", SaleState::kAborted},  // no longer capturable
    {5, "Voided", "Cancelado", SaleState::kVoided},
    {6, "NotFinalized", "Não Finalizado", SaleState::kPending},  // error or processing failure
    {7, "Authorized", "Autorizado", SaleState::kAuthorized},
    {8, "Chargeback", "Chargeback", SaleState::kAborted},  // the buyer disputed it at the issuer
}};

// Lower case, without spaces: "Não Finalizado" and "NotFinalized" compare loosely.
std::string Fold(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '_') out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::optional<OrderStatus> OrderStatusOf(int value) {
  for (const OrderStatus& s : kStatuses) {
    if (s.value == value) return s;
  }
  return std::nullopt;
}

std::optional<OrderStatus> OrderStatusOf(std::string_view text) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size()));
  const std::string folded = Fold(std::string_view(trimmed.data(), trimmed.size()));
  int number = 0;
  if (absl::SimpleAtoi(folded, &number)) return OrderStatusOf(number);
  for (const OrderStatus& s : kStatuses) {
    if (folded == Fold(s.english) || folded == Fold(s.portuguese)) return s;
  }
  return std::nullopt;
}

v1::FailureReason ReasonForReturnCode(const std::string& return_code,
                                      const std::map<std::string, v1::FailureReason>& overrides) {
  auto it = overrides.find(return_code);
  return it == overrides.end() ? v1::FAILURE_REASON_PROVIDER_DECLINED : it->second;
}

}  // namespace cancela::providers::cielo_checkout
