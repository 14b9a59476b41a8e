// The reply flood: free text gets the text, codes and identifiers do not, every JSON object gets
// the extra field, letters stay intact; armed and read through a simulator's admin API.

#include "providers/sandbox/reply_flood.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/zoop_seed.h"
#include "providers/sandbox/zoop_simulator.h"
#include "tests/providers/sandbox/curl_client.h"

namespace cancela::sandbox::testing {
namespace {

constexpr char kText[] = "flood-text-1";

HttpReply JsonReply(int status, const nlohmann::json& body) {
  HttpReply reply;
  reply.status = status;
  reply.headers["Content-Type"] = "application/json; charset=utf-8";
  reply.body = body.dump();
  return reply;
}

TEST(ReplyFloodTest, AppendsToFreeTextLeavesCodesAndAddsTheExtraFieldEverywhere) {
  ReplyFlood flood;
  flood.Arm(kText);
  HttpReply reply = JsonReply(
      200, {{"ReturnCode", "0"},
            {"ReturnMessage", "Operation Successful"},
            {"Status", 10},
            {"Links", {{{"Rel", "self"}, {"Href", "http://x"}}}},
            {"error", {{"category", "api_error"}, {"message", "bad"}, {"description", "worse"}}}});
  flood.Apply(reply);
  const nlohmann::json body = nlohmann::json::parse(reply.body);
  EXPECT_EQ(body["ReturnCode"], "0");
  EXPECT_EQ(body["Status"], 10);
  EXPECT_EQ(body["ReturnMessage"], absl::StrCat("Operation Successful ", kText));
  EXPECT_EQ(body["error"]["category"], "api_error");
  EXPECT_EQ(body["error"]["message"], absl::StrCat("bad ", kText));
  EXPECT_EQ(body["error"]["description"], absl::StrCat("worse ", kText));
  EXPECT_EQ(body["Links"][0]["Href"], "http://x");
  for (const nlohmann::json* object : {&body, &body["Links"][0], &body["error"]}) {
    EXPECT_EQ((*object)[ReplyFlood::kExtraField], kText);
  }
  EXPECT_EQ(reply.headers[ReplyFlood::kExtraHeader], kText);
  EXPECT_EQ(flood.counts().replies, 1);
  EXPECT_EQ(flood.counts().flooded_fields, 3);
}

TEST(ReplyFloodTest, PutsTheFullCardNumberWhereAMaskedOneWas) {
  ReplyFlood flood;
  flood.Arm(kText, "4111111111111111");
  HttpReply reply = JsonReply(200, {{"Payment", {{"CreditCard", {{"CardNumber", "411111******1111"},
                                                                  {"Brand", "Visa"}}}}}});
  flood.Apply(reply);
  const nlohmann::json body = nlohmann::json::parse(reply.body);
  EXPECT_EQ(body["Payment"]["CreditCard"]["CardNumber"], "4111111111111111");
  EXPECT_EQ(body["Payment"]["CreditCard"]["Brand"], "Visa");
  EXPECT_EQ(flood.counts().flooded_fields, 1);
}

TEST(ReplyFloodTest, TextAndEmptyErrorsCarryItLettersAndResetsDoNot) {
  ReplyFlood flood;
  flood.Arm(kText);
  HttpReply html;
  html.status = 500;
  html.body = "<html>Internal Server Error</html>";
  flood.Apply(html);
  EXPECT_TRUE(absl::StrContains(html.body, "Internal Server Error"));
  EXPECT_TRUE(absl::StrContains(html.body, kText));
  HttpReply empty;
  empty.status = 404;
  flood.Apply(empty);
  EXPECT_EQ(empty.body, kText);
  HttpReply pdf;
  pdf.headers["Content-Type"] = "application/pdf";
  pdf.body = "%PDF-1.7 binary";
  flood.Apply(pdf);
  EXPECT_EQ(pdf.body, "%PDF-1.7 binary");
  EXPECT_EQ(pdf.headers[ReplyFlood::kExtraHeader], kText);
  HttpReply reset;
  reset.action = ReplyAction::kResetBeforeResponse;
  flood.Apply(reset);
  EXPECT_TRUE(reset.headers.empty());
  EXPECT_EQ(flood.counts().replies, 3);
  EXPECT_EQ(flood.counts().flooded_fields, 2);
}

TEST(ReplyFloodTest, DisarmedChangesNothing) {
  ReplyFlood flood;
  HttpReply reply = JsonReply(400, {{"message", "no"}});
  const std::string before = reply.body;
  flood.Apply(reply);
  flood.Arm(kText);
  flood.Disarm();
  flood.Apply(reply);
  EXPECT_EQ(reply.body, before);
  EXPECT_TRUE(reply.headers.count(ReplyFlood::kExtraHeader) == 0);
  EXPECT_EQ(flood.counts().replies, 0);
}

CurlResult Call(const std::string& method, const std::string& url,
                std::vector<std::string> headers = {}, std::optional<std::string> body = {}) {
  CurlRequest request;
  request.method = method;
  request.url = url;
  request.headers = std::move(headers);
  request.body = std::move(body);
  return Perform(request);
}

TEST(ReplyFloodTest, ArmedThroughTheAdminApiItFloodsProtocolRepliesOnly) {
  ManualClock clock(absl::FromUnixSeconds(1'790'000'000));
  ZoopSimulator::Options options;
  options.clock = &clock;
  ZoopSimulator zoop(options);
  ASSERT_TRUE(zoop.Start().ok());
  const std::string admin = zoop.base_url() + "/__sandbox/flood";
  EXPECT_EQ(Call("POST", admin, {}, R"({"text": "two\nlines"})").status, 400);
  ASSERT_EQ(Call("POST", admin, {}, absl::StrCat(R"({"text": ")", kText, R"("})")).status, 200);

  const std::string transaction = absl::StrCat(zoop.base_url(), "/v1/marketplaces/",
                                               zoop_seed::kMarketplaceId, "/transactions/",
                                               zoop_seed::kCredit1);
  const CurlResult unauthorised = Call("GET", transaction);
  EXPECT_EQ(unauthorised.status, 401);
  EXPECT_EQ(unauthorised.headers.at("x-sandbox-note"), kText);
  EXPECT_TRUE(absl::StrContains(unauthorised.Json()["error"]["message"].get<std::string>(), kText));
  const CurlResult found = Call(
      "GET", transaction,
      {absl::StrCat("Authorization: Basic ", absl::Base64Escape(absl::StrCat(zoop_seed::kApiKey, ":")))});
  EXPECT_EQ(found.status, 200);
  EXPECT_EQ(found.Json()["id"], zoop_seed::kCredit1);  // identifiers untouched
  EXPECT_EQ(found.Json()[ReplyFlood::kExtraField], kText);

  const nlohmann::json shown = Call("GET", admin).Json();
  EXPECT_EQ(shown["armed"], true);
  EXPECT_EQ(shown["replies"], 2);  // not the admin calls
  ASSERT_EQ(Call("DELETE", admin).status, 200);
  EXPECT_EQ(zoop.flood().counts().replies, 2);
  EXPECT_FALSE(absl::StrContains(Call("GET", admin).body, "\"armed\":true"));
}

}  // namespace
}  // namespace cancela::sandbox::testing
