// The adapter against the simulated API Única over real mutual TLS.

#include "providers/cielo_unica/cielo_unica_provider.h"

#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "providers/cielo_unica/cielo_unica_letters.h"
#include "providers/cielo_unica/cielo_unica_transformers.h"
#include "providers/sandbox/cielo_unica_documents.h"
#include "tests/providers/cielo_unica/cielo_unica_sandbox_fixture.h"

namespace cancela::providers::cielo_unica {
namespace {

using testing::Command;
using testing::Sale;
using testing::UnicaSandboxTest;

constexpr char kCreditKey[] = "2005157770/546441";
const absl::Time kFar = absl::InfiniteFuture();

TEST_F(UnicaSandboxTest, CancelIsScheduledUntilTheNightlyBatchOfDayOne) {
  const absl::Time sent = clock_.Now();
  const ProviderResult queued = provider_->Cancel(Command(Sale(), 100), kFar);
  ASSERT_EQ(queued.outcome, Outcome::kScheduled) << queued.note;
  EXPECT_EQ(queued.echo.status, "pending");
  ASSERT_TRUE(ParseEchoReference(queued.echo.reference).has_value());
  EXPECT_EQ(Executions(kCreditKey), 1);

  SetBrasilia(2026, 11, 21, 7, 59);
  EXPECT_EQ(provider_->Reconcile(Command(Sale(), 100), BasisOf(queued, sent), kFar).outcome,
            Outcome::kScheduled);
  SetBrasilia(2026, 11, 21, 8, 0);
  const ProviderResult done = provider_->Reconcile(Command(Sale(), 100), BasisOf(queued, sent), kFar);
  EXPECT_EQ(done.outcome, Outcome::kSucceeded) << done.note;
  EXPECT_EQ(done.echo.status, "done");
  EXPECT_EQ(done.echo.reference, queued.echo.reference);
  EXPECT_EQ(Executions(kCreditKey), 1);
}

TEST_F(UnicaSandboxTest, ASaleOfTheSameDayIsDecidedOnDayTwo) {
  CieloUnicaSaleRef today = Sale("credit", "Visa", 5000, "2005157770", "546449", "2026-11-20");
  today.nsu = "515035";
  const absl::Time sent = clock_.Now();
  const ProviderResult queued = provider_->Cancel(Command(today, std::nullopt), kFar);
  ASSERT_EQ(queued.outcome, Outcome::kScheduled) << queued.note;
  SetBrasilia(2026, 11, 21, 8, 0);
  EXPECT_EQ(provider_->Reconcile(Command(today, std::nullopt), BasisOf(queued, sent), kFar).outcome,
            Outcome::kScheduled);
  SetBrasilia(2026, 11, 22, 8, 0);
  EXPECT_EQ(provider_->Reconcile(Command(today, std::nullopt), BasisOf(queued, sent), kFar).outcome,
            Outcome::kSucceeded);
}

TEST_F(UnicaSandboxTest, AWrongClientCertificateIsRefusedAndNothingIsSent) {
  auto rogue = MakeAdapter("rogue-client");
  const ProviderResult r = rogue->Cancel(Command(Sale(), 100), kFar);
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_UNAVAILABLE);
  EXPECT_EQ(sandbox_->tokens_issued(), 0);
  EXPECT_EQ(Executions(kCreditKey), 0);

  // Without a certificate the account is not even configurable for an https endpoint.
  nlohmann::json no_certificate = Settings();
  no_certificate["tls"].erase("client_certificate_file");
  no_certificate["tls"].erase("client_key_file");
  EXPECT_FALSE(ParseSettings(no_certificate).ok());
  // And the listener itself refuses a TLS client that shows none.
  http::Request bare;
  bare.method = "POST";
  bare.url = sandbox_->token_url();
  bare.body = "grant_type=client_credentials";
  bare.deadline = absl::Now() + absl::Seconds(10);
  bare.ca_bundle_file = dir_ + "/ca.pem";
  EXPECT_NE(transport_.Send(bare).failure, http::Failure::kNone);
  bare.client_certificate_file = dir_ + "/client.pem";
  bare.client_key_file = dir_ + "/client.key";
  const http::Result with_certificate = transport_.Send(bare);
  EXPECT_EQ(with_certificate.failure, http::Failure::kNone);
  EXPECT_EQ(with_certificate.response.status, 401);  // reached the token endpoint: no credentials

