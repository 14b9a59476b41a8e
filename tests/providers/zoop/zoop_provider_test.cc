// The Zoop adapter over real libcurl against the Zoop simulator on loopback.

#include "providers/zoop/zoop_provider.h"

#include <memory>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "providers/http/curl_http_transport.h"
#include "providers/sandbox/zoop_seed.h"
#include "providers/sandbox/zoop_simulator.h"
#include "providers/zoop/zoop_settings.h"
#include "providers/zoop/zoop_transformers.h"
#include "providers/zoop/zoop_webhook_events.h"

namespace cancela::providers::zoop {
namespace {

namespace seed = sandbox::zoop_seed;

// Real libcurl, with every request kept for the assertions.
class RecordingTransport final : public http::HttpTransport {
 public:
  http::Result Send(const http::Request& request) override {
    {
      absl::MutexLock lock(&mu_);
      sent_.push_back(request);
    }
    return curl_.Send(request);
  }
  std::vector<http::Request> sent() const {
    absl::MutexLock lock(&mu_);
    return sent_;
  }

 private:
  http::CurlHttpTransport curl_;
  mutable absl::Mutex mu_;
  std::vector<http::Request> sent_;
};

class ZoopProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox::ZoopSimulator::Options options;
    options.clock = &clock_;
    simulator_ = std::make_unique<sandbox::ZoopSimulator>(options);
    ASSERT_TRUE(simulator_->Start().ok());
    provider_ = Make({});
  }

  std::unique_ptr<Provider> Make(const nlohmann::json& overrides) {
    nlohmann::json settings = {{"base_url", simulator_->base_url()},
                               {"marketplace_id", seed::kMarketplaceId},
                               {"api_key", {{"value", seed::kApiKey}}},
                               {"request_timeout_ms", 5000}};
    if (overrides.is_object()) settings.update(overrides);
    auto provider = MakeZoopProvider(settings, transport_, clock_);
    EXPECT_TRUE(provider.ok()) << provider.status();
    return provider.ok() ? *std::move(provider) : nullptr;
  }

  static CancelCommand Command(const std::string& id, int64_t amount, bool total = false,
                               const std::string& seller = seed::kLojaNorteId) {
    CancelCommand c;
    c.operation_id = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";
    c.sale = ZoopSaleRef{id, seller};
    c.total = total;
    c.amount_minor_units = amount;
    c.currency = "BRL";
    return c;
  }

  absl::StatusOr<SaleSnapshot> Sale(const std::string& id, const std::string& seller = seed::kLojaNorteId) {
    return provider_->GetSale(ZoopSaleRef{id, seller}, absl::InfiniteFuture());
  }

  int64_t Posts(const std::string& id) const { return simulator_->ledger().RequestCount("POST", id); }

  ManualClock clock_{absl::FromCivil(absl::CivilSecond(2026, 12, 1, 15, 0, 0), absl::UTCTimeZone())};
  std::unique_ptr<sandbox::ZoopSimulator> simulator_;
  RecordingTransport transport_;
  std::unique_ptr<Provider> provider_;
};

TEST_F(ZoopProviderTest, SendsOneVoidPostWithBasicAuthCentsAndTheSeller) {
  const ProviderResult r = provider_->Cancel(Command(seed::kCredit1, 2500), absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kSucceeded) << r.note;
  const std::vector<http::Request> sent = transport_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "POST");
  EXPECT_EQ(sent[0].url, absl::StrCat(simulator_->base_url(), "/v1/marketplaces/", seed::kMarketplaceId,
                                      "/transactions/", seed::kCredit1, "/void"));
  EXPECT_FALSE(sent[0].idempotent);
  EXPECT_EQ(sent[0].body, R"({"amount":2500,"on_behalf_of":")" + std::string(seed::kLojaNorteId) + "\"}");
  bool basic = false;
  for (const auto& [name, value] : sent[0].headers) {
    if (name == "Authorization") basic = value == BasicAuthorization(Secret(seed::kApiKey));
  }
  EXPECT_TRUE(basic);
  ASSERT_EQ(simulator_->ExecutionsFor(seed::kCredit1).size(), 1u);
  EXPECT_EQ(simulator_->ExecutionsFor(seed::kCredit1)[0].amount, 2500);
}

