// The letter service on a real SQLite file, with fake providers: one that cancela renders letters
// for (it only answers GetSale), and one that issues official letters (it records every
// FetchLetters call, as the Cielo API Única adapter would receive it).

#include "service/letters/letter_service.h"

#include <unistd.h>

#include <filesystem>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "service/core/ids.h"
#include "service/store/sqlite_store.h"
#include "tests/letters/letter_fixtures.h"
#include "tests/letters/pdf_text.h"
#include "tests/support/captured_sale_provider.h"

namespace cancela::letters {
namespace {

using cancela::testing::LetterTestTime;

constexpr char kEcommerce[] = "cielo-ecommerce/loja-centro";
constexpr char kUnicaMatriz[] = "cielo-unica/matriz";
constexpr char kUnicaFilial[] = "cielo-unica/filial";

// A provider cancela renders letters for. Only GetSale is used.
class SaleFactsProvider final : public cancela::testing::CapturedSaleProvider {
 public:
  std::string_view id() const override { return "cielo_ecommerce"; }
  absl::StatusOr<providers::SaleSnapshot> GetSale(const providers::SaleRef&, absl::Time) override {
    absl::MutexLock lock(&mu);
    ++get_sale_calls;
    if (!answer.ok()) return answer;
    return cancela::testing::VisaSale();
  }
  providers::ProviderResult Cancel(const providers::CancelCommand&, absl::Time) override { return {}; }
  providers::ProviderResult Reconcile(const providers::CancelCommand&,
                                      const providers::ReconcileBasis&, absl::Time) override {
    return {};
  }

  absl::Mutex mu;
  int get_sale_calls ABSL_GUARDED_BY(mu) = 0;
  absl::Status answer ABSL_GUARDED_BY(mu) = absl::OkStatus();
};

// A provider that issues official letters, one PDF per subject in order.
class OfficialLetterProvider final : public cancela::testing::CapturedSaleProvider {
 public:
  struct FetchCall {
    std::vector<std::string> operation_ids;
    std::vector<std::string> references;  // echo.reference: the provider's cancellation id
    providers::LetterLanguage language;
  };

  std::string_view id() const override { return "cielo_unica"; }
  bool IssuesLetters() const override { return true; }
  absl::StatusOr<providers::IssuedLetters> FetchLetters(
      const std::vector<providers::LetterSubject>& subjects, providers::LetterLanguage language,
      absl::Time) override {
    absl::MutexLock lock(&mu);
    FetchCall call{{}, {}, language};
    providers::IssuedLetters issued;
    bool ready = true;
    for (const providers::LetterSubject& subject : subjects) {
      call.operation_ids.push_back(subject.command.operation_id);
      call.references.push_back(subject.echo.reference);
      ready = ready && not_ready.count(subject.command.operation_id) == 0;
      issued.pdfs.push_back(garbage ? std::string("<html>maintenance</html>")
                                    : OfficialPdf(subject.command.operation_id, language));
    }
    calls.push_back(call);
    if (!ready) {
      return MakeRetryableError(absl::StatusCode::kUnavailable, v1::LETTER_NOT_READY,
                                "Cielo has not issued the letter yet", absl::Hours(1));
    }
    return issued;
  }
  static std::string OfficialPdf(const std::string& operation_id, providers::LetterLanguage l) {
    return absl::StrCat("%PDF-1.4 official letter of ", operation_id,
                        l == providers::LetterLanguage::kEnglish ? " EN_US" : " PT_BR");
  }
  absl::StatusOr<providers::SaleSnapshot> GetSale(const providers::SaleRef&, absl::Time) override {
    return absl::InternalError("the letter service must not ask for the sale of official letters");
  }
  providers::ProviderResult Cancel(const providers::CancelCommand&, absl::Time) override { return {}; }
  providers::ProviderResult Reconcile(const providers::CancelCommand&,
                                      const providers::ReconcileBasis&, absl::Time) override {
    return {};
  }

