#include "providers/cielo_unica/cielo_unica_transformers.h"

#include "common/errors.h"
#include "common/json_access.h"
#include "gtest/gtest.h"
#include "providers/cielo_unica/cielo_unica_letters.h"
#include "tests/providers/cielo_unica/cielo_unica_test_support.h"

namespace cancela::providers::cielo_unica {
namespace {

using testing::Command;
using testing::Sale;

Settings Parsed(nlohmann::json j = testing::SettingsJson()) {
  auto s = ParseSettings(j);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : Settings{};
}

// The documented unit query answer (providers.md §1.7).
constexpr char kDocumentedBatch[] = R"({
  "refundID": 140426,
  "refundDate": "2024-10-09T15:31:19.000-0300",
  "transactions": [{
    "transactionID": "20051577703PPIQIJ7FB", "nsu": 515027, "cardNumberLast4Digits": "0034",
    "merchantID": 2005157770, "authorizationCode": "546441",
    "refundAmount": {"currency": "BRL", "value": 0.01},
    "saleAmount": {"currency": "BRL", "value": 70000.0},
    "transactionDate": "2024-07-03T18:13:40.000-0300",
    "controlID": 26032304382552,
    "status": {"type": "done", "detail": {"code": 0, "message": "Cancelamento aprovado com sucesso."}}
  }]
})";

TEST(CancelRequestBody, IsTheTransactionsEnvelopeWithExactDecimals) {
  CieloUnicaSaleRef sale = Sale("credit", "Visa", 7000000, "2005157770", "546441", "2024-07-03");
  sale.tid = "20051577703PPIQIJ7FB";
  sale.card_last_four = "0034";
  auto body = CancelRequestBody(Parsed(), Command(sale, 1));
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body,
            R"({"transactions":[{"merchantID":2005157770,"authorizationCode":"546441","nsu":515027,)"
            R"("transactionID":"20051577703PPIQIJ7FB","cardNumberLast4Digits":"0034",)"
            R"("refundAmount":{"currency":"BRL","value":0.01},)"
            R"("saleAmount":{"currency":"BRL","value":70000.00},)"
            R"("transactionDate":"03-07-2024 00:00:00"}]})");
}

TEST(CancelRequestBody, EnvelopeNsuTypeAndTimeAreSettings) {
  nlohmann::json j = testing::SettingsJson();
  j["request_envelope"] = "bare_object";
  j["nsu_as_number"] = false;
  j["transaction_time"] = "12:00:00";
  auto body = CancelRequestBody(Parsed(j), Command(Sale(), 29));
  ASSERT_TRUE(body.ok());
  auto parsed = json::Parse(*body);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ((*parsed)["nsu"], "515027");
  EXPECT_EQ((*parsed)["transactionDate"], "17-11-2026 12:00:00");
  EXPECT_EQ((*parsed)["merchantID"], 2005157770);
  EXPECT_FALSE(parsed->contains("transactions"));
  EXPECT_NE(body->find("\"value\":0.29"), std::string::npos);
}

TEST(CancelRequestBody, EscapesTextFields) {
  auto body = CancelRequestBody(Parsed(), Command(Sale("credit", "Visa", 100, "2005157770", "a\"b"), 1));
  ASSERT_TRUE(body.ok());
  auto parsed = json::Parse(*body);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ((*parsed)["transactions"][0]["authorizationCode"], "a\"b");
}

TEST(ParseBatch, ReadsTheDocumentedExampleExactly) {
  auto batch = ParseBatch(kDocumentedBatch);
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->refund_id, 140426);
  ASSERT_TRUE(batch->requested_at.has_value());
  EXPECT_EQ(*batch->requested_at, absl::FromUnixSeconds(1728498679));
  ASSERT_EQ(batch->cancellations.size(), 1u);
  const Cancellation& c = batch->cancellations[0];
  EXPECT_EQ(c.control_id, 26032304382552);
  EXPECT_EQ(c.merchant_id, "2005157770");
  EXPECT_EQ(c.nsu, "515027");
  EXPECT_EQ(c.refund_minor_units, 1);
  EXPECT_EQ(c.sale_minor_units, 7000000);
  EXPECT_EQ(c.status, BatchStatus::kDone);
  EXPECT_EQ(c.detail_code, 0);
}