TEST_F(ZoopProviderTest, PartialCancellationsDownToZero) {
  const int64_t parts[] = {3000, 2500, 4000, 500};
  int64_t cancelled = 0;
  for (size_t i = 0; i < std::size(parts); ++i) {
    auto before = Sale(seed::kCredit2);
    ASSERT_TRUE(before.ok()) << before.status();
    EXPECT_EQ(before->cancelled_minor_units, cancelled);
    const bool last = i + 1 == std::size(parts);
    CancelCommand command = Command(seed::kCredit2, parts[i], /*total=*/last);
    ASSERT_TRUE(provider_->CheckRules(command, *before, clock_.Now()).ok());
    const ProviderResult r = provider_->Cancel(command, absl::InfiniteFuture());
    ASSERT_EQ(r.outcome, Outcome::kSucceeded) << r.note;
    cancelled += parts[i];

    const sandbox::ZoopTransaction t = *simulator_->GetTransaction(seed::kCredit2);
    EXPECT_EQ(t.original_amount, 10000);  // kept
    EXPECT_EQ(t.amount, 10000 - cancelled);  // shrinks
    EXPECT_EQ(t.status, last ? "canceled" : "succeeded");  // canceled only at zero
    EXPECT_EQ(r.echo.status, last ? "canceled" : "succeeded");
    // The history read back names this cancellation.
    EXPECT_EQ(r.echo.reference, t.history.back().id);
    EXPECT_EQ(t.history.back().operation_type, "void");
    EXPECT_EQ(t.history.back().amount, parts[i]);

    auto after = Sale(seed::kCredit2);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->cancelled_minor_units, cancelled);
    EXPECT_EQ(after->authorized_minor_units, 10000);
    EXPECT_EQ(after->state, last ? SaleState::kVoided : SaleState::kCaptured);
  }
  EXPECT_EQ(simulator_->ExecutionsFor(seed::kCredit2).size(), std::size(parts));
  const absl::Status again = provider_->CheckRules(Command(seed::kCredit2, 1), *Sale(seed::kCredit2), clock_.Now());
  EXPECT_EQ(ErrorReasonOf(again), "SALE_ALREADY_CANCELLED");
}

TEST_F(ZoopProviderTest, ExecuteThenDropIsUnknownAndReconciledThroughHistoryWithoutResending) {
  const SaleSnapshot before = *Sale(seed::kCredit3);
  sandbox::FaultRule drop;
  drop.kind = sandbox::FaultKind::kExecuteThenDrop;
  drop.payment_id = seed::kCredit3;
  drop.method = "POST";
  simulator_->InjectFault(drop);
  const CancelCommand command = Command(seed::kCredit3, 1234);
  const absl::Time sent_at = clock_.Now();
  const ProviderResult lost = provider_->Cancel(command, absl::InfiniteFuture());
  EXPECT_EQ(lost.outcome, Outcome::kUnknown) << lost.note;

  ReconcileBasis basis;
  basis.cancelled_before_minor_units = before.cancelled_minor_units;
  basis.sent_at = sent_at;
  const ProviderResult found = provider_->Reconcile(command, basis, absl::InfiniteFuture());
  EXPECT_EQ(found.outcome, Outcome::kSucceeded) << found.note;
  const sandbox::ZoopTransaction t = *simulator_->GetTransaction(seed::kCredit3);
  EXPECT_EQ(found.echo.reference, t.history.back().id);
  EXPECT_EQ(simulator_->ExecutionsFor(seed::kCredit3).size(), 1u);
  EXPECT_EQ(Posts(seed::kCredit3), 1);  // reconciling only reads
}