  nlohmann::json unknown_server = Settings();
  unknown_server["tls"]["ca_file"] = dir_ + "/rogue-ca.pem";  // the server's CA is not trusted
  EXPECT_EQ(MakeAdapterFrom(unknown_server)->Cancel(Command(Sale(), 100), kFar).outcome,
            Outcome::kFailed);
  EXPECT_EQ(Executions(kCreditKey), 0);

  // The right certificate works on the same listener.
  EXPECT_EQ(provider_->Cancel(Command(Sale(), 100), kFar).outcome, Outcome::kScheduled);
}

TEST_F(UnicaSandboxTest, ALostAnswerIsFoundThroughTheListQueryAndNeverResent) {
  sandbox::FaultRule drop;
  drop.kind = sandbox::FaultKind::kExecuteThenDrop;
  drop.payment_id = "546441";
  drop.method = "POST";
  sandbox_->InjectFault(drop);
  const absl::Time sent = clock_.Now();
  const ProviderResult lost = provider_->Cancel(Command(Sale(), 2500), kFar);
  ASSERT_EQ(lost.outcome, Outcome::kUnknown) << lost.note;
  EXPECT_TRUE(lost.echo.reference.empty());

  clock_.Advance(absl::Minutes(2));
  const ProviderResult found = provider_->Reconcile(Command(Sale(), 2500), BasisOf(lost, sent), kFar);
  ASSERT_EQ(found.outcome, Outcome::kScheduled) << found.note;
  EXPECT_TRUE(absl::StrContains(found.note, "list query"));
  ASSERT_TRUE(ParseEchoReference(found.echo.reference).has_value());
  EXPECT_GE(sandbox_->ledger().RequestCount("GET", "546441"), 1);

  SetBrasilia(2026, 11, 21, 8, 0);
  const ProviderResult done = provider_->Reconcile(Command(Sale(), 2500), BasisOf(found, sent), kFar);
  EXPECT_EQ(done.outcome, Outcome::kSucceeded) << done.note;
  // Executed once, requested once: the lost request was followed, never sent again.
  EXPECT_EQ(Executions(kCreditKey), 1);
  EXPECT_EQ(sandbox_->ledger().RequestCount("POST", "546441"), 1);
}

TEST_F(UnicaSandboxTest, ARequestThatNeverArrivedStaysUnknownAndIsNotResent) {
  sandbox::FaultRule reset;
  reset.kind = sandbox::FaultKind::kReset;
  reset.payment_id = "546441";
  reset.method = "POST";
  sandbox_->InjectFault(reset);
  const absl::Time sent = clock_.Now();
  const ProviderResult lost = provider_->Cancel(Command(Sale(), 2500), kFar);
  ASSERT_EQ(lost.outcome, Outcome::kUnknown);
  const ProviderResult still = provider_->Reconcile(Command(Sale(), 2500), BasisOf(lost, sent), kFar);
  EXPECT_EQ(still.outcome, Outcome::kUnknown);
  EXPECT_TRUE(absl::StrContains(still.note, "never resent")) << still.note;
  EXPECT_EQ(Executions(kCreditKey), 0);
  EXPECT_EQ(sandbox_->ledger().RequestCount("POST", "546441"), 1);
}

TEST_F(UnicaSandboxTest, ATokenExpiringDuringABurstIsRefreshedExactlyOnce) {
  const absl::Time sent = clock_.Now();
  const ProviderResult queued = provider_->Cancel(Command(Sale(), 100), kFar);
  ASSERT_EQ(queued.outcome, Outcome::kScheduled);
  ASSERT_EQ(sandbox_->tokens_issued(), 1);
  clock_.Advance(absl::Minutes(5));  // the 5-minute token is gone for both sides
  std::vector<std::thread> burst;
  std::vector<Outcome> outcomes(16, Outcome::kUnknown);
  for (size_t i = 0; i < outcomes.size(); ++i) {
    burst.emplace_back([&, i] {
      outcomes[i] = provider_->Reconcile(Command(Sale(), 100), BasisOf(queued, sent), kFar).outcome;
    });
  }
  for (std::thread& t : burst) t.join();
  for (Outcome o : outcomes) EXPECT_EQ(o, Outcome::kScheduled);
  EXPECT_EQ(sandbox_->tokens_issued(), 2);
  EXPECT_EQ(provider_->token_fetches(), 2);
}

TEST_F(UnicaSandboxTest, ATokenTheProviderRejectsIsRefreshedOnceAndTheCallSucceeds) {
  const absl::Time sent = clock_.Now();
  const ProviderResult queued = provider_->Cancel(Command(Sale(), 100), kFar);
  ASSERT_EQ(queued.outcome, Outcome::kScheduled);
  sandbox_->AdvanceClock(absl::Minutes(10));  // only Cielo's clock: the adapter still trusts it
  const ProviderResult r = provider_->Reconcile(Command(Sale(), 100), BasisOf(queued, sent), kFar);
  EXPECT_EQ(r.outcome, Outcome::kScheduled);
  EXPECT_FALSE(absl::StrContains(r.note, "failed")) << r.note;
  EXPECT_EQ(sandbox_->tokens_issued(), 2);
}

TEST_F(UnicaSandboxTest, WrongClientCredentialsFailClearly) {
  nlohmann::json j = Settings();
  j["client_secret"] = {{"value", "not-the-secret"}};
  const ProviderResult r = MakeAdapterFrom(j)->Cancel(Command(Sale(), 100), kFar);
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_AUTHENTICATION);
  EXPECT_EQ(r.failure_message.find("not-the-secret"), std::string::npos);
  EXPECT_EQ(Executions(kCreditKey), 0);
}