TEST(ParseBatch, RefusesWhatIsNotABatch) {
  EXPECT_EQ(ErrorReasonOf(ParseBatch("[]").status()), "PROVIDER_RESPONSE_INVALID");
  EXPECT_EQ(ErrorReasonOf(ParseBatch("{\"refundID\": 1}").status()), "PROVIDER_RESPONSE_INVALID");
  EXPECT_EQ(ErrorReasonOf(ParseBatch("{\"transactions\": [{}]}").status()),
            "PROVIDER_RESPONSE_INVALID");
  EXPECT_EQ(ErrorReasonOf(ParseBatch("<html>").status()), "PROVIDER_RESPONSE_INVALID");
}

TEST(ParseBatchList, TakesOneBatchAnArrayOrAWrappedArray) {
  const std::string one = kDocumentedBatch;
  EXPECT_EQ(ParseBatchList(one)->size(), 1u);
  EXPECT_EQ(ParseBatchList("[" + one + "," + one + "]")->size(), 2u);
  EXPECT_EQ(ParseBatchList("{\"content\": [" + one + "]}")->size(), 1u);
  EXPECT_EQ(ParseBatchList("[]")->size(), 0u);
  EXPECT_FALSE(ParseBatchList("{\"x\": 1}").ok());
}

Cancellation WithStatus(const char* type, std::optional<int64_t> code) {
  Cancellation c;
  c.control_id = 7;
  c.status_type = type;
  c.status = BatchStatusOf(type);
  c.detail_code = code;
  return c;
}

TEST(ResultOf, MapsEveryStatus) {
  Batch batch;
  batch.refund_id = 140426;
  const ProviderResult pending = ResultOf(batch, WithStatus("pending", std::nullopt));
  EXPECT_EQ(pending.outcome, Outcome::kScheduled);
  EXPECT_EQ(pending.echo.reference, "140426/7");
  EXPECT_EQ(ResultOf(batch, WithStatus("DONE", 0)).outcome, Outcome::kSucceeded);
  const ProviderResult failed = ResultOf(batch, WithStatus("failed", 99));
  EXPECT_EQ(failed.outcome, Outcome::kFailed);
  EXPECT_EQ(failed.failure_reason, v1::FAILURE_REASON_PROVIDER_UNAVAILABLE);
  const ProviderResult rejected = ResultOf(batch, WithStatus("Rejected", 109));
  EXPECT_EQ(rejected.outcome, Outcome::kFailed);
  EXPECT_EQ(rejected.failure_reason, v1::FAILURE_REASON_NOT_ELIGIBLE);
  EXPECT_EQ(rejected.echo.code, "109");
  const ProviderResult duplicate = ResultOf(batch, WithStatus("rejected", 476));
  EXPECT_EQ(duplicate.failure_reason, v1::FAILURE_REASON_DUPLICATE_IN_PROGRESS);
  EXPECT_NE(duplicate.failure_message.find("already in flight"), std::string::npos);
  const ProviderResult unknown = ResultOf(batch, WithStatus("approved", std::nullopt));
  EXPECT_EQ(unknown.outcome, Outcome::kScheduled);  // stays pending
  EXPECT_NE(unknown.note.find("unknown status"), std::string::npos);
}

TEST(EchoReference, RoundTrips) {
  EXPECT_EQ(EchoReference(140426, 26032304382552), "140426/26032304382552");
  auto ids = ParseEchoReference("140426/26032304382552");
  ASSERT_TRUE(ids.has_value());
  EXPECT_EQ(ids->refund_id, 140426);
  EXPECT_EQ(ids->control_id, 26032304382552);
  for (const char* bad : {"", "140426", "a/b", "0/1", "1/2/3"}) {
    EXPECT_FALSE(ParseEchoReference(bad).has_value()) << bad;
  }
}