  absl::Mutex mu;
  std::vector<FetchCall> calls ABSL_GUARDED_BY(mu);
  std::set<std::string> not_ready ABSL_GUARDED_BY(mu);
  bool garbage ABSL_GUARDED_BY(mu) = false;  // answer something that is not a PDF
};

class LetterServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto dir = std::filesystem::temp_directory_path() /
                     absl::StrCat("cancela-letters-", getpid(), "-", absl::ToUnixNanos(absl::Now()));
    std::filesystem::create_directories(dir);
    auto store = store::SqliteStore::Open((dir / "letters.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    AddAccount(kEcommerce, "cielo_ecommerce", std::unique_ptr<providers::Provider>(rendered_ = new SaleFactsProvider));
    AddAccount(kUnicaMatriz, "cielo_unica", std::unique_ptr<providers::Provider>(matriz_ = new OfficialLetterProvider));
    AddAccount(kUnicaFilial, "cielo_unica", std::unique_ptr<providers::Provider>(filial_ = new OfficialLetterProvider));
    LetterOptions options;
    options.merchants[kEcommerce] = {"Loja Centro Comércio Ltda", "1234567890"};
    service_ = std::make_unique<LetterService>(*store_, accounts_, clock_, options);
  }

  void AddAccount(const char* name, const char* provider, std::unique_ptr<providers::Provider> adapter) {
    core::ProviderAccount account;
    account.name = name;
    account.provider = provider;
    account.tenants = {"acme"};
    account.adapter = std::move(adapter);
    accounts_.Add(std::move(account));
  }

  // A new operation of `account`, moved to `status`.
  std::string Operation(const char* account, v1::OperationStatus status = v1::OPERATION_STATUS_SUCCEEDED,
                        const std::string& tenant = "acme") {
    const int n = ++count_;
    store::BeginRequest begin;
    store::OperationRecord& op = begin.operation;
    op.operation_id = core::NewOperationId(LetterTestTime() + absl::Milliseconds(n));
    op.tenant = tenant;
    op.idempotency_key = absl::StrCat("letter-test-key-", n, "-0000000");
    op.fingerprint = op.idempotency_key;
    op.kind = v1::OPERATION_KIND_REFUND;
    op.provider_account = account;
    v1::SaleReference sale;
    if (absl::StartsWith(account, "cielo-unica")) {
      op.provider = "cielo_unica";
      v1::CieloUnicaSale* unica = sale.mutable_cielo_unica();
      unica->set_merchant_id(account == std::string(kUnicaMatriz) ? "2005157770" : "2005157771");
      unica->set_authorization_code(absl::StrCat("A", n));
      unica->set_sale_date("2026-11-10");
      unica->mutable_sale_amount()->set_amount_minor_units(10000);
      unica->mutable_sale_amount()->set_currency_code("BRL");
    } else {
      op.provider = "cielo_ecommerce";
      sale.mutable_cielo_ecommerce()->set_payment_id(
          absl::StrCat("5eed0000-0000-4000-8000-", absl::Dec(n, absl::kZeroPad12)));
    }
    op.sale_key = absl::StrCat("sale-", n);
    op.sale_reference = sale.SerializeAsString();
    op.amount_minor_units = 2500;
    op.currency = "BRL";
    op.sale_amount_minor_units = 10000;
    begin.now = LetterTestTime() + absl::Milliseconds(n);
    begin.actor = "test";
    auto begun = store_->Begin(begin);
    EXPECT_TRUE(begun.ok()) << begun.status();
    if (status != v1::OPERATION_STATUS_PENDING) {
      store::TransitionRequest t;
      t.operation_id = op.operation_id;
      t.status = status;
      t.failure_reason = status == v1::OPERATION_STATUS_FAILED ? v1::FAILURE_REASON_PROVIDER_DECLINED
                                                               : v1::FAILURE_REASON_UNSPECIFIED;
      t.echo = providers::ProviderEcho{"done", "", "", "", "", absl::StrCat("2603230438", n)};
      t.now = begin.now + absl::Seconds(1);
      EXPECT_TRUE(store_->Transition(t).ok());
    }
    return op.operation_id;
  }

  absl::StatusOr<store::LetterRecord> Get(const std::string& id,
                                          v1::LetterLanguage language = v1::LETTER_LANGUAGE_UNSPECIFIED,
                                          const std::string& tenant = "acme") {
    return service_->Get(tenant, id, language, absl::InfiniteFuture());
  }

  int GetSaleCalls() {
    absl::MutexLock lock(&rendered_->mu);
    return rendered_->get_sale_calls;
  }

  ManualClock clock_{LetterTestTime() + absl::Hours(1)};
  std::unique_ptr<store::SqliteStore> store_;
  core::ProviderAccounts accounts_;
  SaleFactsProvider* rendered_ = nullptr;
  OfficialLetterProvider* matriz_ = nullptr;
  OfficialLetterProvider* filial_ = nullptr;
  std::unique_ptr<LetterService> service_;
  int count_ = 0;
};

TEST_F(LetterServiceTest, RendersALetterOnceAndServesTheSameBytesAfterwards) {
  const std::string id = Operation(kEcommerce);
  auto first = Get(id);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->source, v1::LETTER_SOURCE_CANCELA);
  EXPECT_EQ(first->language, v1::LETTER_LANGUAGE_PT_BR);  // Portuguese by default
  EXPECT_EQ(first->content_type, "application/pdf");
  EXPECT_EQ(first->file_name, absl::StrCat("carta-de-cancelamento-", id, ".pdf"));
  EXPECT_EQ(first->verification_hash.size(), 64u);
  const std::string text = cancela::testing::PdfText(first->content);
  EXPECT_TRUE(absl::StrContains(text, "Carta de Cancelamento")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Loja Centro Comércio Ltda")) << text;
  EXPECT_TRUE(absl::StrContains(text, id));
  EXPECT_TRUE(absl::StrContains(text, first->verification_hash));

  clock_.Advance(absl::Hours(48));  // a later render would differ; the stored letter does not
  auto second = Get(id, v1::LETTER_LANGUAGE_PT_BR);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->content, first->content);
  EXPECT_EQ(GetSaleCalls(), 1);  // the provider was asked once

