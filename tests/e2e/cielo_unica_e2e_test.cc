// Cielo API Única end to end: gRPC client → cancela server → libcurl over mutual TLS → the
// simulated API Única and its nightly batch, on loopback.

#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "cancela/v1/refund_service.grpc.pb.h"
#include "gtest/gtest.h"
#include "providers/sandbox/cielo_unica_seed.h"
#include "providers/sandbox/cielo_unica_simulator.h"
#include "service/core/fingerprint.h"
#include "service/server/server.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/grpc_status_details.h"
#include "tests/providers/cielo_unica/tls_files.h"

namespace cancela::testing {
namespace {

constexpr char kAccount[] = "cielo-unica/acme";

class CieloUnicaE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            absl::StrCat("cancela-unica-e2e-", getpid(), "-", NewKey()))
               .string();
    MakeTlsFiles(dir_);
    sandbox::CieloUnicaSimulator::Options options;
    options.clock = &clock_;
    options.tls = sandbox::TlsServerFiles{dir_ + "/server.pem", dir_ + "/server.key",
                                          dir_ + "/ca.pem"};
    sandbox_ = std::make_unique<sandbox::CieloUnicaSimulator>(options);
    ASSERT_TRUE(sandbox_->Start().ok());

    server::Config config;
    config.listen = "127.0.0.1:0";
    config.sqlite_path = dir_ + "/cancela.db";
    config.tenants = {{"acme", {core::Sha256Hex(kAcmeToken)}, {}}};
    server::ProviderAccountConfig account;
    account.name = kAccount;
    account.provider = "cielo_unica";
    account.tenants = {"acme"};
    account.settings = {
        {"base_url", sandbox_->base_url()},
        {"token_url", sandbox_->token_url()},
        {"client_id", {{"value", sandbox::cielo_unica_seed::kClientId}}},
        {"client_secret", {{"value", sandbox::cielo_unica_seed::kClientSecret}}},
        {"tls", {{"client_certificate_file", dir_ + "/client.pem"},
                 {"client_key_file", dir_ + "/client.key"},
                 {"ca_file", dir_ + "/ca.pem"}}},
        {"cnpj_roots", {{"12345678", {"2005157770", "2005157771"}}, {"87654321", {"3005157770"}}}}};
    config.provider_accounts = {account};
    config.worker_threads = 8;
    config.provider_timeout = absl::Seconds(10);
    config.poll_interval = absl::Hours(24);
    config.poll_at_start = false;
    config.shutdown_grace = absl::Seconds(2);
    config.metrics_listen = "";
    auto server = server::CancelaServer::Create(config, clock_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_TRUE(server_->Start().ok());
    stub_ = v1::RefundService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    stub_.reset();
    if (server_) server_->Shutdown(absl::Seconds(1));
    server_.reset();
    sandbox_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  static void Authorize(grpc::ClientContext& context) {
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kAcmeToken));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  }
  static v1::RefundRequest RefundOf(const char* ec, const char* auth, int64_t sale_amount,
                                    v1::CieloUnicaProduct product, const char* brand,
                                    std::optional<int64_t> amount) {
    v1::RefundRequest r;
    r.set_provider_account(kAccount);
    auto* sale = r.mutable_sale()->mutable_cielo_unica();
    sale->set_merchant_id(ec);
    sale->set_authorization_code(auth);
    sale->set_sale_date("2026-11-17");
    sale->mutable_sale_amount()->set_amount_minor_units(sale_amount);
    sale->mutable_sale_amount()->set_currency_code("BRL");
    sale->set_product(product);
    sale->set_brand(brand);
    if (amount) {
      r.mutable_amount()->set_amount_minor_units(*amount);
      r.mutable_amount()->set_currency_code("BRL");
    }
    r.set_idempotency_key(NewKey());
    return r;
  }
  grpc::Status Refund(const v1::RefundRequest& request, v1::RefundResponse* response) {
    grpc::ClientContext context;
    Authorize(context);
    return stub_->Refund(&context, request, response);
  }
  grpc::Status GetStatus(const std::string& id, v1::GetStatusResponse* response,
                         bool refresh = true) {
    grpc::ClientContext context;
    Authorize(context);
    v1::GetStatusRequest request;
    request.set_operation_id(id);
    request.set_refresh(refresh);
    return stub_->GetStatus(&context, request, response);
  }

  // What the store holds, without asking Cielo.
  v1::Operation Stored(const std::string& id) {
    v1::GetStatusResponse response;
    EXPECT_TRUE(GetStatus(id, &response, /*refresh=*/false).ok());
    return response.operation();
  }
  int PollDue() { return server_->engine().PollDue(absl::Now() + absl::Seconds(30)); }

  ManualClock clock_{TestStartTime()};  // 2026-11-20 15:00 Brasília
  std::string dir_;
  std::unique_ptr<sandbox::CieloUnicaSimulator> sandbox_;
  std::unique_ptr<server::CancelaServer> server_;
  std::unique_ptr<v1::RefundService::Stub> stub_;
};

