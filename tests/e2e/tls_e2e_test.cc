// Transport security on the gRPC listener: TLS, mutual TLS with tenants named by client
// certificates, certificate rotation without a restart, and the plaintext health-only listener.
// Certificates are made for this run by scripts/make-tls-files.sh; clients are real gRPC stubs.

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "grpcpp/impl/codegen/rpc_method.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/providers/cielo_unica/tls_files.h"

namespace cancela::testing {
namespace {

// The common name make-tls-files.sh gives its client certificate.
constexpr char kClientCertName[] = "CAN-CANCELA-SANDBOX-MULESOFT-MTLS";
// Well-formed, never issued: GetStatus answers NOT_FOUND only to an authenticated caller.
constexpr char kUnknownOperation[] = "op_00000000000000000000000000";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Replaces `to` in one step, as a secret volume or cert-manager would.
void ReplaceFile(const std::string& from, const std::string& to) {
  std::filesystem::copy_file(from, to + ".new", std::filesystem::copy_options::overwrite_existing);
  std::filesystem::rename(to + ".new", to);
}

class TlsTest : public E2eTest {
 protected:
  // Two independent sets (two CAs): "a" is served first, "b" replaces it in the rotation test.
  static void SetUpTestSuite() {
    files_ = (std::filesystem::temp_directory_path() / absl::StrCat("cancela-tls-", getpid()))
                 .string();
    MakeTlsFiles(files_ + "/a");
    MakeTlsFiles(files_ + "/b");
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(files_, ignored);
  }

  virtual server::ClientAuth ClientAuthMode() const { return server::ClientAuth::kRequire; }
  virtual std::vector<std::string> GlobexCertNames() const { return {kClientCertName}; }

  void Configure(server::Config& config) const override {
    const std::string live = temp_dir_ + "/live";
    std::filesystem::create_directories(live);
    for (const char* name : {"server.pem", "server.key"}) {
      std::filesystem::copy_file(files_ + "/a/" + name, live + "/" + name);
    }
    server::TlsConfig tls;
    tls.cert_file = live + "/server.pem";
    tls.key_file = live + "/server.key";
    tls.client_ca_file = files_ + "/a/ca.pem";
    tls.client_auth = ClientAuthMode();
    tls.refresh_interval = absl::Seconds(1);
    config.tls = tls;
    config.health_listen = "127.0.0.1:0";
    for (server::TenantConfig& tenant : config.tenants) {
      if (tenant.name == "globex") tenant.client_cert_subjects = GlobexCertNames();
    }
  }

  // A fresh connection (no shared subchannel) trusting `ca_dir`'s CA, presenting `client`'s
  // certificate from that directory unless empty.
  std::shared_ptr<grpc::Channel> TlsChannel(const std::string& ca_dir, const std::string& client_dir,
                                            const std::string& client) const {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = ReadFile(ca_dir + "/ca.pem");
    if (!client.empty()) {
      options.pem_private_key = ReadFile(client_dir + "/" + client + ".key");
      options.pem_cert_chain = ReadFile(client_dir + "/" + client + ".pem");
    }
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetSslTargetNameOverride("localhost");
    return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                     grpc::SslCredentials(options), args);
  }
  std::shared_ptr<grpc::Channel> MutualChannel(const std::string& client = "client") const {
    return TlsChannel(files_ + "/a", files_ + "/a", client);
  }

  static grpc::Status GetUnknown(const std::shared_ptr<grpc::Channel>& channel,
                                 const char* token = nullptr) {
    auto stub = v1::RefundService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    if (token != nullptr) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    v1::GetStatusRequest request;
    request.set_operation_id(kUnknownOperation);
    v1::GetStatusResponse response;
    return stub->GetStatus(&context, request, &response);
  }

  static bool Serving(const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    const grpc::internal::RpcMethod check("/grpc.health.v1.Health/Check",
                                          grpc::internal::RpcMethod::NORMAL_RPC);
    const grpc::Status status =
        grpc::internal::BlockingUnaryCall(channel.get(), check, &context, request, &response);
    return status.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  }

