// The exits in common/ apply the scrubber: every log line (message and every field value), every
// error built with MakeError (message and ErrorInfo metadata), and every credential loaded from
// configuration is redacted wherever it shows up later.

#include <string>

#include "common/errors.h"
#include "common/log.h"
#include "common/scrub.h"
#include "common/secret_source.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace cancela {
namespace {

constexpr char kCard[] = "4111111111111111";
constexpr char kMasked[] = "411111******1111";

TEST(LogScrubTest, ScrubsTheMessageAndEveryField) {
  ::testing::internal::CaptureStderr();
  log::Warn(std::string("provider declined card ") + kCard,
            {{"body", R"({"MerchantKey":"CANARY-log-key-0001","Status":1})"},
             {"authorization", "Bearer CANARY-log-token-0002"},
             {"url", "https://cancela:CANARY-log-password-0003@db/cancela"},
             {"operation_id", "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B"}});
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(out.find(kCard), std::string::npos) << out;
  EXPECT_EQ(out.find("CANARY-log"), std::string::npos) << out;

  const nlohmann::json line = nlohmann::json::parse(out);
  EXPECT_EQ(line["msg"], std::string("provider declined card ") + kMasked);
  EXPECT_EQ(line["body"], R"({"MerchantKey":"[REDACTED]","Status":1})");
  EXPECT_EQ(line["authorization"], "Bearer [REDACTED]");
  EXPECT_EQ(line["url"], "https://cancela:[REDACTED]@db/cancela");
  EXPECT_EQ(line["operation_id"], "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B");  // ids pass untouched
}

TEST(ErrorScrubTest, ScrubsMessageAndMetadata) {
  const absl::Status status =
      MakeError(absl::StatusCode::kInvalidArgument, v1::FIELD_INVALID,
                std::string("reason: card ") + kCard + " with api_key=CANARY-error-key-0004",
                {{"field", "reason"}, {"given", std::string("token=CANARY-error-token-0005 ") + kCard}});
  EXPECT_EQ(status.message(), std::string("reason: card ") + kMasked + " with api_key=[REDACTED]");
  const ErrorDetails details = GetErrorDetails(status);
  EXPECT_EQ(details.reason, "FIELD_INVALID");
  EXPECT_EQ(details.metadata.at("field"), "reason");
  EXPECT_EQ(details.metadata.at("given"), std::string("token=[REDACTED] ") + kMasked);
}

TEST(LoadedSecretTest, IsRedactedWhereverItShowsUpLater) {
  const std::string value = "CANARY-loaded-credential-0006";
  EXPECT_EQ(Scrubbed("provider echoed " + value), "provider echoed " + value);  // not yet known
  auto secret = LoadSecret(nlohmann::json{{"value", value}}, "settings.merchant_key");
  ASSERT_TRUE(secret.ok()) << secret.status();
  EXPECT_EQ(secret->Reveal(), value);
  EXPECT_EQ(Scrubbed("provider echoed " + value), "provider echoed [REDACTED]");
}

}  // namespace
}  // namespace cancela