TEST(FindCancellation, ByControlIdThenBySaleAndAmount) {
  auto batch = ParseBatch(kDocumentedBatch);
  ASSERT_TRUE(batch.ok());
  const CancelCommand one_centavo = Command(Sale(), 1);
  EXPECT_NE(FindCancellation(*batch, one_centavo, 26032304382552), nullptr);
  EXPECT_NE(FindCancellation(*batch, one_centavo, 0), nullptr);
  EXPECT_EQ(FindCancellation(*batch, Command(Sale(), 2), 0), nullptr);
  EXPECT_EQ(FindCancellation(*batch, Command(Sale("credit", "Visa", 70000, "2005157771"), 1), 0),
            nullptr);
}

TEST(Urls, FollowTheSettings) {
  nlohmann::json j = testing::SettingsJson("http://h/refunds-api/v1/");
  const Settings settings = Parsed(j);
  EXPECT_EQ(RefundsUrl(settings), "http://h/refunds-api/v1/refunds");
  EXPECT_EQ(BatchUrl(settings, 140426, "2005157770"),
            "http://h/refunds-api/v1/refunds/140426/2005157770");
  EXPECT_EQ(ListUrl(settings, "2005157770", absl::CivilDay(2024, 10, 9), absl::CivilDay(2024, 10, 10),
                    "546441", 1),
            "http://h/refunds-api/v1/refunds?cancelStartDate=09-10-2024&cancelEndDate=10-10-2024"
            "&rows=25&page=1&merchantId=2005157770&authorizationCode=546441");
}

TEST(TokenRequestBody, FormEncodesTheCredentials) {
  EXPECT_EQ(TokenRequestBody(Secret("id 1"), Secret("s&=+/")),
            "client_id=id%201&client_secret=s%26%3D%2B%2F&grant_type=client_credentials");
}

TEST(ParseTokenResponse, HonoursExpiresInOrFallsBack) {
  auto t = ParseTokenResponse({200, {}, R"({"access_token":"abc","expires_in":300})"},
                              absl::Minutes(1));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->access_token.Reveal(), "abc");
  EXPECT_EQ(t->lifetime, absl::Seconds(300));
  EXPECT_EQ(ParseTokenResponse({200, {}, R"({"access_token":"abc"})"}, absl::Minutes(5))->lifetime,
            absl::Minutes(5));
  EXPECT_EQ(ErrorReasonOf(ParseTokenResponse({401, {}, "{}"}, absl::Minutes(5)).status()),
            "PROVIDER_AUTH_FAILED");
  EXPECT_EQ(ErrorReasonOf(ParseTokenResponse({503, {}, ""}, absl::Minutes(5)).status()),
            "PROVIDER_UNAVAILABLE");
  EXPECT_EQ(ErrorReasonOf(ParseTokenResponse({200, {}, "{}"}, absl::Minutes(5)).status()),
            "PROVIDER_RESPONSE_INVALID");
}

TEST(Letters, BodiesFollowTheDocumentedShapes) {
  EXPECT_EQ(LetterPdfBody("2005157770", 26032304382552, LetterLanguage::kEnglish),
            R"({"merchantId":2005157770,"cancellationId":26032304382552,"language":"EN_US"})");
  EXPECT_EQ(LetterZipBody("2005157770", {1, 2, 3}, LetterLanguage::kPortuguese),
            R"({"merchantId":2005157770,"cancellations":[1,2,3],"language":"PT_BR"})");
}

LetterSubject Subject(const std::string& ec, int64_t control, const char* status = "done") {
  LetterSubject s;
  s.command = Command(Sale("credit", "Visa", 100, ec), 1);
  s.echo.status = status;
  s.echo.reference = EchoReference(1, control);
  return s;
}

