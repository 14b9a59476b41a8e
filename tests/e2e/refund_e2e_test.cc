// Refund and Void end to end: gRPC client → cancela server → libcurl → sandbox, on loopback.

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "providers/http/curl_http_transport.h"
#include "service/store/sqlite_store.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/watch_stream.h"

namespace cancela::testing {
namespace {

nlohmann::json Captured(int64_t amount, int days_ago, const char* type = "CreditCard") {
  return {{"type", type}, {"status", "captured"}, {"amount", amount},
          {"received_days_ago", days_ago}, {"captured_days_ago", days_ago}};
}

TEST_F(E2eTest, TotalRefundSucceedsAndExecutesOnce) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf(sale, std::nullopt, NewKey()), &response).ok());
  const v1::Operation& op = response.operation();
  EXPECT_EQ(op.status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(op.kind(), v1::OPERATION_KIND_REFUND);
  EXPECT_TRUE(op.total());
  EXPECT_EQ(op.amount().amount_minor_units(), 10000);
  EXPECT_EQ(op.refunded_amount().amount_minor_units(), 10000);
  EXPECT_EQ(op.remaining_amount().amount_minor_units(), 0);
  EXPECT_EQ(op.provider_response().status(), "11");
  EXPECT_FALSE(response.idempotent_replay());
  ASSERT_GE(op.history_size(), 2);
  EXPECT_EQ(op.history(0).pending_detail(), v1::PENDING_DETAIL_SUBMITTING);
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

TEST_F(E2eTest, ARefundIsAuditedAcceptedRecordedAndAnsweredAndItsRetryReplayed) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  const v1::RefundRequest request = RefundOf(sale, 2500, NewKey());
  v1::RefundResponse first;
  v1::RefundResponse again;
  ASSERT_TRUE(Refund(request, &first).ok());
  ASSERT_TRUE(Refund(request, &again).ok());
  ASSERT_TRUE(again.idempotent_replay());
  // Every row is committed before its answer is sent: no waiting here.
  auto store = store::SqliteStore::Open(temp_dir_ + "/cancela.db");
  ASSERT_TRUE(store.ok()) << store.status();
  auto rows = (*store)->ListAudit("acme", 1000);
  ASSERT_TRUE(rows.ok()) << rows.status();
  std::vector<std::string> seen;
  for (const store::AuditRecord& row : *rows) {
    if (row.operation_id != first.operation().operation_id()) continue;
    seen.push_back(absl::StrCat(row.action, " ", row.amount_minor_units, " ", row.result));
    if (row.action != "outcome") {
      EXPECT_EQ(row.actor.size(), 12u);  // the caller's token id
    }
  }
  const std::vector<std::string> expected = {
      "refund.accepted 2500 PENDING", "outcome 2500 SUCCEEDED",
      "refund.answered 2500 OPERATION_STATUS_SUCCEEDED",
      "refund.replayed 2500 OPERATION_STATUS_SUCCEEDED"};
  EXPECT_EQ(seen, expected);
}

