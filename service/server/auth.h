#pragma once
// Caller authentication: `authorization: Bearer <token>` metadata and/or the names of a verified
// client certificate (mutual TLS) → tenant. The configuration holds SHA-256 digests of tokens,
// never tokens.
//
// Precedence: certificate names count only when some tenant lists client_cert_subjects. Then a
// certificate that names no tenant is refused (CLIENT_CERTIFICATE_UNKNOWN) even with a good token;
// one that names a tenant is enough alone, and a token sent with it must name the same tenant
// (else PERMISSION_DENIED/CREDENTIALS_CONFLICT). Without a certificate, the token decides.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "service/server/config.h"

namespace cancela::server {

struct Caller {
  std::string tenant;
  // Names the caller in logs: the first 12 hex digits of the token's digest, or "cert:" and the
  // certificate name that matched.
  std::string token_id;
};

class Authenticator {
 public:
  explicit Authenticator(const std::vector<TenantConfig>& tenants);

  // `authorization` is the raw metadata value, or nullptr when absent; `cert_names` the common
  // name and subject alternative names of the caller's verified certificate, empty without one.
  // UNAUTHENTICATED/CREDENTIALS_MISSING, CREDENTIALS_INVALID or CLIENT_CERTIFICATE_UNKNOWN;
  // PERMISSION_DENIED/CREDENTIALS_CONFLICT.
  absl::StatusOr<Caller> Authenticate(const std::string* authorization,
                                      const std::vector<std::string>& cert_names = {}) const;

 private:
  absl::StatusOr<Caller> ByToken(const std::string* authorization) const;

  std::map<std::string, std::string> tenant_by_digest_;
  std::map<std::string, std::string> tenant_by_cert_name_;
};

}  // namespace cancela::server
