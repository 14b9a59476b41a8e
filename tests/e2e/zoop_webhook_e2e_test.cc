// Zoop's webhooks through the real listener: a cancellation event makes the sale's pending
// operation due, the poller asks Zoop at once and records what Zoop's history says. Repeats
// change nothing more; forged, unreadable or foreign events change nothing at all.

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "providers/sandbox/zoop_seed.h"
#include "providers/sandbox/zoop_simulator.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/watch_stream.h"
#include "tests/e2e/webhook_delivery.h"

namespace cancela::testing {
namespace {

namespace seed = sandbox::zoop_seed;

constexpr char kZoop[] = "zoop/marketplace-demo";
constexpr char kHeader[] = "X-Zoop-Notification-Token";
constexpr char kToken[] = "zoop-notification-token-for-tests-01";

class ZoopWebhookE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    sandbox::ZoopSimulator::Options options;
    options.clock = &clock_;
    zoop_ = std::make_unique<sandbox::ZoopSimulator>(options);
    ASSERT_TRUE(zoop_->Start().ok());
    E2eTest::SetUp();
  }
  void TearDown() override {
    E2eTest::TearDown();
    zoop_.reset();
  }
  void Configure(server::Config& config) const override {
    config.webhooks_listen = "127.0.0.1:0";
    server::ProviderAccountConfig account;
    account.name = kZoop;
    account.provider = "zoop";
    account.tenants = {"acme"};
    account.settings = {{"base_url", zoop_->base_url()},
                        {"marketplace_id", seed::kMarketplaceId},
                        {"api_key", {{"value", seed::kApiKey}}},
                        {"request_timeout_ms", 5000}};
    account.webhook_header = absl::AsciiStrToLower(kHeader);
    account.webhook_token = Secret(kToken);
    config.provider_accounts.push_back(account);
  }

  int Deliver(const std::string& body, const std::string& token = kToken) {
    WebhookPost post;
    post.port = server_->webhooks_port();
    post.account = kZoop;
    post.header = kHeader;
    post.token = token;
    post.body = body;
    return DeliverWebhook(post);
  }

  // A total refund Zoop executed but whose answer was lost, and whose first check by the poller
  // found Zoop unavailable: pending, outcome unknown, next check in about a minute (the manual
  // clock stands still), so only a notification makes it due sooner.
  std::string ExecutedButAnswerLost(std::string* transaction) {
    sandbox::ZoopTransactionSpec spec;
    spec.amount = 9000;
    spec.payment_type = "credit";
    spec.days_ago = 3;
    auto t = zoop_->CreateTransaction(spec);
    EXPECT_TRUE(t.ok()) << t.status();
    *transaction = t.ok() ? t->id : "";
    sandbox::FaultRule drop;
    drop.kind = sandbox::FaultKind::kExecuteThenDrop;
    drop.payment_id = *transaction;
    drop.method = "POST";
    zoop_->InjectFault(drop);
    v1::RefundRequest request;
    request.set_provider_account(kZoop);
    request.mutable_sale()->mutable_zoop()->set_transaction_id(*transaction);
    request.mutable_sale()->mutable_zoop()->set_on_behalf_of(seed::kLojaNorteId);
    request.set_idempotency_key(NewKey());
    v1::RefundResponse response;
    EXPECT_TRUE(Refund(request, &response).ok());
    EXPECT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
    sandbox::FaultRule unavailable;
    unavailable.kind = sandbox::FaultKind::kHttp500;
    unavailable.payment_id = *transaction;
    unavailable.method = "GET";
    zoop_->InjectFault(unavailable);
    EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
    EXPECT_TRUE(zoop_->ArmedFaults().empty());  // the poller did ask
    EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);  // not due again
    EXPECT_EQ(StatusOf(response.operation().operation_id()).status(),
              v1::OPERATION_STATUS_PENDING);
    return response.operation().operation_id();
  }

  // The body of the sandbox's latest event of `type`.
  std::string EventOf(const std::string& type) const {
    std::string found;
    for (const std::string& body : zoop_->Events()) {
      if (absl::StrContains(body, absl::StrCat("\"type\":\"", type, "\""))) found = body;
    }
    EXPECT_FALSE(found.empty()) << type;
    return found;
  }

  v1::Operation StatusOf(const std::string& id) {
    v1::GetStatusResponse status;
    EXPECT_TRUE(GetStatus(id, false, &status).ok());
    return status.operation();
  }

  std::unique_ptr<sandbox::ZoopSimulator> zoop_;
};