TEST_F(E2eTest, PartialRefundsTrackTheBalanceAndRespectCielosSpacing) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  v1::RefundResponse first;
  ASSERT_TRUE(Refund(RefundOf(sale, 3000, NewKey()), &first).ok());
  EXPECT_EQ(first.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(first.operation().remaining_amount().amount_minor_units(), 7000);

  v1::RefundResponse second;
  const std::string key = NewKey();
  grpc::Status early = Refund(RefundOf(sale, 3000, key), &second);
  ExpectRejected(early, grpc::StatusCode::FAILED_PRECONDITION, "TOO_EARLY");
  const CallerError error = ReadError(early);
  EXPECT_EQ(error.metadata.at("rule"), "spacing");
  EXPECT_TRUE(error.has_retry_info);
  EXPECT_GT(error.retry_after_ms, 0);
  EXPECT_LE(error.retry_after_ms, 5000);

  clock_.Advance(absl::Seconds(5));
  ASSERT_TRUE(Refund(RefundOf(sale, 3000, key), &second).ok());  // the rejected key is free
  EXPECT_EQ(second.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(second.operation().refunded_amount().amount_minor_units(), 6000);
  EXPECT_EQ(second.operation().remaining_amount().amount_minor_units(), 4000);
  EXPECT_EQ(sandbox_->Executions(sale), 2);
}

TEST_F(E2eTest, VoidOfAnAuthorisedSaleSucceeds) {
  const std::string sale = sandbox_->CreateSale(
      {{"type", "CreditCard"}, {"status", "authorized"}, {"amount", 5000}, {"received_days_ago", 0}});
  v1::VoidResponse response;
  ASSERT_TRUE(Void(VoidOf(sale, std::nullopt, NewKey()), &response).ok());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(response.operation().kind(), v1::OPERATION_KIND_VOID);
  EXPECT_EQ(response.operation().provider_response().status(), "10");
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

TEST_F(E2eTest, PixRefundIsScheduledThenFinalOnRefresh) {
  const std::string sale = sandbox_->CreateSale(
      {{"type", "Pix"}, {"status", "paid"}, {"amount", 8000}, {"received_days_ago", 10}});
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf(sale, 2000, NewKey()), &response).ok());
  const v1::Operation& op = response.operation();
  EXPECT_EQ(op.status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(op.pending_detail(), v1::PENDING_DETAIL_PROVIDER_SCHEDULED);
  EXPECT_EQ(op.provider_response().reason_code(), "8");
  EXPECT_EQ(op.remaining_amount().amount_minor_units(), 6000);  // reserved while pending

  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(op.operation_id(), /*refresh=*/true, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_PENDING);  // not settled yet

  clock_.Advance(absl::Minutes(2));
  ASSERT_TRUE(GetStatus(op.operation_id(), /*refresh=*/true, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(status.operation().refunded_amount().amount_minor_units(), 2000);
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

TEST_F(E2eTest, PixRefundWithoutMerchantBalanceIsAFailedOperationNotAnError) {
  const std::string sale = sandbox_->CreateSale({{"type", "Pix"}, {"status", "paid"},
                                                 {"amount", 8000}, {"received_days_ago", 3},
                                                 {"merchant", "loja-sem-saldo"}});
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf(sale, 1000, NewKey(), kSemSaldo), &response).ok());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_FAILED);
  EXPECT_EQ(response.operation().failure_reason(), v1::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE);
  EXPECT_EQ(response.operation().remaining_amount().amount_minor_units(), 8000);  // released
}

struct RuleCase {
  const char* name;
  nlohmann::json sale;
  bool is_void;
  std::optional<int64_t> amount;
  const char* currency;
  grpc::StatusCode code;
  const char* reason;
};

TEST_F(E2eTest, ProviderRulesRejectBeforeAnyMoneyMoves) {
  const std::vector<RuleCase> cases = {
      {"refund of an authorised sale", {{"type", "CreditCard"}, {"status", "authorized"}, {"amount", 5000}, {"received_days_ago", 0}},
       false, std::nullopt, "BRL", grpc::StatusCode::FAILED_PRECONDITION, "SALE_NOT_CAPTURED"},
      {"refund on the capture day", Captured(5000, 0), false, 1000, "BRL",
       grpc::StatusCode::FAILED_PRECONDITION, "TOO_EARLY"},
      {"refund after the card window", Captured(5000, 400), false, 1000, "BRL",
       grpc::StatusCode::FAILED_PRECONDITION, "WINDOW_EXPIRED"},
      {"Pix after 90 days", {{"type", "Pix"}, {"status", "paid"}, {"amount", 5000}, {"received_days_ago", 100}},
       false, 1000, "BRL", grpc::StatusCode::FAILED_PRECONDITION, "WINDOW_EXPIRED"},
      {"void of a Pix sale", {{"type", "Pix"}, {"status", "paid"}, {"amount", 5000}, {"received_days_ago", 1}},
       true, std::nullopt, "BRL", grpc::StatusCode::UNIMPLEMENTED, "OPERATION_NOT_SUPPORTED"},
      {"more than captured", Captured(5000, 10), false, 5001, "BRL",
       grpc::StatusCode::FAILED_PRECONDITION, "REFUND_EXCEEDS_BALANCE"},
      {"void of a sale captured days ago", Captured(5000, 10), true, std::nullopt, "BRL",
       grpc::StatusCode::FAILED_PRECONDITION, "SALE_NOT_VOIDABLE"},
      {"partial void of an authorised sale", {{"type", "CreditCard"}, {"status", "authorized"}, {"amount", 5000}, {"received_days_ago", 0}},
       true, 1000, "BRL", grpc::StatusCode::FAILED_PRECONDITION, "PARTIAL_NOT_ALLOWED"},
      {"a currency Cielo does not take", Captured(5000, 10), false, 1000, "USD",
       grpc::StatusCode::INVALID_ARGUMENT, "CURRENCY_INVALID"},
  };
  for (const RuleCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string sale = sandbox_->CreateSale(c.sale);
    const std::string key = NewKey();
    grpc::Status status;
    if (c.is_void) {
      v1::VoidRequest request = VoidOf(sale, c.amount, key);
      if (c.amount) request.mutable_amount()->set_currency_code(c.currency);
      v1::VoidResponse response;
      status = Void(request, &response);
    } else {
      v1::RefundRequest request = RefundOf(sale, c.amount, key);
      if (c.amount) request.mutable_amount()->set_currency_code(c.currency);
      v1::RefundResponse response;
      status = Refund(request, &response);
    }
    ExpectRejected(status, c.code, c.reason);
    EXPECT_EQ(sandbox_->Executions(sale), 0);
    EXPECT_EQ(sandbox_->Rejections(sale), 0);  // judged by cancela, never sent to Cielo
  }
}

TEST_F(E2eTest, DebitAllowsOnePartialCancellation) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 5, "DebitCard"));
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf(sale, 1000, NewKey(), kCentroNoSpacing), &response).ok());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  ExpectRejected(Refund(RefundOf(sale, 1000, NewKey(), kCentroNoSpacing), &response),
                 grpc::StatusCode::FAILED_PRECONDITION, "PARTIAL_LIMIT_REACHED");
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

TEST_F(E2eTest, UnknownSaleIsNotFound) {
  v1::RefundResponse response;
  ExpectRejected(Refund(RefundOf("00000000-0000-4000-8000-00000000dead", 100, NewKey()), &response),
                 grpc::StatusCode::NOT_FOUND, "SALE_NOT_FOUND");
}