  static std::string files_;
};
std::string TlsTest::files_;

TEST_F(TlsTest, ClientCertificateAloneNamesItsTenant) {
  EXPECT_EQ(GetUnknown(MutualChannel()).error_code(), grpc::StatusCode::NOT_FOUND);
  // The same tenant's token with it is fine; another tenant's is a conflict, not a choice.
  EXPECT_EQ(GetUnknown(MutualChannel(), kGlobexToken).error_code(), grpc::StatusCode::NOT_FOUND);
  const CallerError conflict = ReadError(GetUnknown(MutualChannel(), kAcmeToken));
  EXPECT_EQ(conflict.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(conflict.reason, "CREDENTIALS_CONFLICT");
  // A bad token is refused even with a good certificate.
  EXPECT_EQ(ReadError(GetUnknown(MutualChannel(), "not-a-token")).reason, "CREDENTIALS_INVALID");
}

TEST_F(TlsTest, PlaintextClientIsRefusedOnTheTlsPort) {
  auto plaintext = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                       grpc::InsecureChannelCredentials());
  EXPECT_EQ(GetUnknown(plaintext, kAcmeToken).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsRefusesACallerWithoutACertificate) {
  EXPECT_EQ(GetUnknown(MutualChannel(""), kAcmeToken).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsRefusesACertificateFromAnotherCa) {
  EXPECT_EQ(GetUnknown(MutualChannel("rogue-client"), kAcmeToken).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // A client certificate of the second set: valid, but its CA is not the one configured.
  EXPECT_EQ(GetUnknown(TlsChannel(files_ + "/a", files_ + "/b", "client"), kAcmeToken).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, RotatedServerCertificateIsServedWithoutRestart) {
  // A client that trusts only the new CA cannot connect before the rotation.
  auto trusting_new = [&] { return TlsChannel(files_ + "/b", files_ + "/a", "client"); };
  ASSERT_EQ(GetUnknown(trusting_new()).error_code(), grpc::StatusCode::UNAVAILABLE);
  ASSERT_EQ(GetUnknown(MutualChannel()).error_code(), grpc::StatusCode::NOT_FOUND);

  const absl::Time rotated = absl::Now();
  ReplaceFile(files_ + "/b/server.key", temp_dir_ + "/live/server.key");
  ReplaceFile(files_ + "/b/server.pem", temp_dir_ + "/live/server.pem");
  grpc::StatusCode code = grpc::StatusCode::UNAVAILABLE;
  for (const absl::Time until = rotated + absl::Seconds(20);
       code != grpc::StatusCode::NOT_FOUND && absl::Now() < until;) {
    code = GetUnknown(trusting_new()).error_code();
    if (code != grpc::StatusCode::NOT_FOUND) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(code, grpc::StatusCode::NOT_FOUND);
  std::cout << "rotation picked up after " << absl::FormatDuration(absl::Now() - rotated) << "\n";
  // And a client trusting only the old CA is now refused.
  EXPECT_EQ(GetUnknown(MutualChannel()).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, HealthOnlyListenerIsPlaintextAndServesOnlyHealth) {
  ASSERT_NE(server_->health_port(), 0);
  auto health = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->health_port()),
                                    grpc::InsecureChannelCredentials());
  EXPECT_TRUE(Serving(health, ""));
  EXPECT_TRUE(Serving(health, "liveness"));
  EXPECT_TRUE(Serving(health, "readiness"));
  EXPECT_TRUE(Serving(health, "cancela.v1.RefundService"));
  EXPECT_EQ(GetUnknown(health, kAcmeToken).error_code(), grpc::StatusCode::UNIMPLEMENTED);
  // The TLS listener keeps its own health service.
  EXPECT_TRUE(Serving(MutualChannel(), "readiness"));
}

// client_auth "request": a certificate is optional, tokens alone work, and an offered
// certificate that names no tenant is refused with a reason.
class RequestedCertificateTest : public TlsTest {
 protected:
  server::ClientAuth ClientAuthMode() const override { return server::ClientAuth::kRequest; }
  std::vector<std::string> GlobexCertNames() const override { return {"some-other-service"}; }
};

TEST_F(RequestedCertificateTest, TokenAloneWorksOverTls) {
  EXPECT_EQ(GetUnknown(MutualChannel(""), kAcmeToken).error_code(), grpc::StatusCode::NOT_FOUND);
  const CallerError missing = ReadError(GetUnknown(MutualChannel("")));
  EXPECT_EQ(missing.code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(missing.reason, "CREDENTIALS_MISSING");
}

TEST_F(RequestedCertificateTest, UnknownCertificateIsUnauthenticatedEvenWithAToken) {
  const CallerError unknown = ReadError(GetUnknown(MutualChannel(), kAcmeToken));
  EXPECT_EQ(unknown.code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(unknown.reason, "CLIENT_CERTIFICATE_UNKNOWN");
  // Offered certificates are still verified.
  EXPECT_EQ(GetUnknown(MutualChannel("rogue-client"), kAcmeToken).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace cancela::testing