TEST_F(ZoopWebhookE2eTest, AVoidSucceededEventMakesThePollerSettleTheOperationOnce) {
  std::string transaction;
  const std::string id = ExecutedButAnswerLost(&transaction);
  const std::string event = EventOf("transaction.void.succeeded");

  grpc::ClientContext watching;
  auto reader = Watch(*stub_, watching, id, kAcmeToken);
  std::atomic<int> ok{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t) {
    senders.emplace_back([&] {
      for (int i = 0; i < 10; ++i) ok += Deliver(event) == 200 ? 1 : 0;
    });
  }
  for (std::thread& t : senders) t.join();
  EXPECT_EQ(ok, 40);

  // The server's maintenance loop, woken by the notification, may record it first.
  EXPECT_LE(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 1);
  EXPECT_EQ(ReadUntilFinal(*reader).status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
  const v1::Operation op = StatusOf(id);
  EXPECT_EQ(op.status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(op.refunded_amount().amount_minor_units(), 9000);
  int final_entries = 0;
  for (const v1::StatusChange& change : op.history()) {
    final_entries += change.status() == v1::OPERATION_STATUS_SUCCEEDED ? 1 : 0;
  }
  EXPECT_EQ(final_entries, 1);
  EXPECT_EQ(zoop_->ExecutionsFor(transaction).size(), 1u);
  EXPECT_EQ(zoop_->ledger().RequestCount("POST", transaction), 1);  // asked, never resent

  // The companion transaction.canceled arrives late: welcome, and nothing is left to check.
  EXPECT_EQ(Deliver(EventOf("transaction.canceled")), 200);
  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
}

TEST_F(ZoopWebhookE2eTest, ForgedUnreadableForeignOrUnrelatedEventsChangeNothing) {
  std::string transaction;
  const std::string id = ExecutedButAnswerLost(&transaction);
  const std::string event = EventOf("transaction.void.succeeded");
  const int64_t reads = zoop_->ledger().RequestCount("GET", transaction);

  EXPECT_EQ(Deliver(event, "zoop-notification-token-for-tests-02"), 401);
  EXPECT_EQ(Deliver(event, ""), 401);
  EXPECT_EQ(Deliver("not json"), 400);
  EXPECT_EQ(Deliver(R"({"type": "transaction.void.succeeded", "payload": {"object": {}}})"), 400);
  // Ours in form, but about another marketplace, or with a seller that could climb a path.
  const std::string foreign = absl::StrReplaceAll(
      event, {{seed::kMarketplaceId, "0000000000000000000000000000000f"}});
  EXPECT_EQ(Deliver(foreign), 400);
  std::string climbing = event;
  climbing.replace(climbing.find(seed::kLojaNorteId), std::string(seed::kLojaNorteId).size(),
                   "../../sellers");
  EXPECT_EQ(Deliver(climbing), 400);
  // Zoop posts every event it has; the ones that are not about cancellations are acknowledged.
  EXPECT_EQ(Deliver(absl::StrCat(R"({"id": "ev1", "type": "transaction.succeeded", "payload": )",
                                 R"({"object": {"id": ")", transaction, R"("}}})")),
            200);
  EXPECT_EQ(Deliver(R"({"id": "ev2", "type": "buyer.created", "payload": {"object": {}}})"), 200);

  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
  EXPECT_EQ(StatusOf(id).status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(zoop_->ledger().RequestCount("GET", transaction), reads);
}

}  // namespace
}  // namespace cancela::testing