TEST_F(ZoopProviderTest, ResetBeforeExecutingReconcilesToUnknownNeverSuccess) {
  sandbox::FaultRule reset;
  reset.kind = sandbox::FaultKind::kReset;
  reset.method = "POST";
  simulator_->InjectFault(reset);
  const CancelCommand command = Command(seed::kCredit3, 1000);
  EXPECT_EQ(provider_->Cancel(command, absl::InfiniteFuture()).outcome, Outcome::kUnknown);
  ReconcileBasis basis;
  basis.sent_at = clock_.Now();
  const ProviderResult r = provider_->Reconcile(command, basis, absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kUnknown) << r.note;
  EXPECT_TRUE(simulator_->ExecutionsFor(seed::kCredit3).empty());
  EXPECT_EQ(Posts(seed::kCredit3), 1);
}

TEST_F(ZoopProviderTest, AnOlderPartialOfTheSameAmountIsNotMistakenForThisOne) {
  // kPartlyCancelled carries a 4000 void from before; a lost 4000 that never ran stays unknown.
  const SaleSnapshot before = *Sale(seed::kPartlyCancelled);
  EXPECT_EQ(before.cancelled_minor_units, 4000);
  clock_.Advance(absl::Hours(1));
  ReconcileBasis basis;
  basis.cancelled_before_minor_units = before.cancelled_minor_units;
  basis.sent_at = clock_.Now();
  const ProviderResult r =
      provider_->Reconcile(Command(seed::kPartlyCancelled, 4000), basis, absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kUnknown) << r.note;
}

TEST_F(ZoopProviderTest, IssuerDeclineIsFailedAndReconcilesToFailed) {
  const CancelCommand command = Command(seed::kIssuerDeclines, 4000, true);
  const ProviderResult r = provider_->Cancel(command, absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_DECLINED);
  EXPECT_EQ(r.echo.code, "57");
  ReconcileBasis basis;
  basis.sent_at = clock_.Now();
  EXPECT_EQ(provider_->Reconcile(command, basis, absl::InfiniteFuture()).outcome, Outcome::kFailed);
  EXPECT_TRUE(simulator_->ExecutionsFor(seed::kIssuerDeclines).empty());
}

TEST_F(ZoopProviderTest, SettledSales) {
  auto settled = Sale(seed::kSettledNoRelease);
  ASSERT_TRUE(settled.ok()) << settled.status();
  EXPECT_TRUE(settled->settled);
  EXPECT_FALSE(Sale(seed::kCredit1)->settled);
  EXPECT_EQ(ErrorReasonOf(provider_->CheckRules(Command(seed::kSettledNoRelease, 100), *settled, clock_.Now())),
            "SETTLED_SALE_NEEDS_RELEASE");
  EXPECT_TRUE(simulator_->RejectionsFor(seed::kSettledNoRelease).empty());  // nothing was sent

  // An account that says it has the release: the rule passes; Zoop still refuses a sale it has
  // not released, and releases the other.
  auto released = Make({{"settled_refund_release", true}});
  EXPECT_TRUE(released->CheckRules(Command(seed::kSettledNoRelease, 100), *settled, clock_.Now()).ok());
  const ProviderResult refused = released->Cancel(Command(seed::kSettledNoRelease, 100), absl::InfiniteFuture());
  EXPECT_EQ(refused.outcome, Outcome::kFailed);
  EXPECT_EQ(refused.failure_reason, v1::FAILURE_REASON_MANUAL_PROCESSING);
  EXPECT_EQ(released->Cancel(Command(seed::kSettledReleased, 100), absl::InfiniteFuture()).outcome,
            Outcome::kSucceeded);
}

