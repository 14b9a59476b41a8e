#include "providers/cielo_ecommerce/cielo_ecommerce_notification.h"

#include "absl/strings/ascii.h"
#include "common/json_access.h"

namespace cancela::providers::cielo_ecommerce {
namespace {

// 8-4-4-4-12 hexadecimal digits.
bool IsGuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !absl::ascii_isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<Notification> ParseNotification(const std::string& body) {
  auto parsed = json::Parse(body);
  if (!parsed || !parsed->is_object()) {
    return absl::InvalidArgumentError("not a JSON object");
  }
  Notification n;
  auto payment_id = json::GetString(*parsed, "PaymentId");
  if (!payment_id || !IsGuid(*payment_id)) {
    return absl::InvalidArgumentError("PaymentId: missing or not a GUID");
  }
  n.payment_id = absl::AsciiStrToLower(*payment_id);
  auto change = json::GetInt(*parsed, "ChangeType");
  if (!change || *change < 1 || *change > 99) {
    return absl::InvalidArgumentError("ChangeType: missing or not a small integer");
  }
  n.change_type = static_cast<int>(*change);
  return n;
}

}  // namespace cancela::providers::cielo_ecommerce
