// The JSON text both stores keep for metadata and provider echoes: what is written reads back
// the same, plain text and text that needs escaping alike, and rows written by earlier builds
// (every echo field present, even empty) still read.

#include "service/store/record_json.h"

#include <gtest/gtest.h>

namespace cancela::store {
namespace {

TEST(RecordJsonTest, NothingToSayIsAnEmptyObject) {
  EXPECT_EQ(MetadataToJson({}), "{}");
  EXPECT_EQ(EchoToJson(providers::ProviderEcho{}), "{}");
  EXPECT_TRUE(MetadataFromJson("{}").empty());
  EXPECT_EQ(EchoFromJson("{}").status, "");
}

TEST(RecordJsonTest, PlainAndEscapedTextReadBackTheSame) {
  const std::map<std::string, std::string> metadata = {
      {"order", "A-1"}, {"quote\"d", "back\\slash"}, {"line", "one\ntwo\t"},
      {"acentuação", "não"}, {"control", std::string("a\x01" "b", 3)}};
  EXPECT_EQ(MetadataFromJson(MetadataToJson(metadata)), metadata);
  const std::map<std::string, std::string> plain = {{"a", "1"}, {"b", "x y"}};
  EXPECT_EQ(MetadataToJson(plain), R"({"a":"1","b":"x y"})");
  EXPECT_EQ(MetadataFromJson(MetadataToJson(plain)), plain);

  providers::ProviderEcho echo;
  echo.status = "2";
  echo.code = "00";
  echo.message = "Operação \"ok\"\r\n";
  echo.reason_code = "0";
  echo.reason_message = "Successful";
  echo.reference = "ref-1";
  const providers::ProviderEcho back = EchoFromJson(EchoToJson(echo));
  EXPECT_EQ(back.status, echo.status);
  EXPECT_EQ(back.code, echo.code);
  EXPECT_EQ(back.message, echo.message);
  EXPECT_EQ(back.reason_code, echo.reason_code);
  EXPECT_EQ(back.reason_message, echo.reason_message);
  EXPECT_EQ(back.reference, echo.reference);
}

TEST(RecordJsonTest, InvalidUtf8IsReplacedNotLost) {
  providers::ProviderEcho echo;
  echo.status = "2";
  echo.message = "bad \xff byte";
  const providers::ProviderEcho back = EchoFromJson(EchoToJson(echo));
  EXPECT_EQ(back.status, "2");
  EXPECT_EQ(back.message, "bad \xEF\xBF\xBD byte");
}

TEST(RecordJsonTest, EchoesWrittenByEarlierBuildsStillRead) {
  const providers::ProviderEcho old = EchoFromJson(
      R"({"code":"","message":"Operation Successful","reason_code":"0",)"
      R"("reason_message":"Successful","reference":"","status":"10"})");
  EXPECT_EQ(old.status, "10");
  EXPECT_EQ(old.code, "");
  EXPECT_EQ(old.message, "Operation Successful");
  EXPECT_EQ(old.reason_code, "0");
}

}  // namespace
}  // namespace cancela::store