TEST_F(E2eTest, ReplayReturnsTheSameOperationWithoutASecondExecution) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  const v1::RefundRequest request = RefundOf(sale, 2500, NewKey());
  v1::RefundResponse first, again;
  ASSERT_TRUE(Refund(request, &first).ok());
  ASSERT_TRUE(Refund(request, &again).ok());
  EXPECT_TRUE(again.idempotent_replay());
  EXPECT_EQ(again.operation().operation_id(), first.operation().operation_id());
  EXPECT_EQ(again.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(sandbox_->Executions(sale), 1);

  // The same key for a different request is refused, and moves nothing.
  v1::RefundRequest different = request;
  different.mutable_amount()->set_amount_minor_units(2600);
  ExpectRejected(Refund(different, &again), grpc::StatusCode::INVALID_ARGUMENT,
                 "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

TEST_F(E2eTest, SameKeyWhileTheFirstIsExecutingIsInUse) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  sandbox_->InjectFault({{"payment_id", sale}, {"method", "PUT"}, {"action", "latency"},
                         {"latency_ms", 1500}});
  const v1::RefundRequest request = RefundOf(sale, 1000, NewKey());
  v1::RefundResponse slow;
  grpc::Status slow_status;
  std::thread first([&] { slow_status = Refund(request, &slow); });
  // Wait until the first request reached the provider.
  for (int i = 0; i < 200 && sandbox_->Requests(sale) < 2; ++i) absl::SleepFor(absl::Milliseconds(10));
  v1::RefundResponse second;
  ExpectRejected(Refund(request, &second), grpc::StatusCode::ABORTED, "IDEMPOTENCY_KEY_IN_USE");
  first.join();
  ASSERT_TRUE(slow_status.ok()) << slow_status.error_message();
  EXPECT_EQ(slow.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  ASSERT_TRUE(Refund(request, &second).ok());
  EXPECT_TRUE(second.idempotent_replay());
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

TEST_F(E2eTest, HundredConcurrentIdenticalRequestsExecuteOnce) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  const v1::RefundRequest request = RefundOf(sale, 4000, NewKey());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, in_use{0}, other{0};
  std::vector<std::string> ids(100);
  for (int i = 0; i < 100; ++i) {
    threads.emplace_back([&, i] {
      v1::RefundResponse response;
      grpc::Status status = Refund(request, &response);
      if (status.ok()) {
        ++ok;
        ids[static_cast<size_t>(i)] = response.operation().operation_id();
      } else if (ReadError(status).reason == "IDEMPOTENCY_KEY_IN_USE") {
        ++in_use;
      } else {
        ++other;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_GE(ok.load(), 1);
  EXPECT_EQ(ok.load() + in_use.load(), 100);
  std::string id;
  for (const std::string& each : ids) {
    if (each.empty()) continue;
    if (id.empty()) id = each;
    EXPECT_EQ(each, id);  // every success is the same operation
  }
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

// A provider that accepts concurrent cancellations of one sale (real Cielo asks for 5 s between
// them): only cancela's own cap stands between the callers and an over-refund.
class E2eRaceTest : public E2eTest {
 protected:
  sandbox::CieloRules SandboxRules() const override {
    sandbox::CieloRules rules;
    rules.min_cancel_interval = absl::ZeroDuration();
    return rules;
  }
};

TEST_F(E2eRaceTest, ConcurrentPartialRefundsNeverExceedTheCapturedAmount) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  std::vector<std::thread> threads;
  std::atomic<int> succeeded{0}, exceeded{0}, other{0};
  std::atomic<int64_t> refunded{0};
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] {
      v1::RefundResponse response;
      grpc::Status status = Refund(RefundOf(sale, 300, NewKey(), kCentroNoSpacing), &response);
      if (status.ok() && response.operation().status() == v1::OPERATION_STATUS_SUCCEEDED) {
        ++succeeded;
        refunded += response.operation().amount().amount_minor_units();
      } else if (!status.ok() && ReadError(status).reason == "REFUND_EXCEEDS_BALANCE") {
        ++exceeded;
      } else {
        ++other;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_LE(refunded.load(), 10000);
  EXPECT_EQ(succeeded.load(), 33);  // 33 × 300 = 9,900; the 34th would pass 10,000
  EXPECT_EQ(exceeded.load(), 17);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(sandbox_->Executions(sale), succeeded.load());
  EXPECT_EQ(sandbox_->Rejections(sale), 0);  // cancela never sent an over-balance request
}

TEST_F(E2eTest, LostResponseIsResolvedByQueryingNeverByResending) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  sandbox_->InjectFault({{"payment_id", sale}, {"method", "PUT"}, {"action", "execute_then_drop"}});
  const v1::RefundRequest request = RefundOf(sale, 2500, NewKey());
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(request, &response).ok());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  EXPECT_EQ(sandbox_->Executions(sale), 1);

  // A retry with the same key replays; it does not resend.
  v1::RefundResponse retry;
  ASSERT_TRUE(Refund(request, &retry).ok());
  EXPECT_TRUE(retry.idempotent_replay());
  EXPECT_EQ(sandbox_->Executions(sale), 1);

  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(response.operation().operation_id(), /*refresh=*/true, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(status.operation().refunded_amount().amount_minor_units(), 2500);
  EXPECT_EQ(sandbox_->Executions(sale), 1);
}

TEST_F(E2eTest, ProviderErrorBeforeExecutingStaysUnknownAndIsNeverResent) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  sandbox_->InjectFault({{"payment_id", sale}, {"method", "PUT"}, {"action", "http_500"}});
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf(sale, 2500, NewKey()), &response).ok());
  EXPECT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(response.operation().operation_id(), true, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(status.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  EXPECT_EQ(sandbox_->Executions(sale), 0);
  // The amount stays reserved while the outcome is unknown.
  EXPECT_EQ(status.operation().remaining_amount().amount_minor_units(), 7500);
}

TEST_F(E2eTest, AResetConnectionLeavesTheOutcomeUnknownAndIsNeverResent) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  sandbox_->InjectFault({{"payment_id", sale}, {"method", "PUT"}, {"action", "reset"}});
  const v1::RefundRequest request = RefundOf(sale, 1000, NewKey());
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(request, &response).ok());
  EXPECT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  ASSERT_TRUE(Refund(request, &response).ok());  // the caller retries with its key
  EXPECT_TRUE(response.idempotent_replay());
  EXPECT_EQ(sandbox_->simulator().ledger().RequestCount("PUT", sale), 1);  // one attempt, ever
  EXPECT_EQ(sandbox_->Executions(sale), 0);
}

TEST_F(E2eTest, AnUnreachableProviderIsUnavailableAndNothingIsRecorded) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  const std::string key = NewKey();
  sandbox_->simulator().Stop();
  v1::RefundResponse response;
  ExpectRejected(Refund(RefundOf(sale, 1000, key), &response), grpc::StatusCode::UNAVAILABLE,
                 "PROVIDER_UNAVAILABLE");
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kAcmeToken));
  v1::ListOperationsRequest list;
  v1::ListOperationsResponse listed;
  ASSERT_TRUE(stub_->ListOperations(&context, list, &listed).ok());
  EXPECT_EQ(listed.operations_size(), 0);
}