  auto english = Get(id, v1::LETTER_LANGUAGE_EN_US);
  ASSERT_TRUE(english.ok());
  EXPECT_EQ(english->file_name, absl::StrCat("cancellation-letter-", id, ".pdf"));
  EXPECT_TRUE(absl::StrContains(cancela::testing::PdfText(english->content), "Cancellation Letter"));
  EXPECT_EQ(english->verification_hash, first->verification_hash);  // same facts, same hash
}

TEST_F(LetterServiceTest, PendingAndFailedOperationsHaveNoLetter) {
  for (v1::OperationStatus status : {v1::OPERATION_STATUS_PENDING, v1::OPERATION_STATUS_FAILED}) {
    auto letter = Get(Operation(kEcommerce, status));
    EXPECT_EQ(letter.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ErrorReasonOf(letter.status()), "LETTER_NOT_AVAILABLE");
  }
  EXPECT_EQ(GetSaleCalls(), 0);
}

TEST_F(LetterServiceTest, AnotherTenantsOperationIsNotFoundLikeAMissingOne) {
  const std::string theirs = Operation(kEcommerce, v1::OPERATION_STATUS_SUCCEEDED, "globex");
  auto other = Get(theirs);
  auto missing = Get("op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReasonOf(other.status()), "OPERATION_NOT_FOUND");
  EXPECT_EQ(other.status().message(), missing.status().message());
  EXPECT_EQ(GetSaleCalls(), 0);
}

TEST_F(LetterServiceTest, AProviderThatCannotBeAskedNowStoresNothing) {
  const std::string id = Operation(kEcommerce);
  {
    absl::MutexLock lock(&rendered_->mu);
    rendered_->answer = MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE, "down");
  }
  auto letter = Get(id);
  EXPECT_EQ(letter.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReasonOf(letter.status()), "PROVIDER_UNAVAILABLE");
  auto stored = store_->FindLetter(id, v1::LETTER_LANGUAGE_PT_BR);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value());
}