ProviderResult AfterBatch(UnicaSandboxTest& t, CieloUnicaProvider& p, const CancelCommand& c,
                          const ProviderResult& queued, absl::Time sent) {
  ReconcileBasis basis;
  basis.sent_at = sent;
  basis.recorded = queued.echo;
  (void)t;
  return p.Reconcile(c, basis, kFar);
}

TEST_F(UnicaSandboxTest, TheBatchsRejectionsAndFailuresMapToReasons) {
  struct Case {
    CieloUnicaSaleRef sale;
    int64_t amount;
    v1::FailureReason reason;
    const char* code;
  };
  std::vector<Case> cases = {
      {Sale("debit", "Visa", 8000, "2005157770", "546443"), 100, v1::FAILURE_REASON_NOT_ELIGIBLE, "109"},
      {Sale("credit", "Visa", 7500, "2005157770", "546450"), 100,
       v1::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE, "72"},
      {Sale("credit", "Visa", 2000, "2005157770", "546451"), 100,
       v1::FAILURE_REASON_PROVIDER_UNAVAILABLE, "99"},
      {Sale("voucher", "Alelo", 4500, "2005157770", "546445"), 100, v1::FAILURE_REASON_NOT_ELIGIBLE,
       "120"},
  };
  const absl::Time sent = clock_.Now();
  std::vector<ProviderResult> queued;
  for (Case& c : cases) c.sale.nsu.clear();  // the NSU is optional; these sales have others
  for (const Case& c : cases) {
    queued.push_back(provider_->Cancel(Command(c.sale, c.amount), kFar));  // rules bypassed
    ASSERT_EQ(queued.back().outcome, Outcome::kScheduled) << queued.back().note;
  }
  SetBrasilia(2026, 11, 21, 8, 0);
  for (size_t i = 0; i < cases.size(); ++i) {
    const ProviderResult r =
        AfterBatch(*this, *provider_, Command(cases[i].sale, cases[i].amount), queued[i], sent);
    EXPECT_EQ(r.outcome, Outcome::kFailed) << cases[i].code;
    EXPECT_EQ(r.failure_reason, cases[i].reason) << cases[i].code;
    EXPECT_EQ(r.echo.code, cases[i].code);
  }
}