// ADR 11 (docs/adr/0011-secret-hygiene.md): a card number in an identifier is refused before anything is read or written;
// in free text it is stored and answered masked; a request id carrying one is not echoed.
TEST_F(E2eTest, CardNumbersAreRefusedInIdentifiersAndMaskedInFreeText) {
  constexpr char kCard[] = "4111111111111111";
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  v1::RefundResponse response;
  const grpc::Status refused = Refund(RefundOf(sale, 1000, kCard), &response);
  ExpectRejected(refused, grpc::StatusCode::INVALID_ARGUMENT, "CARD_NUMBER_IN_FIELD");
  EXPECT_EQ(ReadError(refused).metadata.at("field"), "idempotency_key");
  EXPECT_EQ(refused.error_message().find(kCard), std::string::npos);
  EXPECT_EQ(refused.error_details().find(kCard), std::string::npos);

  v1::RefundRequest loud = RefundOf(sale, 1000, NewKey());
  loud.set_reason("customer read out 4111 1111 1111 1111");
  (*loud.mutable_metadata())["note"] = "authorization: Bearer CANARY-e2e-token-0001";
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kAcmeToken));
  context.AddMetadata("x-request-id", kCard);
  ASSERT_TRUE(stub_->Refund(&context, loud, &response).ok());
  const auto request_id = context.GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(request_id, context.GetServerInitialMetadata().end());
  EXPECT_NE(std::string(request_id->second.data(), request_id->second.size()), kCard);

  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(response.operation().operation_id(), false, &status).ok());
  for (const v1::Operation* op : {&response.operation(), &status.operation()}) {
    EXPECT_EQ(op->reason(), "customer read out 411111******1111");
    EXPECT_EQ(op->metadata().at("note"), "authorization: Bearer [REDACTED]");
  }
}

class E2eMetricsTest : public E2eTest {
 protected:
  void Configure(server::Config& config) const override { config.metrics_listen = "127.0.0.1:0"; }
};

TEST_F(E2eMetricsTest, PrometheusCountsCallsAndOutcomesWithoutCallerData) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf(sale, 1000, NewKey()), &response).ok());
  ExpectRejected(Refund(RefundOf(sale, 1000, NewKey()), &response, "secret-bearer-token"),
                 grpc::StatusCode::UNAUTHENTICATED, "CREDENTIALS_INVALID");
  ASSERT_GT(server_->metrics_port(), 0);
  providers::http::CurlHttpTransport http;
  providers::http::Request scrape;
  scrape.method = "GET";
  scrape.url = absl::StrCat("http://127.0.0.1:", server_->metrics_port(), "/metrics");
  scrape.deadline = absl::Now() + absl::Seconds(5);
  scrape.idempotent = true;
  const providers::http::Result result = http.Send(scrape);
  ASSERT_EQ(result.failure, providers::http::Failure::kNone) << result.detail;
  const std::string& text = result.response.body;
  EXPECT_NE(text.find(R"(cancela_rpc_total{code="OK",method="Refund"} 1)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(cancela_rpc_total{code="UNAUTHENTICATED",method="Refund"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(cancela_operation_changes_total{detail="UNSPECIFIED",kind="REFUND",provider="cielo_ecommerce",status="SUCCEEDED"} 1)"),
            std::string::npos) << text;
  EXPECT_NE(text.find("cancela_rpc_duration_seconds_bucket"), std::string::npos);
  EXPECT_EQ(text.find("secret-bearer-token"), std::string::npos);
  EXPECT_EQ(text.find(sale), std::string::npos);
}

