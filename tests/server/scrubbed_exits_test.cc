// The server's exits scrub what they send: a gRPC status (message and the google.rpc.Status
// details' message), whoever built it, and every label value on /metrics.

#include <string>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "providers/http/curl_http_transport.h"
#include "service/server/metrics.h"
#include "service/server/status_conversion.h"

namespace cancela::server {
namespace {

constexpr char kCard[] = "4111111111111111";
constexpr char kMasked[] = "411111******1111";

TEST(StatusScrubTest, AStatusBuiltAnywhereLeavesScrubbed) {
  // As a store or transport error might quote what it was given.
  const absl::Status in = absl::InternalError(
      absl::StrCat("insert failed for ", kCard, " with password=CANARY-status-0001"));
  const grpc::Status out = ToGrpcStatus(in);
  const std::string expected = absl::StrCat("insert failed for ", kMasked, " with password=[REDACTED]");
  EXPECT_EQ(out.error_message(), expected);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(out.error_details()));
  EXPECT_EQ(details.message(), expected);
  EXPECT_EQ(out.error_details().find(kCard), std::string::npos);
  EXPECT_EQ(out.error_details().find("CANARY-status"), std::string::npos);
  bool saw_info = false;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) saw_info = info.reason() == "INTERNAL_ERROR";
  }
  EXPECT_TRUE(saw_info);
}

TEST(MetricsScrubTest, LabelValuesAreScrubbed) {
  auto metrics = Metrics::Start("127.0.0.1:0");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  (*metrics)->RecordWebhook(absl::StrCat("zoop ", kCard), "token=CANARY-metrics-0002");
  store::OperationRecord record;
  record.provider = absl::StrCat("payu ", kCard);
  (*metrics)->RecordCheck(record, "unchanged");

  providers::http::CurlHttpTransport http;
  providers::http::Request scrape;
  scrape.method = "GET";
  scrape.url = absl::StrCat("http://127.0.0.1:", (*metrics)->port(), "/metrics");
  scrape.deadline = absl::Now() + absl::Seconds(5);
  scrape.idempotent = true;
  const providers::http::Result result = http.Send(scrape);
  ASSERT_EQ(result.failure, providers::http::Failure::kNone) << result.detail;
  const std::string& text = result.response.body;
  EXPECT_EQ(text.find(kCard), std::string::npos) << text;
  EXPECT_EQ(text.find("CANARY-metrics"), std::string::npos) << text;
  EXPECT_NE(text.find(absl::StrCat(R"(cancela_webhooks_total{provider="zoop )", kMasked,
                                   R"(",result="token=[REDACTED]"} 1)")),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(absl::StrCat(R"(cancela_poll_checks_total{provider="payu )", kMasked,
                                   R"(",result="unchanged"} 1)")),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace cancela::server
