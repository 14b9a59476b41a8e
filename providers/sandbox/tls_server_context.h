#pragma once
// Server-side TLS for the sandbox's HTTP server (OpenSSL): a certificate and key, and optionally
// a CA whose signature every client certificate must carry — the mutual TLS Cielo's API Única
// demands. A client without a certificate, or with one from another CA, fails the handshake.

#include <memory>
#include <string>

#include "absl/status/statusor.h"

typedef struct ssl_ctx_st SSL_CTX;

namespace cancela::sandbox {

struct TlsServerFiles {
  std::string certificate_file;  // PEM, the server's certificate (chain)
  std::string key_file;          // PEM
  std::string client_ca_file;    // PEM; empty: no client certificate asked for
};

class TlsServerContext {
 public:
  static absl::StatusOr<std::shared_ptr<TlsServerContext>> Create(const TlsServerFiles& files);
  ~TlsServerContext();
  TlsServerContext(const TlsServerContext&) = delete;
  TlsServerContext& operator=(const TlsServerContext&) = delete;

  SSL_CTX* get() const { return ctx_; }

 private:
  explicit TlsServerContext(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_;
};

}  // namespace cancela::sandbox