// How the benchmark holds calls open: a latency on every void, released by clearing the faults.
TEST_F(E2eMetricsTest, CallsInFlightAreCountedUntilAnswered) {
  constexpr int kCalls = 3;
  std::vector<std::string> sales;
  for (int i = 0; i < kCalls; ++i) sales.push_back(sandbox_->CreateSale(Captured(10000, 10)));
  sandbox_->InjectFault(
      {{"method", "PUT"}, {"action", "latency"}, {"latency_ms", 600000}, {"count", 1000}});
  std::vector<grpc::Status> statuses(kCalls);
  std::vector<v1::RefundResponse> responses(kCalls);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCalls; ++i) {
    callers.emplace_back([&, i] {
      statuses[i] = Refund(RefundOf(sales[i], std::nullopt, NewKey()), &responses[i]);
    });
  }
  const std::string all_open = absl::StrCat(R"(cancela_rpc_in_flight{method="Refund"} )", kCalls);
  const auto open_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string text = ScrapeMetrics(server_->metrics_port());
  while (text.find(all_open) == std::string::npos && std::chrono::steady_clock::now() < open_by) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    text = ScrapeMetrics(server_->metrics_port());
  }
  ASSERT_NE(text.find(all_open), std::string::npos) << text;
  for (const std::string& sale : sales) EXPECT_EQ(sandbox_->Executions(sale), 0);

  sandbox_->simulator().ClearFaults();
  for (std::thread& caller : callers) caller.join();
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    EXPECT_EQ(responses[i].operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
    EXPECT_EQ(sandbox_->Executions(sales[i]), 1);
  }
  text = ScrapeMetrics(server_->metrics_port());
  EXPECT_NE(text.find(R"(cancela_rpc_in_flight{method="Refund"} 0)"), std::string::npos) << text;
}

TEST_F(E2eMetricsTest, TheBacklogAndThePollersChecksAreMeasured) {
  const std::string pix = sandbox_->CreateSale(
      {{"type", "Pix"}, {"status", "paid"}, {"amount", 8000}, {"received_days_ago", 10}});
  const std::string card = sandbox_->CreateSale(Captured(10000, 10));
  sandbox_->InjectFault({{"payment_id", card}, {"method", "PUT"}, {"action", "http_500"}});
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf(pix, 2000, NewKey()), &response).ok());
  ASSERT_TRUE(Refund(RefundOf(card, 1000, NewKey()), &response).ok());

  clock_.Advance(absl::Hours(2));
  server_->RefreshBacklogMetrics();
  std::string text = ScrapeMetrics(server_->metrics_port());
  EXPECT_NE(text.find(R"(cancela_pending_operations{age="1h_to_1d",provider="cielo_ecommerce"} 2)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(cancela_pending_operations{age="under_1m",provider="cielo_ecommerce"} 0)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(cancela_pending_oldest_age_seconds{provider="cielo_ecommerce"} 7200)"),
            std::string::npos) << text;
  // The fixture's store is SQLite: its writes went through group commit, none failed.
  EXPECT_NE(text.find(R"(cancela_sqlite_batches_total{result="committed"})"), std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(cancela_sqlite_batches_total{result="failed"} 0)"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("cancela_sqlite_batch_writes_total 0\n"), std::string::npos) << text;

  // The Pix refund has settled; the card refund provably never ran and is sent once more.
  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 2);
  server_->RefreshBacklogMetrics();
  text = ScrapeMetrics(server_->metrics_port());
  EXPECT_NE(text.find(R"(cancela_poll_checks_total{provider="cielo_ecommerce",result="final"} 1)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(cancela_poll_checks_total{provider="cielo_ecommerce",result="resent"} 1)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(cancela_pending_operations{age="1h_to_1d",provider="cielo_ecommerce"} 0)"),
            std::string::npos) << text;
  EXPECT_EQ(sandbox_->Executions(card), 1);
}