TEST(PlanLetterCalls, SplitsByEcIntoProviderSizedCallsKeepingOrder) {
  std::vector<LetterSubject> subjects;
  for (int i = 0; i < 25; ++i) subjects.push_back(Subject(i % 2 ? "2005157770" : "3005157770", i + 1));
  auto calls = PlanLetterCalls(subjects, 10);
  ASSERT_TRUE(calls.ok());
  // 13 subjects of 3005157770 (10 + 3), 12 of 2005157770 (10 + 2).
  ASSERT_EQ(calls->size(), 4u);
  size_t total = 0;
  for (const LetterCall& call : *calls) {
    EXPECT_LE(call.control_ids.size(), 10u);
    for (size_t i = 0; i < call.subjects.size(); ++i) {
      EXPECT_EQ(std::get<CieloUnicaSaleRef>(subjects[call.subjects[i]].command.sale).merchant_id,
                call.merchant_id);
      EXPECT_EQ(call.control_ids[i], static_cast<int64_t>(call.subjects[i]) + 1);
      if (i > 0) {
        EXPECT_LT(call.subjects[i - 1], call.subjects[i]);
      }
    }
    total += call.subjects.size();
  }
  EXPECT_EQ(total, 25u);
}

TEST(PlanLetterCalls, RefusesCancellationsThatAreNotDone) {
  auto calls = PlanLetterCalls({Subject("2005157770", 1), Subject("2005157770", 2, "pending")}, 10);
  EXPECT_EQ(calls.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(calls.status()), "LETTER_NOT_AVAILABLE");
  LetterSubject no_id = Subject("2005157770", 1);
  no_id.echo.reference = "";
  EXPECT_EQ(ErrorReasonOf(PlanLetterCalls({no_id}, 10).status()), "LETTER_NOT_AVAILABLE");
}

TEST(PdfsFromZip, RefusesWhatIsNotAZipOfPdfs) {
  EXPECT_EQ(ErrorReasonOf(PdfsFromZip("not a zip", {1}).status()), "PROVIDER_RESPONSE_INVALID");
}

TEST(Settings, ReportTheFieldAndNeverTheSecret) {
  nlohmann::json j = testing::SettingsJson();
  j["bogus"] = 1;
  EXPECT_EQ(ParseSettings(j).status().message(), "settings.bogus: unknown setting");
  j = testing::SettingsJson("https://cielo/refunds");
  EXPECT_NE(ParseSettings(j).status().message().find("settings.tls"), std::string::npos);
  j["tls"] = {{"client_certificate_file", "/nonexistent/c.pem"}, {"client_key_file", "/nonexistent/c.key"}};
  EXPECT_EQ(ParseSettings(j).status().message(),
            "settings.tls.client_certificate_file: cannot read /nonexistent/c.pem");
  j["tls"] = {{"client_certificate_file", "/dev/null"}, {"client_key_file", "/dev/null"}};
  EXPECT_TRUE(ParseSettings(j).ok());
  j["tls"] = {{"client_certificate_file", "/dev/null"}};
  EXPECT_FALSE(ParseSettings(j).ok());  // a certificate needs its key
  j = testing::SettingsJson();
  j["cnpj_roots"] = {{"1234", {"2005157770"}}};
  EXPECT_NE(ParseSettings(j).status().message().find("cnpj_roots.1234"), std::string::npos);
  j["cnpj_roots"] = {{"12345678", {"2005157770"}}, {"87654321", {"2005157770"}}};
  EXPECT_FALSE(ParseSettings(j).ok());  // one EC under two roots
  j = testing::SettingsJson();
  j["letters_per_request"] = 11;
  EXPECT_FALSE(ParseSettings(j).ok());
  j = testing::SettingsJson();
  j["request_envelope"] = "soap";
  EXPECT_FALSE(ParseSettings(j).ok());
  j = testing::SettingsJson();
  j.erase("client_secret");
  const std::string message(ParseSettings(j).status().message());
  EXPECT_NE(message.find("client_secret"), std::string::npos);
  EXPECT_EQ(message.find("acme-unica-sandbox-secret"), std::string::npos);
}

}  // namespace
}  // namespace cancela::providers::cielo_unica
