#pragma once
// Server credentials for `server.tls`: files watched by gRPC's certificate provider, so that a
// rotated certificate (files replaced in place) is served to new connections without a restart.

#include <memory>

#include "grpcpp/security/server_credentials.h"
#include "service/server/config.h"

namespace cancela::server {

// Insecure credentials without `tls`.
std::shared_ptr<grpc::ServerCredentials> MakeServerCredentials(const std::optional<TlsConfig>& tls);

}  // namespace cancela::server