TEST_F(E2eTest, ThePollerFinishesScheduledRefundsAndGivesUpOnSilentOnes) {
  const std::string pix = sandbox_->CreateSale(
      {{"type", "Pix"}, {"status", "paid"}, {"amount", 8000}, {"received_days_ago", 10}});
  const std::string card = sandbox_->CreateSale(Captured(10000, 10));
  // Cielo fails both attempts without executing: the first, and the one resend it proves safe.
  sandbox_->InjectFault(
      {{"payment_id", card}, {"method", "PUT"}, {"action", "http_500"}, {"count", 2}});
  v1::RefundResponse scheduled, unknown;
  ASSERT_TRUE(Refund(RefundOf(pix, 2000, NewKey()), &scheduled).ok());
  ASSERT_TRUE(Refund(RefundOf(card, 1000, NewKey()), &unknown).ok());
  ASSERT_EQ(unknown.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);

  core::RefundEngine& engine = server_->engine();
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  EXPECT_EQ(engine.PollDue(deadline), 0);  // both checked at once: nothing final yet
  EXPECT_EQ(engine.PollDue(deadline), 0);  // and not again before their next check
  const int gets_after_first_round = sandbox_->Requests(pix);

  clock_.Advance(absl::Minutes(2));  // the Pix refund settles; the next check is due
  EXPECT_EQ(engine.PollDue(deadline), 1);
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(scheduled.operation().operation_id(), false, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_GT(sandbox_->Requests(pix), gets_after_first_round);

  // Cielo never shows the card refund: after 72 h of checks the poller stops and says so.
  for (int hour = 0; hour < 80; ++hour) {
    clock_.Advance(absl::Hours(1));
    engine.PollDue(deadline);
  }
  ASSERT_TRUE(GetStatus(unknown.operation().operation_id(), false, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_TRUE(status.operation().needs_attention());
  EXPECT_EQ(sandbox_->Executions(card), 0);
  // Checked many times, sent twice at most: once, and once more after proof it never ran.
  EXPECT_EQ(sandbox_->simulator().ledger().RequestCount("PUT", card), 2);
}

TEST_F(E2eTest, AnAttemptThatNeverExecutedIsSentExactlyOnceMore) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  sandbox_->InjectFault({{"payment_id", sale}, {"method", "PUT"}, {"action", "reset"}});
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf(sale, 1500, NewKey()), &response).ok());
  ASSERT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  const std::string id = response.operation().operation_id();
  core::RefundEngine& engine = server_->engine();
  const absl::Time deadline = absl::Now() + absl::Seconds(10);

  // Soon after, Cielo showing nothing proves nothing: the request could still be executing.
  EXPECT_EQ(engine.PollDue(deadline), 0);
  EXPECT_EQ(sandbox_->simulator().ledger().RequestCount("PUT", sale), 1);

  // Long after, it does. GetStatus has no side effects: it records that, and never resends.
  clock_.Advance(absl::Minutes(11));
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(id, /*refresh=*/true, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(sandbox_->simulator().ledger().RequestCount("PUT", sale), 1);

  // The poller sends it once more, and that attempt executes.
  EXPECT_EQ(engine.PollDue(deadline), 1);
  ASSERT_TRUE(GetStatus(id, false, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(status.operation().refunded_amount().amount_minor_units(), 1500);
  EXPECT_EQ(sandbox_->Executions(sale), 1);
  EXPECT_EQ(sandbox_->simulator().ledger().RequestCount("PUT", sale), 2);
  bool history_says_why = false;
  for (const v1::StatusChange& change : status.operation().history()) {
    history_says_why |= change.note().find("sending it once more") != std::string::npos;
  }
  EXPECT_TRUE(history_says_why);

  // Final: no more checks, no more attempts.
  clock_.Advance(absl::Hours(2));
  EXPECT_EQ(engine.PollDue(deadline), 0);
  EXPECT_EQ(sandbox_->simulator().ledger().RequestCount("PUT", sale), 2);
}

TEST_F(E2eTest, AnExecutedAttemptWhoseAnswerWasLostIsNeverSentAgain) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  sandbox_->InjectFault({{"payment_id", sale}, {"method", "PUT"}, {"action", "execute_then_drop"}});
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf(sale, 1500, NewKey()), &response).ok());
  ASSERT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  clock_.Advance(absl::Minutes(11));
  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 1);
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(response.operation().operation_id(), false, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(sandbox_->Executions(sale), 1);
  EXPECT_EQ(sandbox_->simulator().ledger().RequestCount("PUT", sale), 1);
}

TEST_F(E2eTest, CallersMustAuthenticate) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  v1::RefundResponse response;
  ExpectRejected(Refund(RefundOf(sale, 100, NewKey()), &response, nullptr),
                 grpc::StatusCode::UNAUTHENTICATED, "CREDENTIALS_MISSING");
  ExpectRejected(Refund(RefundOf(sale, 100, NewKey()), &response, "not-a-token"),
                 grpc::StatusCode::UNAUTHENTICATED, "CREDENTIALS_INVALID");
  v1::GetStatusResponse status;
  ExpectRejected(GetStatus("op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B", false, &status, nullptr),
                 grpc::StatusCode::UNAUTHENTICATED, "CREDENTIALS_MISSING");
  EXPECT_EQ(sandbox_->Requests(sale), 0);
}

TEST_F(E2eTest, AnotherTenantsObjectsLookMissing) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf(sale, 1000, NewKey()), &response).ok());
  const std::string id = response.operation().operation_id();

  v1::GetStatusResponse status;
  const grpc::Status theirs = GetStatus(id, false, &status, kGlobexToken);
  const grpc::Status missing = GetStatus("op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B", false, &status, kGlobexToken);
  ExpectRejected(theirs, grpc::StatusCode::NOT_FOUND, "OPERATION_NOT_FOUND");
  ExpectRejected(missing, grpc::StatusCode::NOT_FOUND, "OPERATION_NOT_FOUND");
  EXPECT_EQ(theirs.error_message(), missing.error_message());

  // Nor can globex use acme's provider account.
  ExpectRejected(Refund(RefundOf(sale, 1000, NewKey(), kCentro), &response, kGlobexToken),
                 grpc::StatusCode::NOT_FOUND, "PROVIDER_ACCOUNT_NOT_FOUND");
  // The same key in another tenant is another request.
  EXPECT_TRUE(GetStatus(id, false, &status).ok());
}