TEST_F(ZoopProviderTest, ProviderRefusalsMapped) {
  ProviderResult split = provider_->Cancel(Command(seed::kSplit, 7001), absl::InfiniteFuture());
  EXPECT_EQ(split.failure_reason, v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING);
  EXPECT_EQ(split.echo.reason_code, "split_rule_exceeds_amount");
  EXPECT_EQ(provider_->Cancel(Command(seed::kSplit, 7000), absl::InfiniteFuture()).outcome, Outcome::kSucceeded);
  EXPECT_EQ(provider_->Cancel(Command(seed::kDebit, 100), absl::InfiniteFuture()).failure_reason,
            v1::FAILURE_REASON_NOT_ELIGIBLE);
  EXPECT_EQ(provider_->Cancel(Command(seed::kCredit1, 10001), absl::InfiniteFuture()).failure_reason,
            v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING);
  EXPECT_EQ(provider_->Cancel(Command("5eed20000000000000000000000000ff", 100), absl::InfiniteFuture()).failure_reason,
            v1::FAILURE_REASON_ORIGINAL_NOT_FOUND);
  EXPECT_EQ(provider_->Cancel(Command(seed::kFailed, 2000, true), absl::InfiniteFuture()).failure_reason,
            v1::FAILURE_REASON_NOT_ELIGIBLE);
  EXPECT_TRUE(simulator_->ExecutionsFor("").size() == 1u);  // only the split's 7000
}

TEST_F(ZoopProviderTest, AnotherSellersTransactionIsNotFound) {
  EXPECT_TRUE(Sale(seed::kSulCredit, seed::kLojaSulId).ok());
  EXPECT_EQ(ErrorReasonOf(Sale(seed::kSulCredit, seed::kLojaNorteId).status()), "SALE_NOT_FOUND");
  EXPECT_EQ(ErrorReasonOf(Sale("5eed20000000000000000000000000ff").status()), "SALE_NOT_FOUND");
}

TEST_F(ZoopProviderTest, WrongKeyAndUnreachable) {
  auto wrong = Make({{"api_key", {{"value", "zpk_test_NOTTHEKEY"}}}});
  EXPECT_EQ(ErrorReasonOf(wrong->GetSale(ZoopSaleRef{seed::kCredit1, seed::kLojaNorteId}, absl::InfiniteFuture()).status()),
            "PROVIDER_AUTH_FAILED");
  EXPECT_EQ(wrong->Cancel(Command(seed::kCredit1, 100), absl::InfiniteFuture()).failure_reason,
            v1::FAILURE_REASON_PROVIDER_AUTHENTICATION);
  const std::string url = simulator_->base_url();
  simulator_->Stop();
  auto gone = Make({{"base_url", url}});
  const ProviderResult r = gone->Cancel(Command(seed::kCredit1, 100), absl::InfiniteFuture());
  EXPECT_EQ(r.outcome, Outcome::kFailed);  // refused connection: provably not sent
  EXPECT_EQ(r.failure_reason, v1::FAILURE_REASON_PROVIDER_UNAVAILABLE);
}

TEST_F(ZoopProviderTest, ReferencesThatCouldClimbThePathAreNeverSent) {
  for (const char* id : {"..", "a/b", "x?y=1", ""}) {
    EXPECT_EQ(ErrorReasonOf(Sale(id).status()), "SALE_REFERENCE_INVALID") << id;
    const ProviderResult r = provider_->Cancel(Command(id, 100), absl::InfiniteFuture());
    EXPECT_EQ(r.outcome, Outcome::kFailed) << id;
    EXPECT_EQ(provider_->Reconcile(Command(id, 100), ReconcileBasis{}, absl::InfiniteFuture()).outcome,
              Outcome::kUnknown);
  }
  EXPECT_EQ(ErrorReasonOf(Sale(seed::kCredit1, "../sellers").status()), "SALE_REFERENCE_INVALID");
  EXPECT_TRUE(transport_.sent().empty());
}

