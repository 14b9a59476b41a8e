#include "service/server/auth.h"

#include "absl/strings/match.h"
#include "common/errors.h"
#include "service/core/fingerprint.h"

namespace cancela::server {

Authenticator::Authenticator(const std::vector<TenantConfig>& tenants) {
  for (const TenantConfig& tenant : tenants) {
    for (const std::string& digest : tenant.token_sha256) tenant_by_digest_[digest] = tenant.name;
  }
}

absl::StatusOr<Caller> Authenticator::Authenticate(const std::string* authorization) const {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization == nullptr || authorization->empty()) {
    return MakeError(absl::StatusCode::kUnauthenticated, v1::CREDENTIALS_MISSING,
                     "send `authorization: Bearer <token>` metadata");
  }
  if (!absl::StartsWithIgnoreCase(*authorization, "bearer ") ||
      authorization->size() <= kScheme.size()) {
    return MakeError(absl::StatusCode::kUnauthenticated, v1::CREDENTIALS_INVALID,
                     "the authorization metadata must be `Bearer <token>`");
  }
  // Comparing digests, not tokens: the lookup leaks nothing about the token's characters.
  const std::string digest = core::Sha256Hex(std::string_view(*authorization).substr(kScheme.size()));
  auto it = tenant_by_digest_.find(digest);
  if (it == tenant_by_digest_.end()) {
    return MakeError(absl::StatusCode::kUnauthenticated, v1::CREDENTIALS_INVALID,
                     "the bearer token is not valid");
  }
  return Caller{it->second, digest.substr(0, 12)};
}

}  // namespace cancela::server