TEST_F(E2eTest, MalformedInputIsRejectedBeforeAnythingIsReadOrWritten) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  const std::string key = NewKey();
  struct Case {
    const char* name;
    std::function<void(v1::RefundRequest&)> mutate;
    const char* reason;
  };
  const std::vector<Case> cases = {
      {"zero", [](auto& r) { r.mutable_amount()->set_amount_minor_units(0); }, "AMOUNT_INVALID"},
      {"negative", [](auto& r) { r.mutable_amount()->set_amount_minor_units(-500); }, "AMOUNT_INVALID"},
      {"overflowing", [](auto& r) { r.mutable_amount()->set_amount_minor_units(INT64_MAX); }, "AMOUNT_INVALID"},
      {"lower-case currency", [](auto& r) { r.mutable_amount()->set_currency_code("brl"); }, "CURRENCY_INVALID"},
      {"unknown currency", [](auto& r) { r.mutable_amount()->set_currency_code("XXX"); }, "CURRENCY_INVALID"},
      {"short key", [](auto& r) { r.set_idempotency_key("short"); }, "IDEMPOTENCY_KEY_INVALID"},
      {"long key", [](auto& r) { r.set_idempotency_key(std::string(256, 'k')); }, "IDEMPOTENCY_KEY_INVALID"},
      {"oversized reason", [](auto& r) { r.set_reason(std::string(10 * 1024, 'x')); }, "FIELD_INVALID"},
      {"control characters", [](auto& r) { r.set_reason("a\x01" "b"); }, "FIELD_INVALID"},
      {"malformed payment id", [](auto& r) { r.mutable_sale()->mutable_cielo_ecommerce()->set_payment_id("../../etc/passwd"); }, "SALE_REFERENCE_INVALID"},
      {"no sale", [](auto& r) { r.clear_sale(); }, "SALE_REFERENCE_INVALID"},
      {"wrong provider", [](auto& r) { r.mutable_sale()->mutable_zoop()->set_transaction_id("t1"); r.mutable_sale()->mutable_zoop()->set_on_behalf_of("s1"); }, "SALE_REFERENCE_INVALID"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::RefundRequest request = RefundOf(sale, 1000, key);
    c.mutate(request);
    v1::RefundResponse response;
    ExpectRejected(Refund(request, &response), grpc::StatusCode::INVALID_ARGUMENT, c.reason);
  }
  EXPECT_EQ(sandbox_->Requests(sale), 0);  // not even a query
  // Nothing was recorded under the key: the corrected request goes through with it.
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(RefundOf(sale, 1000, key), &response).ok());
  EXPECT_FALSE(response.idempotent_replay());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
}

TEST_F(E2eTest, ValidateOnlyRunsEveryRuleAndMovesNothing) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  const std::string key = NewKey();
  v1::RefundRequest request = RefundOf(sale, 2500, key);
  request.set_validate_only(true);
  v1::RefundResponse response;
  ASSERT_TRUE(Refund(request, &response).ok());
  EXPECT_TRUE(response.operation().operation_id().empty());
  EXPECT_EQ(response.operation().amount().amount_minor_units(), 2500);
  request.mutable_amount()->set_amount_minor_units(20000);
  ExpectRejected(Refund(request, &response), grpc::StatusCode::FAILED_PRECONDITION,
                 "REFUND_EXCEEDS_BALANCE");
  EXPECT_EQ(sandbox_->Executions(sale), 0);
  ASSERT_TRUE(Refund(RefundOf(sale, 2500, key), &response).ok());
  EXPECT_FALSE(response.idempotent_replay());
}

TEST_F(E2eTest, WatchStatusStreamsChangesUntilFinal) {
  const std::string sale = sandbox_->CreateSale(
      {{"type", "Pix"}, {"status", "paid"}, {"amount", 8000}, {"received_days_ago", 10}});
  v1::RefundResponse refund;
  ASSERT_TRUE(Refund(RefundOf(sale, 2000, NewKey()), &refund).ok());
  const std::string id = refund.operation().operation_id();

  grpc::ClientContext context;
  auto reader = Watch(*stub_, context, id, kAcmeToken);
  v1::WatchStatusResponse message;
  ASSERT_TRUE(reader->Read(&message));
  EXPECT_EQ(message.operation().status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(message.operation().pending_detail(), v1::PENDING_DETAIL_PROVIDER_SCHEDULED);

  clock_.Advance(absl::Minutes(2));  // the Pix network settles the refund
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(id, /*refresh=*/true, &status).ok());
  ASSERT_TRUE(reader->Read(&message));
  EXPECT_EQ(message.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(message.operation().history_size(), 3);
  EXPECT_FALSE(reader->Read(&message));  // final: the stream ends
  EXPECT_TRUE(reader->Finish().ok());
}

TEST_F(E2eTest, WatchStatusOfAFinalOperationSendsItOnceAndEnds) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  v1::RefundResponse refund;
  ASSERT_TRUE(Refund(RefundOf(sale, 500, NewKey()), &refund).ok());
  grpc::ClientContext context;
  auto reader = Watch(*stub_, context, refund.operation().operation_id(), kAcmeToken);
  v1::WatchStatusResponse message;
  ASSERT_TRUE(reader->Read(&message));
  EXPECT_EQ(message.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_FALSE(reader->Read(&message));
  EXPECT_TRUE(reader->Finish().ok());
}

TEST_F(E2eTest, WatchStatusIsScopedToTheCaller) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  v1::RefundResponse refund;
  ASSERT_TRUE(Refund(RefundOf(sale, 500, NewKey()), &refund).ok());
  v1::WatchStatusResponse message;
  {
    grpc::ClientContext context;
    auto reader = Watch(*stub_, context, refund.operation().operation_id(), kGlobexToken);
    EXPECT_FALSE(reader->Read(&message));
    ExpectRejected(reader->Finish(), grpc::StatusCode::NOT_FOUND, "OPERATION_NOT_FOUND");
  }
  {
    grpc::ClientContext context;
    auto reader = Watch(*stub_, context, refund.operation().operation_id(), nullptr);
    EXPECT_FALSE(reader->Read(&message));
    ExpectRejected(reader->Finish(), grpc::StatusCode::UNAUTHENTICATED, "CREDENTIALS_MISSING");
  }
}

