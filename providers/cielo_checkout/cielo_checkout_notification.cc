#include "providers/cielo_checkout/cielo_checkout_notification.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/json_access.h"
#include "providers/cielo_checkout/cielo_checkout_transformers.h"

namespace cancela::providers::cielo_checkout {
namespace {

constexpr size_t kMaxBodyBytes = 16 * 1024;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char lower = absl::ascii_tolower(static_cast<unsigned char>(c));
  return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

// Form decoding that refuses what it cannot read rather than passing it on.
std::optional<std::string> FormDecode(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] != '%') {
      out.push_back(text[i]);
    } else {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = HexDigit(text[i + 1]);
      const int lo = HexDigit(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
  }
  return out;
}

absl::StatusOr<std::map<std::string, std::string>> ParseForm(const std::string& body) {
  std::map<std::string, std::string> fields;
  for (absl::string_view pair : absl::StrSplit(body, '&', absl::SkipEmpty())) {
    const size_t eq = pair.find('=');
    auto name = FormDecode(pair.substr(0, eq));
    auto value = FormDecode(eq == absl::string_view::npos ? "" : pair.substr(eq + 1));
    if (!name || !value) return absl::InvalidArgumentError("form: an unreadable escape");
    if (!fields.emplace(*std::move(name), *std::move(value)).second) {
      return absl::InvalidArgumentError("form: a repeated field");
    }
  }
  return fields;
}

}  // namespace

absl::StatusOr<Notification> ParseNotification(const std::string& content_type,
                                               const std::string& body) {
  if (body.size() > kMaxBodyBytes) return absl::InvalidArgumentError("larger than 16 KiB");
  Notification n;
  if (absl::StartsWithIgnoreCase(content_type, "application/json")) {
    auto parsed = json::Parse(body);
    if (!parsed || !parsed->is_object() || !json::GetString(*parsed, "MerchantOrderNumber")) {
      return absl::InvalidArgumentError("JSON notification: no MerchantOrderNumber");
    }
    return n;
  }
  if (!absl::StartsWithIgnoreCase(content_type, "application/x-www-form-urlencoded")) {
    return absl::InvalidArgumentError("neither a form nor JSON");
  }
  auto fields = ParseForm(body);
  if (!fields.ok()) return fields.status();
  auto order = fields->find("checkout_cielo_order_number");
  if (order == fields->end() || !IsValidOrderNumber(order->second)) {
    return absl::InvalidArgumentError("checkout_cielo_order_number: missing or not letters and digits");
  }
  n.checkout_order_number = order->second;
  if (auto status = fields->find("payment_status"); status != fields->end()) {
    int value = 0;
    if (!absl::SimpleAtoi(status->second, &value) || value < 1 || value > 99) {
      return absl::InvalidArgumentError("payment_status: not a small integer");
    }
    n.payment_status = value;
  }
  return n;
}

}  // namespace cancela::providers::cielo_checkout
