// What a provider says is stored and returned scrubbed: the engine, on a real SQLite file, with a
// provider whose every free text carries a card number or a credential. The file's own bytes (and
// its write-ahead log) are read back, so that nothing reaches the disk unmasked.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "gtest/gtest.h"
#include "service/core/refund_engine.h"
#include "service/core/request_validation.h"
#include "service/store/sqlite_store.h"
#include "tests/support/captured_sale_provider.h"

namespace cancela::core {
namespace {

constexpr char kCard[] = "4111111111111111";
constexpr char kAmex[] = "378282246310005";
constexpr char kMasked[] = "411111******1111";
constexpr char kToken[] = "CANARY-engine-token-0001";
// Cielo API Única's documented cancellation id: 14 digits that happen to pass the Luhn check.
// It is the provider's id of the cancellation, so it is kept as given.
constexpr char kCancellationId[] = "26032304382552";

// Every free text of every answer carries a card number and a credential.
providers::ProviderResult Loud(providers::Outcome outcome) {
  providers::ProviderResult r;
  r.outcome = outcome;
  const std::string loud = absl::StrCat("card ", kCard, " Bearer ", kToken, " amex ", kAmex);
  r.echo.status = loud;
  r.echo.code = loud;
  r.echo.message = loud;
  r.echo.reason_code = loud;
  r.echo.reason_message = loud;
  r.echo.reference = kCancellationId;
  r.note = loud;
  if (outcome == providers::Outcome::kFailed) r.failure_message = loud;
  return r;
}

class LoudProvider final : public cancela::testing::CapturedSaleProvider {
 public:
  std::string_view id() const override { return "zoop"; }
  providers::ProviderResult Cancel(const providers::CancelCommand& command, absl::Time) override {
    sent_reason = command.reason;
    return Loud(cancel_outcome);
  }
  providers::ProviderResult Reconcile(const providers::CancelCommand&,
                                      const providers::ReconcileBasis&, absl::Time) override {
    return Loud(providers::Outcome::kSucceeded);
  }

  providers::Outcome cancel_outcome = providers::Outcome::kFailed;
  std::string sent_reason;
};

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class RefundEngineHygieneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("cancela-hygiene-", getpid(), "-", absl::ToUnixNanos(absl::Now()));
    std::filesystem::create_directories(dir_);
    auto store = store::SqliteStore::Open((dir_ / "cancela.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    ProviderAccount account;
    account.name = "zoop/marketplace-demo";
    account.provider = "zoop";
    account.tenants = {"acme"};
    account.adapter.reset(provider_ = new LoudProvider);
    accounts_.Add(std::move(account));
    engine_ = std::make_unique<RefundEngine>(*store_, accounts_, clock_, EngineOptions{});
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  absl::StatusOr<SubmitResult> Refund(const std::string& key) {
    v1::RefundRequest r;
    r.set_provider_account("zoop/marketplace-demo");
    r.mutable_sale()->mutable_zoop()->set_transaction_id("5eed2000000000000000000000000001");
    r.mutable_sale()->mutable_zoop()->set_on_behalf_of("5eed5e11e4000000000000000000000a");
    r.set_idempotency_key(key);
    r.set_reason(absl::StrCat("caller pasted ", kCard));
    (*r.mutable_metadata())["note"] = absl::StrCat("api_key=", kToken);
    auto request = ValidateRefundRequest(r);
    if (!request.ok()) return request.status();
    return engine_->Submit("acme", "token:test", *request, absl::InfiniteFuture());
  }

  // Every free text of the record, scrubbed; the provider's id of the cancellation, as given.
  static void ExpectScrubbed(const store::OperationRecord& record) {
    for (const std::string* text :
         {&record.echo.status, &record.echo.code, &record.echo.message, &record.echo.reason_code,
          &record.echo.reason_message, &record.failure_message, &record.reason}) {
      EXPECT_EQ(text->find(kCard), std::string::npos) << *text;
      EXPECT_EQ(text->find(kToken), std::string::npos) << *text;
      EXPECT_NE(text->find(kMasked), std::string::npos) << *text;
    }
    EXPECT_EQ(record.echo.message,
              absl::StrCat("card ", kMasked, " Bearer [REDACTED] amex 378282*****0005"));
    EXPECT_EQ(record.metadata.at("note"), "api_key=[REDACTED]");
    for (const store::StatusChange& change : record.history) {
      EXPECT_EQ(change.note.find(kCard), std::string::npos) << change.note;
      EXPECT_EQ(change.note.find(kToken), std::string::npos) << change.note;
    }
    EXPECT_EQ(record.echo.reference, kCancellationId);
  }

  // The database file and its write-ahead log hold no card number or credential, and do hold
  // the masked forms (so the bytes read are the ones written).
  void ExpectDiskClean() {
    std::string bytes = ReadFile(dir_ / "cancela.db");
    if (std::filesystem::exists(dir_ / "cancela.db-wal")) bytes += ReadFile(dir_ / "cancela.db-wal");
    EXPECT_EQ(bytes.find(kCard), std::string::npos);
    EXPECT_EQ(bytes.find(kAmex), std::string::npos);
    EXPECT_EQ(bytes.find(kToken), std::string::npos);
    EXPECT_NE(bytes.find(kMasked), std::string::npos);
    EXPECT_NE(bytes.find(kCancellationId), std::string::npos);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteStore> store_;
  ProviderAccounts accounts_;
  LoudProvider* provider_ = nullptr;
  SystemClock clock_;
  std::unique_ptr<RefundEngine> engine_;
};

TEST_F(RefundEngineHygieneTest, StoresAndReturnsADeclineScrubbed) {
  auto result = Refund("hygiene-declined-0000001");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->view.record.status, v1::OPERATION_STATUS_FAILED);
  ExpectScrubbed(result->view.record);
  EXPECT_EQ(provider_->sent_reason, absl::StrCat("caller pasted ", kMasked));  // forwarded masked

  auto stored = store_->Get("acme", result->view.record.operation_id);
  ASSERT_TRUE(stored.ok()) << stored.status();
  ExpectScrubbed(*stored);
  ExpectDiskClean();
}

TEST_F(RefundEngineHygieneTest, StoresWhatAReconcileLearnsScrubbed) {
  provider_->cancel_outcome = providers::Outcome::kUnknown;
  auto result = Refund("hygiene-reconciled-00001");
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->view.record.status, v1::OPERATION_STATUS_PENDING);

  auto view = engine_->Get("acme", result->view.record.operation_id, /*refresh=*/true,
                           absl::InfiniteFuture());
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(view->record.status, v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_GE(view->record.history.size(), 2u);
  for (const store::StatusChange& change : view->record.history) {
    EXPECT_EQ(change.note.find(kCard), std::string::npos) << change.note;
  }
  EXPECT_EQ(view->record.echo.message,
            absl::StrCat("card ", kMasked, " Bearer [REDACTED] amex 378282*****0005"));
  EXPECT_EQ(view->record.echo.reference, kCancellationId);
  ExpectDiskClean();
}

}  // namespace
}  // namespace cancela::core
