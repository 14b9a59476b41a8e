#pragma once
// The names of a caller's verified client certificate, as gRPC's TLS handshake recorded them.

#include <string>
#include <vector>

#include "grpcpp/server_context.h"

namespace cancela::server {

// Common name and subject alternative names; empty over plaintext or without a client
// certificate (gRPC records them only for certificates that passed verification).
std::vector<std::string> PeerCertificateNames(const grpc::ServerContextBase& context);

}  // namespace cancela::server