TEST_F(UnicaSandboxTest, ASecondIdenticalRequestIsADuplicateInFlight) {
  ASSERT_EQ(provider_->Cancel(Command(Sale(), 300), kFar).outcome, Outcome::kScheduled);
  const ProviderResult second = provider_->Cancel(Command(Sale(), 300), kFar);
  EXPECT_EQ(second.outcome, Outcome::kFailed);
  EXPECT_EQ(second.failure_reason, v1::FAILURE_REASON_DUPLICATE_IN_PROGRESS);
  EXPECT_EQ(second.echo.code, "10");
  EXPECT_EQ(Executions(kCreditKey), 1);
}

TEST_F(UnicaSandboxTest, LettersOfTwentyFiveCancellationsOverTwoEcsComeInProviderSizedCalls) {
  std::vector<LetterSubject> subjects;
  std::vector<ProviderResult> queued;
  const absl::Time sent = clock_.Now();
  for (int i = 0; i < 25; ++i) {
    sandbox::UnicaSale sale;
    sale.merchant_id = i < 11 ? "2005157771" : "3005157770";
    sale.cnpj_root = i < 11 ? "12345678" : "87654321";
    sale.authorization_code = absl::StrCat(700000 + i);
    sale.nsu = absl::StrCat(900000 + i);
    sale.sale_day = absl::CivilDay(2026, 11, 17);
    sale.amount = 1000 + i;
    sale.product = "credit";
    sale.brand = "Visa";
    sandbox_->book().AddSale(sale);
    CieloUnicaSaleRef ref = Sale("credit", "Visa", sale.amount, sale.merchant_id,
                                 sale.authorization_code, "2026-11-17");
    ref.nsu = sale.nsu;
    LetterSubject subject;
    subject.command = Command(ref, std::nullopt);
    queued.push_back(provider_->Cancel(subject.command, kFar));
    ASSERT_EQ(queued.back().outcome, Outcome::kScheduled) << queued.back().note;
    subjects.push_back(subject);
  }
  SetBrasilia(2026, 11, 21, 8, 0);
  for (size_t i = 0; i < subjects.size(); ++i) {
    const ProviderResult done = AfterBatch(*this, *provider_, subjects[i].command, queued[i], sent);
    ASSERT_EQ(done.outcome, Outcome::kSucceeded);
    subjects[i].echo = done.echo;
  }
  // Interleave the ECs, so the order asked differs from the calls' grouping.
  std::vector<LetterSubject> asked;
  for (size_t i = 0; i < 14; ++i) {
    if (i < 11) asked.push_back(subjects[i]);
    asked.push_back(subjects[11 + i]);
  }
  auto letters = provider_->FetchLetters(asked, LetterLanguage::kPortuguese, kFar);
  ASSERT_TRUE(letters.ok()) << letters.status();
  ASSERT_EQ(letters->pdfs.size(), 25u);
  for (size_t i = 0; i < asked.size(); ++i) {
    const int64_t control = ParseEchoReference(asked[i].echo.reference)->control_id;
    EXPECT_TRUE(absl::StartsWith(letters->pdfs[i], "%PDF-"));
    EXPECT_TRUE(absl::StrContains(letters->pdfs[i], absl::StrCat("Id do cancelamento: ", control)))
        << i;
  }
  // EC 2005157771: 11 = 10 (ZIP) + 1 (PDF); EC 3005157770: 14 = 10 + 4 (ZIPs).
  EXPECT_EQ(PostsTo("/letter-api/zip"), 3);
  EXPECT_EQ(PostsTo("/letter-api/pdf"), 1);

  auto english = provider_->FetchLetters({asked[0]}, LetterLanguage::kEnglish, kFar);
  ASSERT_TRUE(english.ok());
  EXPECT_TRUE(absl::StrContains(english->pdfs[0], "Cancellation letter"));
}

TEST_F(UnicaSandboxTest, ALetterOfAPendingCancellationIsNotReadyYet) {
  const ProviderResult queued = provider_->Cancel(Command(Sale(), 100), kFar);
  ASSERT_EQ(queued.outcome, Outcome::kScheduled);
  LetterSubject subject;
  subject.command = Command(Sale(), 100);
  subject.echo = queued.echo;
  subject.echo.status = "done";  // as if cancela believed it done: Cielo still says no
  auto letters = provider_->FetchLetters({subject}, LetterLanguage::kPortuguese, kFar);
  EXPECT_EQ(letters.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReasonOf(letters.status()), "LETTER_NOT_READY");
}

