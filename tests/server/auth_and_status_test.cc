#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/server/auth.h"
#include "service/server/status_conversion.h"

namespace cancela::server {
namespace {

TEST(AuthenticatorTest, MapsTokenDigestsToTenants) {
  Authenticator auth({{"acme", {"61c878f14c06a4b6bba7402eb14e33c918a0f1241327efd213c7c51036341003"}, {}},
                      {"globex", {"df4f11c20a39ce2a4637997b3331ea6588a6f949babc3d05925fe93236d941a9"}, {}}});
  const std::string acme = "Bearer demo-token-acme";
  const std::string globex = "bearer demo-token-globex";
  EXPECT_EQ(auth.Authenticate(&acme)->tenant, "acme");
  EXPECT_EQ(auth.Authenticate(&globex)->tenant, "globex");

  EXPECT_EQ(ErrorReasonOf(auth.Authenticate(nullptr).status()), "CREDENTIALS_MISSING");
  for (const std::string& bad : {std::string("demo-token-acme"), std::string("Bearer "),
                                 std::string("Basic ZGVtbw=="), std::string("Bearer demo-token-acm")}) {
    auto caller = auth.Authenticate(&bad);
    ASSERT_FALSE(caller.ok());
    EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
    EXPECT_EQ(ErrorReasonOf(caller.status()), "CREDENTIALS_INVALID");
    EXPECT_EQ(caller.status().message().find("demo-token"), std::string::npos);
  }
}

TEST(StatusConversionTest, PacksErrorInfoAndRetryInfoIntoDetails) {
  const absl::Status in = MakeRetryableError(absl::StatusCode::kFailedPrecondition, v1::TOO_EARLY,
                                             "wait", absl::Milliseconds(4200), {{"rule", "spacing"}});
  const grpc::Status out = ToGrpcStatus(in);
  EXPECT_EQ(out.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(out.error_message(), "wait");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(out.error_details()));
  EXPECT_EQ(details.code(), 9);
  bool saw_info = false, saw_retry = false;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::RetryInfo retry;
    if (any.UnpackTo(&info)) {
      saw_info = true;
      EXPECT_EQ(info.domain(), "cancela");
      EXPECT_EQ(info.reason(), "TOO_EARLY");
      EXPECT_EQ(info.metadata().at("rule"), "spacing");
      EXPECT_EQ(info.metadata().at("retryAfterMs"), "4200");
    } else if (any.UnpackTo(&retry)) {
      saw_retry = true;
      EXPECT_EQ(retry.retry_delay().seconds(), 4);
      EXPECT_EQ(retry.retry_delay().nanos(), 200000000);
    }
  }
  EXPECT_TRUE(saw_info);
  EXPECT_TRUE(saw_retry);
}

TEST(StatusConversionTest, AStatusWithoutReasonStillGetsOne) {
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(ToGrpcStatus(absl::UnavailableError("db")).error_details()));
  google::rpc::ErrorInfo info;
  ASSERT_EQ(details.details_size(), 1);
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "SERVICE_UNAVAILABLE");
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace cancela::server
