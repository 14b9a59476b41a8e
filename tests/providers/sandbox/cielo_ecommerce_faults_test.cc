// Fault injection: the three outcomes a gateway must tell apart — not executed, maybe executed,
// executed with the answer lost — as libcurl sees them.

#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/providers/sandbox/cielo_fixture.h"

namespace cancela::sandbox {
namespace {

namespace seed = cielo_seed;
using testing::CieloSimulatorTest;
using testing::CurlRequest;
using testing::CurlResult;
using testing::WaitUntil;

using SandboxCieloFaultsTest = CieloSimulatorTest;

FaultRule Rule(FaultKind kind, const std::string& payment_id = "", const std::string& method = "",
               int count = 1, absl::Duration delay = absl::ZeroDuration()) {
  FaultRule rule;
  rule.kind = kind;
  rule.payment_id = payment_id;
  rule.method = method;
  rule.count = count;
  rule.delay = delay;
  return rule;
}

bool IsConnectionError(const CurlResult& result) {
  return result.code == CURLE_RECV_ERROR || result.code == CURLE_GOT_NOTHING ||
         result.code == CURLE_SEND_ERROR;
}

TEST_F(SandboxCieloFaultsTest, Http500AnswersWithoutExecuting) {
  simulator_->InjectFault(Rule(FaultKind::kHttp500, seed::kCapturedCredit1, "PUT"));
  const CurlResult result = Void(seed::kCapturedCredit1, 1000);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.status, 500);
  EXPECT_TRUE(simulator_->Executions().empty());
  EXPECT_TRUE(simulator_->Rejections().empty());
  // One use only: the retry executes.
  EXPECT_EQ(Void(seed::kCapturedCredit1, 1000).Json()["ReturnCode"], "0");
  EXPECT_EQ(simulator_->ExecutionsFor(seed::kCapturedCredit1).size(), 1u);
}

TEST_F(SandboxCieloFaultsTest, ResetDropsTheConnectionWithoutExecuting) {
  simulator_->InjectFault(Rule(FaultKind::kReset, seed::kCapturedCredit1, "PUT"));
  const CurlResult result = Void(seed::kCapturedCredit1);
  EXPECT_TRUE(IsConnectionError(result)) << curl_easy_strerror(result.code);
  EXPECT_EQ(result.status, 0);
  EXPECT_TRUE(simulator_->Executions().empty());
  EXPECT_EQ(simulator_->GetSale(seed::kCapturedCredit1)->status, 2);
  // The request did arrive: it is counted.
  EXPECT_EQ(simulator_->ledger().RequestCount("PUT", seed::kCapturedCredit1), 1);
}

TEST_F(SandboxCieloFaultsTest, CloseIsAnEmptyReplyWithoutExecuting) {
  simulator_->InjectFault(Rule(FaultKind::kClose, seed::kCapturedCredit1));
  EXPECT_EQ(Void(seed::kCapturedCredit1).code, CURLE_GOT_NOTHING);
  EXPECT_TRUE(simulator_->Executions().empty());
}

TEST_F(SandboxCieloFaultsTest, ExecuteThenDropExecutesAndLosesTheAnswer) {
  simulator_->InjectFault(Rule(FaultKind::kExecuteThenDrop, seed::kCapturedCredit1, "PUT"));
  const CurlResult result = Void(seed::kCapturedCredit1, 2500);
  EXPECT_TRUE(IsConnectionError(result)) << curl_easy_strerror(result.code);
  const auto executions = simulator_->ExecutionsFor(seed::kCapturedCredit1);
  ASSERT_EQ(executions.size(), 1u);
  EXPECT_EQ(executions[0].amount, 2500);
  // The gateway finds out by querying.
  EXPECT_EQ(Query(seed::kCapturedCredit1).Json()["Payment"]["VoidedAmount"], 2500);
}

TEST_F(SandboxCieloFaultsTest, LatencyDelaysThenAnswersNormally) {
  simulator_->InjectFault(
      Rule(FaultKind::kLatency, seed::kCapturedCredit1, "GET", 1, absl::Milliseconds(200)));
  const CurlResult result = Query(seed::kCapturedCredit1);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.status, 200);
  EXPECT_GE(result.elapsed, absl::Milliseconds(200));
}