TEST_F(ZoopProviderTest, TheSimulatorsWebhookBodiesParseIntoTypedEvents) {
  ASSERT_EQ(provider_->Cancel(Command(seed::kCredit1, 4000), absl::InfiniteFuture()).outcome, Outcome::kSucceeded);
  ASSERT_EQ(provider_->Cancel(Command(seed::kCredit1, 6000, true), absl::InfiniteFuture()).outcome, Outcome::kSucceeded);
  ASSERT_EQ(provider_->Cancel(Command(seed::kIssuerDeclines, 4000, true), absl::InfiniteFuture()).outcome, Outcome::kFailed);
  std::vector<WebhookEvent> events;
  for (const std::string& body : simulator_->Events()) {
    auto event = ParseWebhookEvent(body);
    ASSERT_TRUE(event.ok()) << event.status();
    EXPECT_EQ(event->marketplace_id, seed::kMarketplaceId);
    events.push_back(*event);
  }
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[1].type, WebhookEventType::kTransactionCanceled);
  EXPECT_EQ(events[1].transaction_status, "succeeded");  // a partial: the sale goes on
  EXPECT_EQ(events[1].amount_minor_units, 6000);
  EXPECT_EQ(events[1].original_amount_minor_units, 10000);
  EXPECT_EQ(events[2].type, WebhookEventType::kVoidSucceeded);
  EXPECT_EQ(events[3].transaction_status, "canceled");
  EXPECT_EQ(events[3].amount_minor_units, 0);
  EXPECT_EQ(events[4].type, WebhookEventType::kVoidFailed);
  EXPECT_EQ(events[4].transaction_id, seed::kIssuerDeclines);
  EXPECT_NE(events[0].event_id, events[1].event_id);
}

TEST_F(ZoopProviderTest, WebhookEventsBecomeHintsNamingTheSellersTransaction) {
  ASSERT_EQ(provider_->Cancel(Command(seed::kCredit1, 4000), absl::InfiniteFuture()).outcome, Outcome::kSucceeded);
  ASSERT_FALSE(simulator_->Events().empty());
  for (const std::string& body : simulator_->Events()) {
    auto hint = provider_->ParseWebhook({"application/json", body});
    ASSERT_TRUE(hint.ok()) << hint.status();
    ASSERT_EQ(hint->sales.size(), 1u);
    const auto& ref = std::get<ZoopSaleRef>(hint->sales[0]);
    EXPECT_EQ(ref.transaction_id, seed::kCredit1);
    EXPECT_EQ(ref.on_behalf_of, seed::kLojaNorteId);
  }
  auto other = provider_->ParseWebhook(
      {"application/json", R"({"id": "e", "type": "transaction.succeeded", "payload": {}})"});
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_TRUE(other->sales.empty());
  EXPECT_EQ(other->event, "transaction.succeeded");
  auto unreadable = provider_->ParseWebhook({"application/json", "[1, 2]"});
  EXPECT_EQ(unreadable.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ZoopProviderTest, VersionTwoPathIsASetting) {
  auto v2 = Make({{"api_version", "v2"}});
  EXPECT_EQ(v2->Cancel(Command(seed::kCredit1, 100), absl::InfiniteFuture()).outcome, Outcome::kSucceeded);
  EXPECT_NE(transport_.sent().back().url.find("/v2/marketplaces/"), std::string::npos);
}

TEST(ZoopSettingsTest, ValidatesAndNeverEchoesTheKey) {
  const nlohmann::json good = {{"base_url", "https://api.zoop.ws/"},
                               {"marketplace_id", "mkp_1"},
                               {"api_key", {{"value", "zpk_live_SECRETVALUE"}}}};
  auto parsed = ParseSettings(good);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->base_url, "https://api.zoop.ws");
  EXPECT_EQ(parsed->api_version, "v1");
  EXPECT_FALSE(parsed->settled_refund_release);
  EXPECT_TRUE(parsed->check_receivables);
  for (const auto& [key, value] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"base_url", "ftp://x"}, {"marketplace_id", "../etc"}, {"api_version", "v3"},
           {"settled_refund_release", "yes"}, {"refund_window_days", -1},
           {"request_timeout_ms", 1}, {"typo_setting", 1}, {"api_key", {{"value", ""}}}}) {
    nlohmann::json bad = good;
    bad[key] = value;
    const absl::Status s = ParseSettings(bad).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << key;
    EXPECT_NE(s.message().find(key), std::string::npos) << s;
    EXPECT_EQ(s.message().find("SECRETVALUE"), std::string::npos);
  }
}

}  // namespace
}  // namespace cancela::providers::zoop
