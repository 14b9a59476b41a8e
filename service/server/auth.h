#pragma once
// Caller authentication: `authorization: Bearer <token>` metadata → tenant. The configuration
// holds SHA-256 digests of tokens, never tokens.

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "service/server/config.h"

namespace cancela::server {

struct Caller {
  std::string tenant;
  std::string token_id;  // first 12 hex digits of the token's digest: names the caller in logs
};

class Authenticator {
 public:
  explicit Authenticator(const std::vector<TenantConfig>& tenants);

  // `authorization` is the raw metadata value, or nullptr when absent.
  // UNAUTHENTICATED/CREDENTIALS_MISSING or CREDENTIALS_INVALID.
  absl::StatusOr<Caller> Authenticate(const std::string* authorization) const;

 private:
  std::map<std::string, std::string> tenant_by_digest_;
};

}  // namespace cancela::server