TEST_F(SandboxCieloFaultsTest, LatencyBeyondTheClientTimeoutMayStillExecute) {
  simulator_->InjectFault(
      Rule(FaultKind::kLatency, seed::kCapturedCredit1, "PUT", 1, absl::Milliseconds(300)));
  CurlRequest request;
  request.method = "PUT";
  request.url = absl::StrCat(simulator_->transactional_url(), "/1/sales/",
                             seed::kCapturedCredit1, "/void?amount=1000");
  request.headers = Auth();
  request.body = "";
  request.timeout = absl::Milliseconds(100);
  EXPECT_EQ(testing::Perform(request).code, CURLE_OPERATION_TIMEDOUT);
  // "Maybe sent": the provider carries on after the client gave up.
  EXPECT_TRUE(
      WaitUntil([&] { return simulator_->ExecutionsFor(seed::kCapturedCredit1).size() == 1; }));
}

TEST_F(SandboxCieloFaultsTest, RulesMatchTheirSaleAndMethodForTheirCount) {
  simulator_->InjectFault(Rule(FaultKind::kHttp500, seed::kCapturedCredit1, "PUT", 2));
  EXPECT_EQ(Query(seed::kCapturedCredit1).status, 200);            // another method
  EXPECT_EQ(Void(seed::kCapturedCredit2, 100).status, 200);         // another sale
  EXPECT_EQ(Void(seed::kCapturedCredit1, 100).status, 500);
  EXPECT_EQ(Void(seed::kCapturedCredit1, 100).status, 500);
  EXPECT_EQ(Void(seed::kCapturedCredit1, 100).status, 200);         // used up
  EXPECT_TRUE(simulator_->ArmedFaults().empty());
}

TEST_F(SandboxCieloFaultsTest, AnyRuleMatchesEverySale) {
  simulator_->InjectFault(Rule(FaultKind::kHttp500));
  EXPECT_EQ(Query(seed::kPixPaid).status, 500);
  EXPECT_EQ(Query(seed::kPixPaid).status, 200);
}

TEST_F(SandboxCieloFaultsTest, ClearFaultsDisarms) {
  simulator_->InjectFault(Rule(FaultKind::kReset, "", "", 100));
  simulator_->ClearFaults();
  EXPECT_EQ(Query(seed::kPixPaid).status, 200);
}

TEST_F(SandboxCieloFaultsTest, ClearingReleasesRequestsWaitingOutALatency) {
  simulator_->InjectFault(Rule(FaultKind::kLatency, "", "PUT", 10, absl::Hours(1)));
  CurlResult held[2];
  std::thread first([&] { held[0] = Void(seed::kCapturedCredit1, 1000); });
  std::thread second([&] { held[1] = Void(seed::kCapturedCredit2, 1000); });
  ASSERT_TRUE(WaitUntil([&] { return simulator_->ledger().RequestCount("PUT") == 2; }));
  EXPECT_TRUE(simulator_->Executions().empty());  // both still waiting
  simulator_->ClearFaults();
  first.join();
  second.join();
  // Released, not dropped: both are answered and executed, and later ones are not delayed.
  for (const CurlResult& result : held) {
    ASSERT_TRUE(result.ok()) << curl_easy_strerror(result.code);
    EXPECT_EQ(result.status, 200);
  }
  EXPECT_EQ(simulator_->Executions().size(), 2u);
  EXPECT_TRUE(simulator_->ArmedFaults().empty());
  EXPECT_EQ(Void(seed::kCapturedCredit3, 1000).status, 200);
}

TEST_F(SandboxCieloFaultsTest, StopCutsALongLatencyShort) {
  simulator_->InjectFault(Rule(FaultKind::kLatency, "", "GET", 1, absl::Hours(1)));
  std::thread client([&] { Query(seed::kPixPaid); });
  ASSERT_TRUE(WaitUntil([&] { return simulator_->ledger().RequestCount("GET") == 1; }));
  const absl::Time start = absl::Now();
  simulator_->Stop();
  client.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

}  // namespace
}  // namespace cancela::sandbox