TEST_F(CieloUnicaE2eTest, ARefundIsScheduledUntilTheNightlyBatchThenSucceeds) {
  v1::RefundResponse response;
  const grpc::Status status = Refund(
      RefundOf("2005157770", "546441", 70000, v1::CIELO_UNICA_PRODUCT_CREDIT, "Visa", 2500),
      &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::Operation& op = response.operation();
  EXPECT_EQ(op.status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(op.pending_detail(), v1::PENDING_DETAIL_PROVIDER_SCHEDULED);
  EXPECT_EQ(op.provider_response().status(), "pending");
  EXPECT_EQ(sandbox_->ledger().Executions("2005157770/546441").size(), 1u);

  v1::GetStatusResponse before;
  ASSERT_TRUE(GetStatus(op.operation_id(), &before).ok());
  EXPECT_EQ(before.operation().status(), v1::OPERATION_STATUS_PENDING);

  sandbox_->AdvanceClock(absl::Hours(17) + absl::Minutes(1));  // past 08:00 of D+1
  v1::GetStatusResponse after;
  ASSERT_TRUE(GetStatus(op.operation_id(), &after).ok());
  EXPECT_EQ(after.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(after.operation().provider_response().status(), "done");
  EXPECT_EQ(sandbox_->ledger().Executions("2005157770/546441").size(), 1u);
  EXPECT_EQ(sandbox_->tokens_issued(), 2);  // Cielo's clock expired the first one
}

// The poller, not a refresh, reads the batch's answers at 08:05 Brasília: a sale of an earlier
// day on D+1, a sale of the request's own day on D+2.
TEST_F(CieloUnicaE2eTest, ThePollerReadsDPlusOneAndDPlusTwoAnswersAtFiveAfterEight) {
  v1::RefundResponse earlier;
  ASSERT_TRUE(Refund(RefundOf("2005157770", "546441", 70000, v1::CIELO_UNICA_PRODUCT_CREDIT,
                              "Visa", 2500),
                     &earlier)
                  .ok());
  v1::RefundRequest same_day_request =
      RefundOf("2005157770", "546449", 5000, v1::CIELO_UNICA_PRODUCT_CREDIT, "Visa", 1000);
  same_day_request.mutable_sale()->mutable_cielo_unica()->set_sale_date("2026-11-20");
  v1::RefundResponse same_day;
  const grpc::Status accepted = Refund(same_day_request, &same_day);
  ASSERT_TRUE(accepted.ok()) << accepted.error_message();
  const std::string d1 = earlier.operation().operation_id();
  const std::string d2 = same_day.operation().operation_id();
  for (const std::string& id : {d1, d2}) {
    EXPECT_EQ(Stored(id).pending_detail(), v1::PENDING_DETAIL_PROVIDER_SCHEDULED);
  }

  EXPECT_EQ(PollDue(), 0);  // nothing is due before tomorrow's 08:05
  clock_.Advance(absl::Hours(17) + absl::Minutes(1));  // 21st, 08:01: answers out, not yet read
  EXPECT_EQ(PollDue(), 0);
  EXPECT_EQ(Stored(d1).status(), v1::OPERATION_STATUS_PENDING);
  clock_.Advance(absl::Minutes(7));  // 08:08
  EXPECT_EQ(PollDue(), 1);
  EXPECT_EQ(Stored(d1).status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(Stored(d1).provider_response().status(), "done");
  EXPECT_EQ(Stored(d2).status(), v1::OPERATION_STATUS_PENDING);  // its batch answers on D+2

  clock_.Advance(absl::Hours(10));  // 18:08: the next check is tomorrow morning
  EXPECT_EQ(PollDue(), 0);
  clock_.Advance(absl::Hours(14));  // 22nd, 08:08
  EXPECT_EQ(PollDue(), 1);
  EXPECT_EQ(Stored(d2).status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(sandbox_->ledger().Executions("2005157770/546441").size(), 1u);
  EXPECT_EQ(sandbox_->ledger().Executions("2005157770/546449").size(), 1u);
}

TEST_F(CieloUnicaE2eTest, PixAndForeignMerchantsAreRefusedBeforeCallingCielo) {
  v1::RefundResponse response;
  grpc::Status pix = Refund(
      RefundOf("2005157770", "546446", 6000, v1::CIELO_UNICA_PRODUCT_PIX, "", std::nullopt),
      &response);
  EXPECT_EQ(pix.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReadError(pix).reason, "SALE_NOT_ELIGIBLE");
  grpc::Status foreign = Refund(
      RefundOf("4005157770", "546452", 3300, v1::CIELO_UNICA_PRODUCT_CREDIT, "Visa", std::nullopt),
      &response);
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReadError(foreign).reason, "MERCHANT_NOT_IN_ACCOUNT");
  grpc::Status debit_partial = Refund(
      RefundOf("2005157770", "546443", 8000, v1::CIELO_UNICA_PRODUCT_DEBIT, "Visa", 100),
      &response);
  EXPECT_EQ(ReadError(debit_partial).reason, "PARTIAL_NOT_ALLOWED");
  EXPECT_TRUE(sandbox_->ledger().Executions().empty());
  EXPECT_EQ(sandbox_->tokens_issued(), 0);
}

TEST_F(CieloUnicaE2eTest, ALostAnswerIsFoundAgainThroughTheListQueryAndNeverResent) {
  sandbox::FaultRule drop;
  drop.kind = sandbox::FaultKind::kExecuteThenDrop;
  drop.payment_id = "546448";
  drop.method = "POST";
  sandbox_->InjectFault(drop);
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf("3005157770", "546448", 9000, v1::CIELO_UNICA_PRODUCT_CREDIT, "Elo",
                              std::nullopt),
                     &response)
                  .ok());
  EXPECT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);

  v1::GetStatusResponse found;
  ASSERT_TRUE(GetStatus(response.operation().operation_id(), &found).ok());
  EXPECT_EQ(found.operation().status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(found.operation().pending_detail(), v1::PENDING_DETAIL_PROVIDER_SCHEDULED);
  EXPECT_FALSE(found.operation().provider_response().reference().empty());

  sandbox_->AdvanceClock(absl::Hours(18));
  v1::GetStatusResponse done;
  ASSERT_TRUE(GetStatus(response.operation().operation_id(), &done).ok());
  EXPECT_EQ(done.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(sandbox_->ledger().Executions("3005157770/546448").size(), 1u);
  EXPECT_EQ(sandbox_->ledger().RequestCount("POST", "546448"), 1);
}

TEST_F(CieloUnicaE2eTest, MastercardDebitTakesOnePartialThenTheStoreRefusesASecond) {
  v1::RefundResponse first;
  ASSERT_TRUE(Refund(RefundOf("2005157770", "546444", 12000, v1::CIELO_UNICA_PRODUCT_DEBIT,
                              "Mastercard", 1000),
                     &first)
                  .ok());
  EXPECT_EQ(first.operation().pending_detail(), v1::PENDING_DETAIL_PROVIDER_SCHEDULED);
  v1::RefundResponse second;
  const grpc::Status refused = Refund(
      RefundOf("2005157770", "546444", 12000, v1::CIELO_UNICA_PRODUCT_DEBIT, "Mastercard", 1000),
      &second);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReadError(refused).reason, "PARTIAL_LIMIT_REACHED");
  EXPECT_EQ(sandbox_->ledger().Executions("2005157770/546444").size(), 1u);
}

}  // namespace
}  // namespace cancela::testing

