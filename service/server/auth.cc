#include "service/server/auth.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "service/core/fingerprint.h"

namespace cancela::server {

Authenticator::Authenticator(const std::vector<TenantConfig>& tenants) {
  for (const TenantConfig& tenant : tenants) {
    for (const std::string& digest : tenant.token_sha256) tenant_by_digest_[digest] = tenant.name;
    for (const std::string& name : tenant.client_cert_subjects) {
      tenant_by_cert_name_[name] = tenant.name;
    }
  }
}

absl::StatusOr<Caller> Authenticator::ByToken(const std::string* authorization) const {
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

absl::StatusOr<Caller> Authenticator::Authenticate(
    const std::string* authorization, const std::vector<std::string>& cert_names) const {
  // Certificates used for transport only (no tenant lists names) leave the token to decide.
  if (cert_names.empty() || tenant_by_cert_name_.empty()) return ByToken(authorization);
  const std::string* matched = nullptr;
  const std::string* tenant = nullptr;
  for (const std::string& name : cert_names) {
    auto it = tenant_by_cert_name_.find(name);
    if (it == tenant_by_cert_name_.end()) continue;
    // One certificate naming two tenants is a configuration mistake; trust neither.
    if (tenant != nullptr && *tenant != it->second) {
      return MakeError(absl::StatusCode::kUnauthenticated, v1::CLIENT_CERTIFICATE_UNKNOWN,
                       "the client certificate names more than one tenant");
    }
    matched = &name;
    tenant = &it->second;
  }
  if (tenant == nullptr) {
    return MakeError(absl::StatusCode::kUnauthenticated, v1::CLIENT_CERTIFICATE_UNKNOWN,
                     "the client certificate names no tenant");
  }
  Caller caller{*tenant, absl::StrCat("cert:", matched->substr(0, 64))};
  if (authorization == nullptr || authorization->empty()) return caller;
  auto by_token = ByToken(authorization);
  if (!by_token.ok()) return by_token.status();
  if (by_token->tenant != caller.tenant) {
    return MakeError(absl::StatusCode::kPermissionDenied, v1::CREDENTIALS_CONFLICT,
                     "the client certificate and the bearer token belong to different tenants");
  }
  return *by_token;
}

}  // namespace cancela::server