TEST_F(LetterServiceTest, ASaleTheProviderNoLongerKnowsStillGetsALetterOfTheRecordedFacts) {
  const std::string id = Operation(kEcommerce);
  {
    absl::MutexLock lock(&rendered_->mu);
    rendered_->answer = MakeError(absl::StatusCode::kNotFound, v1::SALE_NOT_FOUND, "too old");
  }
  auto letter = Get(id);
  ASSERT_TRUE(letter.ok()) << letter.status();
  const std::string text = cancela::testing::PdfText(letter->content);
  EXPECT_TRUE(absl::StrContains(text, "R$ 25,00")) << text;
  EXPECT_FALSE(absl::StrContains(text, "0183"));  // no card facts without the provider
}

TEST_F(LetterServiceTest, ConcurrentFirstRequestsAllGetTheOneStoredLetter) {
  const std::string id = Operation(kEcommerce);
  std::vector<std::string> contents(6);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < contents.size(); ++i) {
    threads.emplace_back([&, i] {
      clock_.Advance(absl::Seconds(1));  // each render may differ in its stored time
      auto letter = Get(id);
      if (letter.ok()) contents[i] = letter->content;
    });
  }
  for (auto& t : threads) t.join();
  auto stored = store_->FindLetter(id, v1::LETTER_LANGUAGE_PT_BR);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  for (const std::string& content : contents) EXPECT_EQ(content, (*stored)->content);
}

TEST_F(LetterServiceTest, OfficialLettersAreFetchedOnceStoredAndMatchedToTheirOperations) {
  const std::string id = Operation(kUnicaMatriz);
  auto letter = Get(id, v1::LETTER_LANGUAGE_EN_US);
  ASSERT_TRUE(letter.ok()) << letter.status();
  EXPECT_EQ(letter->source, v1::LETTER_SOURCE_PROVIDER);
  EXPECT_EQ(letter->content,
            OfficialLetterProvider::OfficialPdf(id, providers::LetterLanguage::kEnglish));
  ASSERT_TRUE(Get(id, v1::LETTER_LANGUAGE_EN_US).ok());
  absl::MutexLock lock(&matriz_->mu);
  ASSERT_EQ(matriz_->calls.size(), 1u);  // the second request was served from the store
  EXPECT_EQ(matriz_->calls[0].language, providers::LetterLanguage::kEnglish);
  ASSERT_EQ(matriz_->calls[0].references.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(matriz_->calls[0].references[0], "2603230438"));  // the cancellation id
}

TEST_F(LetterServiceTest, ABatchAsksEachAccountOnceForAllItsLettersInOrder) {
  // 23 official letters of one merchant (more than Cielo's 10 per request: the adapter splits),
  // 3 of another, and 4 rendered ones, interleaved.
  std::vector<std::string> ids;
  std::vector<std::string> matriz_ids;
  std::vector<std::string> filial_ids;
  for (int i = 0; i < 30; ++i) {
    if (i % 10 == 3) {
      ids.push_back(Operation(kEcommerce));
    } else if (i % 10 == 7) {
      filial_ids.push_back(Operation(kUnicaFilial));
      ids.push_back(filial_ids.back());
    } else {
      matriz_ids.push_back(Operation(kUnicaMatriz));
      ids.push_back(matriz_ids.back());
    }
  }
  ASSERT_EQ(matriz_ids.size(), 24u);
  const std::vector<LetterResult> results =
      service_->GetMany("acme", ids, v1::LETTER_LANGUAGE_PT_BR, absl::InfiniteFuture());
  ASSERT_EQ(results.size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(results[i].operation_id, ids[i]);
    ASSERT_TRUE(results[i].letter.ok()) << results[i].letter.status();
    if (results[i].letter->source == v1::LETTER_SOURCE_PROVIDER) {
      EXPECT_EQ(results[i].letter->content,
                OfficialLetterProvider::OfficialPdf(ids[i], providers::LetterLanguage::kPortuguese));
    }
  }
  {
    absl::MutexLock lock(&matriz_->mu);
    ASSERT_EQ(matriz_->calls.size(), 1u);
    EXPECT_EQ(matriz_->calls[0].operation_ids, matriz_ids);
  }
  {
    absl::MutexLock lock(&filial_->mu);
    ASSERT_EQ(filial_->calls.size(), 1u);
    EXPECT_EQ(filial_->calls[0].operation_ids, filial_ids);
  }
  EXPECT_EQ(GetSaleCalls(), 3);

  // Asked again: everything comes from the store.
  const std::vector<LetterResult> again =
      service_->GetMany("acme", ids, v1::LETTER_LANGUAGE_PT_BR, absl::InfiniteFuture());
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(again[i].letter->content, results[i].letter->content);
  absl::MutexLock lock(&matriz_->mu);
  EXPECT_EQ(matriz_->calls.size(), 1u);
}

