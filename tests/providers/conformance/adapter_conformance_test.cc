// One suite every adapter passes, against its simulator over real libcurl: total, partial,
// over-amount, unknown sale, provider decline, HTTP 5xx, timeout, malformed answers — and no
// credential or card data in any log line or result text.

#include "tests/providers/conformance/adapter_conformance.h"

namespace cancela::conformance {
namespace {

TEST_P(AdapterConformanceTest, TotalCancelsWhatRemainsExactlyOnce) {
  const TestSale sale = Sale(10000);
  auto before = Snapshot(sale.ref);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->cancelled_minor_units, 0);
  const CancelCommand c = Command(sale, 10000, /*total=*/true);
  ASSERT_TRUE(adapter_->CheckRules(c, *before, clock_.Now()).ok());
  const ReconcileBasis basis = BasisFor(sale);
  const ProviderResult r = Decided(c, Send(c), basis);
  EXPECT_EQ(r.outcome, Outcome::kSucceeded) << r.note;
  EXPECT_EQ(fixture_->Executions(sale), 1);
  auto after = After(sale, 10000);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->cancelled_minor_units, 10000);
  clock_.Advance(fixture_->SpacingBetweenCancels());
  EXPECT_EQ(adapter_->CheckRules(Command(sale, 1, false), *after, clock_.Now()).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_P(AdapterConformanceTest, PartialsAddUpToTheWhole) {
  const TestSale sale = Sale(10000);
  int64_t cancelled = 0;
  for (const int64_t part : {2500, 7500}) {
    auto before = After(sale, cancelled);
    ASSERT_TRUE(before.ok());
    const CancelCommand c = Command(sale, part, /*total=*/false);
    ASSERT_TRUE(adapter_->CheckRules(c, *before, clock_.Now()).ok());
    const ReconcileBasis basis = BasisFor(sale);
    const ProviderResult r = Decided(c, Send(c), basis);
    EXPECT_EQ(r.outcome, Outcome::kSucceeded) << r.note;
    if (r.outcome == Outcome::kSucceeded) cancelled += part;
    clock_.Advance(fixture_->SpacingBetweenCancels());
  }
  EXPECT_EQ(fixture_->Executions(sale), 2);
  auto after = After(sale, cancelled);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->cancelled_minor_units, 10000);
}

TEST_P(AdapterConformanceTest, OverAmountIsRefusedBeforeCallingAndByTheProvider) {
  const TestSale sale = Sale(5000);
  auto before = Snapshot(sale.ref);
  ASSERT_TRUE(before.ok());
  const absl::Status rule = adapter_->CheckRules(Command(sale, 5001, false), *before, clock_.Now());
  EXPECT_EQ(rule.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(rule), "REFUND_EXCEEDS_BALANCE");
  texts_.push_back(std::string(rule.message()));
  // Sent anyway, the provider refuses it (at once, or when it decides): a failure, never a
  // success, nothing executed.
  const ReconcileBasis basis = BasisFor(sale);
  const CancelCommand c = Command(sale, 5001, false);
  const ProviderResult r = Decided(c, Send(c), basis);
  EXPECT_EQ(r.outcome, Outcome::kFailed) << r.note;
  EXPECT_NE(r.failure_reason, v1::FAILURE_REASON_UNSPECIFIED);
  EXPECT_EQ(fixture_->Executions(sale), 0);
}

TEST_P(AdapterConformanceTest, UnknownSaleIsNotFound) {
  // Without a sale query only the cancellation can find out; with one, both must.
  if (fixture_->HasSaleQuery()) {
    const absl::StatusOr<SaleSnapshot> snapshot = Snapshot(fixture_->UnknownSale());
    EXPECT_EQ(snapshot.status().code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(ErrorReasonOf(snapshot.status()), "SALE_NOT_FOUND");
  }
  TestSale unknown;
  unknown.ref = fixture_->UnknownSale();
  const ProviderResult r = Send(Command(unknown, 100, false));
  EXPECT_EQ(r.outcome, Outcome::kFailed) << r.note;
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_ORIGINAL_NOT_FOUND);
}

TEST_P(AdapterConformanceTest, ProviderDeclineIsAFailedOutcomeWithAReason) {
  const TestSale sale = fixture_->DecliningSale();
  Remember(sale);
  const ReconcileBasis basis = BasisFor(sale);
  const CancelCommand c = Command(sale, sale.amount, true);
  const ProviderResult r = Decided(c, Send(c), basis);
  EXPECT_EQ(r.outcome, Outcome::kFailed) << r.note;
  EXPECT_NE(r.failure_reason, v1::FAILURE_REASON_UNSPECIFIED);
  EXPECT_FALSE(r.failure_message.empty());
  EXPECT_EQ(fixture_->Executions(sale), 0);
}

TEST_P(AdapterConformanceTest, Http5xxIsUnknownAndNeverResent) {
  const TestSale sale = Sale(4000);
  const ReconcileBasis basis = BasisFor(sale);
  fixture_->InjectFault(sale, sandbox::FaultKind::kHttp500, absl::ZeroDuration());
  const CancelCommand c = Command(sale, 1000, false);
  EXPECT_EQ(Send(c).outcome, Outcome::kUnknown);
  EXPECT_EQ(fixture_->CancelRequests(sale), 1);
  EXPECT_EQ(fixture_->Executions(sale), 0);
  // Asking afterwards finds nothing moved: still unknown (never success), and nothing resent.
  EXPECT_EQ(Reconcile(c, basis).outcome, Outcome::kUnknown);
  EXPECT_EQ(fixture_->CancelRequests(sale), 1);
}

TEST_P(AdapterConformanceTest, TimeoutIsUnknownNeverResentAndFoundByAsking) {
  const TestSale sale = Sale(4000);
  const ReconcileBasis basis = BasisFor(sale);
  fixture_->InjectFault(sale, sandbox::FaultKind::kLatency, absl::Milliseconds(1500));
  const CancelCommand c = Findable(sale, 1500);
  const ProviderResult r = Send(c, absl::Milliseconds(300));
  EXPECT_EQ(r.outcome, Outcome::kUnknown) << r.note;
  // The slow provider executes it anyway; the adapter never sent it twice.
  ASSERT_TRUE(Eventually([&] { return fixture_->Accepted(sale) == 1; }));
  EXPECT_EQ(fixture_->CancelRequests(sale), 1);
  EXPECT_EQ(Decided(c, Reconcile(c, basis), basis).outcome, Outcome::kSucceeded);
  EXPECT_EQ(fixture_->CancelRequests(sale), 1);
  EXPECT_EQ(fixture_->Executions(sale), 1);
}

TEST_P(AdapterConformanceTest, MalformedAnswersAreNeverSuccess) {
  const std::vector<std::pair<const char*, std::function<std::string(const std::string&)>>> corruptions = {
      {"truncated", [](const std::string& body) { return body.substr(0, body.size() / 2); }},
      {"not json", [](const std::string&) { return std::string("<html>502 Bad Gateway</html>"); }},
      {"empty", [](const std::string&) { return std::string(); }},
      {"other json", [](const std::string&) { return std::string(R"({"unexpected": [1, 2, 3]})"); }},
  };
  for (const auto& [name, corrupt] : corruptions) {
    SCOPED_TRACE(name);
    const TestSale sale = Sale(3000);
    const ReconcileBasis basis = BasisFor(sale);
    transport_.CorruptNextCancelAnswer(corrupt);
    const CancelCommand c = Findable(sale, 1000);
    const ProviderResult r = Send(c);
    // It executed: reporting a failure would be as wrong as reporting a success.
    EXPECT_EQ(r.outcome, Outcome::kUnknown) << r.note;
    EXPECT_EQ(fixture_->Accepted(sale), 1);
    EXPECT_EQ(Decided(c, Reconcile(c, basis), basis).outcome, Outcome::kSucceeded);
    EXPECT_EQ(fixture_->CancelRequests(sale), 1);
    EXPECT_EQ(fixture_->Executions(sale), 1);
  }
}

TEST_P(AdapterConformanceTest, LogsAreCheckedAndCredentialsTravelOnlyOnTheWire) {
  const TestSale sale = Sale(2000);
  Send(Command(sale, 2000, true));
  fixture_->InjectFault(sale, sandbox::FaultKind::kHttp500, absl::ZeroDuration());
  Send(Command(sale, 1, false));
  // The credentials were really sent (so their absence from logs means something), in a header
  // or, as PayU does, in the body...
  bool on_wire = false;
  for (const auto& request : transport_.sent()) {
    for (const std::string& secret : fixture_->Secrets()) {
      on_wire |= absl::StrContains(request.body, secret);
      for (const auto& [name, value] : request.headers) on_wire |= absl::StrContains(value, secret);
    }
  }
  EXPECT_TRUE(on_wire);
  // ...and the simulator did log each request: TearDown scans these lines.
  TearDown();
  capturing_ = false;
  EXPECT_TRUE(absl::StrContains(last_logs_, "sandbox request")) << last_logs_;
}

}  // namespace
}  // namespace cancela::conformance