TEST_F(E2eTest, ShutdownEndsOpenWatchStreams) {
  const std::string sale = sandbox_->CreateSale(
      {{"type", "Pix"}, {"status", "paid"}, {"amount", 8000}, {"received_days_ago", 10}});
  v1::RefundResponse refund;
  ASSERT_TRUE(Refund(RefundOf(sale, 2000, NewKey()), &refund).ok());
  grpc::ClientContext context;
  auto reader = Watch(*stub_, context, refund.operation().operation_id(), kAcmeToken);
  v1::WatchStatusResponse message;
  ASSERT_TRUE(reader->Read(&message));
  std::thread stop([this] { server_->Shutdown(absl::Seconds(10)); });
  EXPECT_FALSE(reader->Read(&message));
  ExpectRejected(reader->Finish(), grpc::StatusCode::UNAVAILABLE, "SERVICE_UNAVAILABLE");
  stop.join();
}

TEST_F(E2eTest, ListOperationsPagesThroughTheTenantsOwnOperations) {
  const std::string sale = sandbox_->CreateSale(Captured(10000, 10));
  std::set<std::string> created;
  for (int i = 0; i < 5; ++i) {
    v1::RefundResponse response;
    ASSERT_TRUE(Refund(RefundOf(sale, 100, NewKey(), kCentroNoSpacing), &response).ok());
    created.insert(response.operation().operation_id());
    clock_.Advance(absl::Seconds(1));
  }
  const std::string globex_sale = sandbox_->CreateSale(Captured(10000, 10));
  v1::RefundResponse theirs;
  ASSERT_TRUE(Refund(RefundOf(globex_sale, 100, NewKey(), kGlobex), &theirs, kGlobexToken).ok());

  auto list = [&](const v1::ListOperationsRequest& request, v1::ListOperationsResponse* response,
                  const char* token = kAcmeToken) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    return stub_->ListOperations(&context, request, response);
  };
  v1::ListOperationsRequest request;
  request.set_page_size(2);
  request.mutable_sale()->mutable_cielo_ecommerce()->set_payment_id(sale);
  std::set<std::string> seen;
  std::string previous_time = "~";
  for (int page = 0; page < 3; ++page) {
    v1::ListOperationsResponse response;
    ASSERT_TRUE(list(request, &response).ok());
    EXPECT_EQ(response.operations_size(), page < 2 ? 2 : 1);
    for (const v1::Operation& op : response.operations()) {
      EXPECT_TRUE(seen.insert(op.operation_id()).second);
      EXPECT_LT(op.create_time().seconds(), previous_time == "~" ? INT64_MAX : std::stoll(previous_time) + 1);
      previous_time = std::to_string(op.create_time().seconds());
    }
    EXPECT_EQ(response.next_page_token().empty(), page == 2);
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(seen, created);

  // globex sees only its own; a token does not carry over to other filters.
  v1::ListOperationsRequest everything;
  v1::ListOperationsResponse response;
  ASSERT_TRUE(list(everything, &response, kGlobexToken).ok());
  ASSERT_EQ(response.operations_size(), 1);
  EXPECT_EQ(response.operations(0).operation_id(), theirs.operation().operation_id());
  v1::ListOperationsRequest first;
  first.set_page_size(1);
  ASSERT_TRUE(list(first, &response).ok());
  v1::ListOperationsRequest other_filters;
  other_filters.add_statuses(v1::OPERATION_STATUS_FAILED);
  other_filters.set_page_token(response.next_page_token());
  ExpectRejected(list(other_filters, &response), grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID");
  ASSERT_TRUE(list(first, &response, kGlobexToken).ok());
  v1::ListOperationsRequest forged;
  forged.set_page_token("bm90LWEtdG9rZW4");
  ExpectRejected(list(forged, &response), grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID");
  v1::ListOperationsRequest too_big;
  too_big.set_page_size(501);
  ExpectRejected(list(too_big, &response), grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID");
}

}  // namespace
}  // namespace cancela::testing