TEST_F(LetterServiceTest, ALetterNotIssuedYetDoesNotHoldBackTheOthers) {
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(Operation(kUnicaMatriz));
  {
    absl::MutexLock lock(&matriz_->mu);
    matriz_->not_ready.insert(ids[2]);
  }
  const std::vector<LetterResult> results =
      service_->GetMany("acme", ids, v1::LETTER_LANGUAGE_PT_BR, absl::InfiniteFuture());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i == 2) {
      EXPECT_EQ(results[i].letter.status().code(), absl::StatusCode::kUnavailable);
      EXPECT_EQ(ErrorReasonOf(results[i].letter.status()), "LETTER_NOT_READY");
      EXPECT_TRUE(GetErrorDetails(results[i].letter.status()).retry_after.has_value());
    } else {
      EXPECT_TRUE(results[i].letter.ok()) << i << ": " << results[i].letter.status();
    }
  }
  auto stored = store_->FindLetter(ids[2], v1::LETTER_LANGUAGE_PT_BR);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value());
  {
    absl::MutexLock lock(&matriz_->mu);
    matriz_->not_ready.clear();
  }
  auto later = Get(ids[2]);
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_EQ(later->source, v1::LETTER_SOURCE_PROVIDER);
}

TEST_F(LetterServiceTest, AnOfficialLetterThatIsNotAPdfIsRefusedAndNotStored) {
  const std::string id = Operation(kUnicaMatriz);
  {
    absl::MutexLock lock(&matriz_->mu);
    matriz_->garbage = true;
  }
  auto letter = Get(id);
  EXPECT_EQ(letter.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(ErrorReasonOf(letter.status()), "PROVIDER_RESPONSE_INVALID");
  auto stored = store_->FindLetter(id, v1::LETTER_LANGUAGE_PT_BR);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value());
}

TEST_F(LetterServiceTest, ListsTheSucceededOperationsOfARangePageByPage) {
  std::set<std::string> succeeded;
  for (int i = 0; i < 7; ++i) succeeded.insert(Operation(kEcommerce));
  Operation(kEcommerce, v1::OPERATION_STATUS_FAILED);
  Operation(kEcommerce, v1::OPERATION_STATUS_PENDING);
  Operation(kEcommerce, v1::OPERATION_STATUS_SUCCEEDED, "globex");
  std::optional<store::ListCursor> cursor;
  std::set<std::string> seen;
  for (int page = 0; page < 5; ++page) {
    auto ids = service_->SucceededBetween("acme", absl::InfinitePast(), absl::InfiniteFuture(), cursor, 3);
    ASSERT_TRUE(ids.ok()) << ids.status();
    if (ids->empty()) break;
    seen.insert(ids->begin(), ids->end());
  }
  EXPECT_EQ(seen, succeeded);
}

}  // namespace
}  // namespace cancela::letters