namespace cancela::testing {
namespace {

// Official letters through the server: fetched from Cielo's letter API once the batch has done
// the cancellation, stored, and served byte-identical; one ZIP call per merchant number.
TEST_F(CieloUnicaE2eTest, OfficialLettersComeFromCieloOnceTheBatchIsDone) {
  struct Sale {
    const char* ec;
    const char* auth;
    int64_t amount;
    const char* brand;
    const char* date;
  };
  // Two sales of one merchant number (one of them made today, so decided on D+2) and one of
  // another.
  const Sale sales[] = {{"2005157770", "546441", 70000, "Visa", "2026-11-17"},
                        {"2005157770", "546449", 5000, "Visa", "2026-11-20"},
                        {"2005157771", "546442", 15000, "Mastercard", "2026-11-17"}};
  std::vector<std::string> ops;
  for (const Sale& s : sales) {
    v1::RefundRequest request =
        RefundOf(s.ec, s.auth, s.amount, v1::CIELO_UNICA_PRODUCT_CREDIT, s.brand, 1000);
    request.mutable_sale()->mutable_cielo_unica()->set_sale_date(s.date);
    v1::RefundResponse response;
    const grpc::Status status = Refund(request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ops.push_back(response.operation().operation_id());
  }
  auto letter_of = [&](const std::string& id, v1::GetLetterResponse* out) {
    grpc::ClientContext context;
    Authorize(context);
    v1::GetLetterRequest request;
    request.set_operation_id(id);
    return stub_->GetLetter(&context, request, out);
  };
  // Not done yet: no letter, and Cielo is not asked.
  v1::GetLetterResponse early;
  const grpc::Status not_yet = letter_of(ops[0], &early);
  EXPECT_EQ(not_yet.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReadError(not_yet).reason, "LETTER_NOT_AVAILABLE");
  const std::string zip_path = std::string(sandbox::CieloUnicaSimulator::kBasePath) + "/letter-api/zip";
  const std::string pdf_path = std::string(sandbox::CieloUnicaSimulator::kBasePath) + "/letter-api/pdf";
  EXPECT_EQ(sandbox_->RequestsTo(zip_path) + sandbox_->RequestsTo(pdf_path), 0);

  sandbox_->AdvanceClock(absl::Hours(17 + 24) + absl::Minutes(1));  // past 08:00 of D+2
  for (const std::string& id : ops) {
    v1::GetStatusResponse status;
    ASSERT_TRUE(GetStatus(id, &status).ok());
    ASSERT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED)
        << id << ": " << status.operation().failure_message();
  }

  grpc::ClientContext context;
  Authorize(context);
  v1::BatchGetLettersRequest batch;
  for (const std::string& id : ops) batch.add_operation_ids(id);
  auto reader = stub_->BatchGetLetters(&context, batch);
  std::vector<v1::Letter> letters;
  v1::BatchGetLettersResponse item;
  while (reader->Read(&item)) {
    ASSERT_TRUE(item.has_letter()) << item.failure().reason() << ": " << item.failure().message();
    letters.push_back(item.letter());
  }
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_EQ(letters.size(), ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    EXPECT_EQ(letters[i].operation_id(), ops[i]);
    EXPECT_EQ(letters[i].source(), v1::LETTER_SOURCE_PROVIDER);
    EXPECT_EQ(letters[i].content().rfind("%PDF-", 0), 0u);
  }
  // One provider call per merchant number: a ZIP for the two of one EC, a PDF for the other.
  EXPECT_EQ(sandbox_->RequestsTo(zip_path), 1);
  EXPECT_EQ(sandbox_->RequestsTo(pdf_path), 1);

  // Stored: the same bytes again, without asking Cielo.
  v1::GetLetterResponse again;
  ASSERT_TRUE(letter_of(ops[0], &again).ok());
  EXPECT_EQ(again.letter().content(), letters[0].content());
  EXPECT_EQ(sandbox_->RequestsTo(zip_path) + sandbox_->RequestsTo(pdf_path), 2);
}

}  // namespace
}  // namespace cancela::testing
