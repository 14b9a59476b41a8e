#include "service/server/tls_credentials.h"

#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace cancela::server {

std::shared_ptr<grpc::ServerCredentials> MakeServerCredentials(const std::optional<TlsConfig>& tls) {
  if (!tls) return grpc::InsecureServerCredentials();
  const auto refresh_s = static_cast<unsigned int>(absl::ToInt64Seconds(tls->refresh_interval));
  std::shared_ptr<grpc::experimental::CertificateProviderInterface> provider =
      tls->client_ca_file.empty()
          ? std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
                tls->key_file, tls->cert_file, refresh_s)
          : std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
                tls->key_file, tls->cert_file, tls->client_ca_file, refresh_s);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (!tls->client_ca_file.empty()) options.watch_root_certs();
  switch (tls->client_auth) {
    case ClientAuth::kNone:
      options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
      break;
    case ClientAuth::kRequest:
      // An offered certificate must still verify; only its absence is allowed.
      options.set_cert_request_type(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
      break;
    case ClientAuth::kRequire:
      options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
      break;
  }
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace cancela::server
