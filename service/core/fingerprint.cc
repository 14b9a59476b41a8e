#include "service/core/fingerprint.h"

#include <openssl/sha.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace cancela::core {
namespace {

// Length-prefixed fields: no separator inside a value can make two requests encode alike.
void Add(std::string& out, absl::string_view name, absl::string_view value) {
  absl::StrAppend(&out, name, ":", value.size(), ":", value, ";");
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string RequestFingerprint(const CancelRequest& request) {
  std::string canonical;
  Add(canonical, "v", "1");
  Add(canonical, "kind", request.kind == providers::OperationKind::kRefund ? "refund" : "void");
  Add(canonical, "account", request.provider_account);
  Add(canonical, "provider", std::string(providers::ProviderIdOf(request.sale)));
  Add(canonical, "sale", providers::SaleKeyOf(request.sale));
  Add(canonical, "amount",
      request.amount_minor_units ? absl::StrCat(*request.amount_minor_units) : "total");
  Add(canonical, "currency", request.currency);
  Add(canonical, "reason", request.reason);
  for (const auto& [key, value] : request.metadata) {  // std::map: sorted by key
    Add(canonical, "meta.key", key);
    Add(canonical, "meta.value", value);
  }
  return Sha256Hex(canonical);
}

}  // namespace cancela::core