TEST_F(UnicaSandboxTest, AServerErrorLeavesTheOutcomeUnknownUntilCieloSaysOtherwise) {
  sandbox::FaultRule error;
  error.kind = sandbox::FaultKind::kHttp500;
  error.payment_id = "546441";
  error.method = "POST";
  sandbox_->InjectFault(error);
  const ProviderResult r = provider_->Cancel(Command(Sale(), 100), kFar);
  EXPECT_EQ(r.outcome, Outcome::kUnknown);
  EXPECT_TRUE(absl::StrContains(r.note, "HTTP 500")) << r.note;
  EXPECT_EQ(Executions(kCreditKey), 0);
}

TEST_F(UnicaSandboxTest, ARequestCieloCannotReadIsRefusedAndNothingRuns) {
  nlohmann::json j = Settings();
  j["request_envelope"] = "bare_object";  // the simulator only takes {"transactions": [...]}
  const ProviderResult bare = MakeAdapterFrom(j)->Cancel(Command(Sale(), 200), kFar);
  EXPECT_EQ(bare.outcome, Outcome::kFailed);
  EXPECT_EQ(bare.failure_reason, v1::FAILURE_REASON_INVALID_REQUEST);
  EXPECT_EQ(bare.echo.code, "115");
  EXPECT_EQ(Executions(kCreditKey), 0);
}

TEST(PdfsFromZip, MatchesEntriesByTheControlIdInTheirNamesOrElseByPosition) {
  const std::string one = sandbox::MinimalPdf({"one"});
  const std::string two = sandbox::MinimalPdf({"two"});
  auto named = sandbox::ZipOf({{"carta_22.pdf", two}, {"carta_11.pdf", one}});
  ASSERT_TRUE(named.ok());
  auto by_name = PdfsFromZip(*named, {11, 22});
  ASSERT_TRUE(by_name.ok()) << by_name.status();
  EXPECT_EQ((*by_name)[0], one);
  EXPECT_EQ((*by_name)[1], two);
  auto anonymous = sandbox::ZipOf({{"a.pdf", one}, {"b.pdf", two}});
  ASSERT_TRUE(anonymous.ok());
  auto by_position = PdfsFromZip(*anonymous, {11, 22});
  ASSERT_TRUE(by_position.ok());
  EXPECT_EQ((*by_position)[0], one);
  EXPECT_EQ(ErrorReasonOf(PdfsFromZip(*anonymous, {11}).status()), "PROVIDER_RESPONSE_INVALID");
  auto not_pdf = sandbox::ZipOf({{"carta_11.pdf", "hello"}});
  ASSERT_TRUE(not_pdf.ok());
  EXPECT_EQ(ErrorReasonOf(PdfsFromZip(*not_pdf, {11}).status()), "PROVIDER_RESPONSE_INVALID");
}

// A transport that answers the token endpoint and then 401 to everything else.
class AlwaysUnauthorized : public http::HttpTransport {
 public:
  http::Result Send(const http::Request& request) override {
    http::Result r;
    if (absl::EndsWith(request.url, "/token")) {
      ++tokens;
      r.response = {200, {}, absl::StrCat(R"({"access_token":"t)", tokens, R"(","expires_in":300})")};
    } else {
      ++calls;
      r.response = {401, {}, R"({"errorCode":401,"errorMessage":"unauthorized"})"};
    }
    return r;
  }
  int tokens = 0;
  int calls = 0;
};

TEST(CieloUnicaAuth, A401IsRetriedOnceWithAFreshTokenThenFailsClearly) {
  AlwaysUnauthorized transport;
  ManualClock clock(absl::FromUnixSeconds(1700000000));
  auto settings = ParseSettings(testing::SettingsJson());
  ASSERT_TRUE(settings.ok());
  CieloUnicaProvider provider(*settings, transport, clock);
  const ProviderResult r = provider.Cancel(Command(Sale(), 100), kFar);
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_AUTHENTICATION);
  EXPECT_EQ(transport.tokens, 2);
  EXPECT_EQ(transport.calls, 2);
}

}  // namespace
}  // namespace cancela::providers::cielo_unica
