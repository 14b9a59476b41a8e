// Cielo Checkout's status-change notifications (form POSTs) through the real listener: a hint
// that makes the order's pending operation due; the poller re-queries the order before
// recording anything. Repeats change nothing more; forged or unreadable ones nothing at all.

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "providers/sandbox/cielo_checkout_seed.h"
#include "providers/sandbox/cielo_checkout_simulator.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/watch_stream.h"
#include "tests/e2e/webhook_delivery.h"

namespace cancela::testing {
namespace {

namespace seed = sandbox::checkout_seed;

constexpr char kCheckout[] = "cielo-checkout/loja-checkout";
constexpr char kHeader[] = "X-Cancela-Notification-Token";
constexpr char kToken[] = "checkout-notification-token-for-tests";
constexpr char kForm[] = "application/x-www-form-urlencoded";

class CieloCheckoutWebhookE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    sandbox::CieloCheckoutSimulator::Options options;
    options.clock = &clock_;
    checkout_ = std::make_unique<sandbox::CieloCheckoutSimulator>(options);
    ASSERT_TRUE(checkout_->Start().ok());
    E2eTest::SetUp();
  }
  void TearDown() override {
    E2eTest::TearDown();
    checkout_.reset();
  }
  void Configure(server::Config& config) const override {
    config.webhooks_listen = "127.0.0.1:0";
    server::ProviderAccountConfig account;
    account.name = kCheckout;
    account.provider = "cielo_checkout";
    account.tenants = {"acme"};
    account.settings = {{"base_url", checkout_->base_url()},
                        {"client_id", {{"value", seed::kLojaCheckoutClientId}}},
                        {"client_secret", {{"value", seed::kLojaCheckoutClientSecret}}},
                        {"request_timeout_ms", 5000}};
    account.webhook_header = absl::AsciiStrToLower(kHeader);
    account.webhook_token = Secret(kToken);
    config.provider_accounts.push_back(account);
  }

  int Deliver(const std::string& body, const std::string& content_type = kForm,
              const std::string& token = kToken) {
    WebhookPost post;
    post.port = server_->webhooks_port();
    post.account = kCheckout;
    post.header = kHeader;
    post.token = token;
    post.body = body;
    post.content_type = content_type;
    return DeliverWebhook(post);
  }

  // Cielo's status-change form for `order` (providers.md §4.6).
  static std::string StatusChange(const std::string& order, int payment_status) {
    return absl::StrCat("checkout_cielo_order_number=", order, "&amount=20000&order_number=",
                        "pedido%2D0003&payment_status=", payment_status,
                        "&test_transaction=true&brand=Visa&nsu=000123&authorization_code=123456");
  }

  // A total refund Checkout carried out but whose answer was lost, whose first check found
  // Checkout unavailable: pending, next check in about a minute (the clock stands still).
  std::string ExecutedButAnswerLost(const std::string& order) {
    sandbox::FaultRule drop;
    drop.payment_id = order;
    drop.method = "PUT";
    drop.kind = sandbox::FaultKind::kExecuteThenDrop;
    checkout_->InjectFault(drop);
    v1::RefundRequest request;
    request.set_provider_account(kCheckout);
    request.mutable_sale()->mutable_cielo_checkout()->set_order_number(order);
    request.set_idempotency_key(NewKey());
    v1::RefundResponse response;
    EXPECT_TRUE(Refund(request, &response).ok());
    EXPECT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
    sandbox::FaultRule unavailable;
    unavailable.payment_id = order;
    unavailable.method = "GET";
    unavailable.kind = sandbox::FaultKind::kHttp500;
    checkout_->InjectFault(unavailable);
    EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
    EXPECT_TRUE(checkout_->ArmedFaults().empty());  // the poller did ask
    EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);  // not due again
    EXPECT_EQ(StatusOf(response.operation().operation_id()).status(),
              v1::OPERATION_STATUS_PENDING);
    return response.operation().operation_id();
  }

  v1::Operation StatusOf(const std::string& id) {
    v1::GetStatusResponse status;
    EXPECT_TRUE(GetStatus(id, false, &status).ok());
    return status.operation();
  }

  std::unique_ptr<sandbox::CieloCheckoutSimulator> checkout_;
};

TEST_F(CieloCheckoutWebhookE2eTest, ACancelledStatusChangeMakesThePollerSettleTheOperationOnce) {
  const std::string order = seed::kPaidCredit3;
  const std::string id = ExecutedButAnswerLost(order);

  grpc::ClientContext watching;
  auto reader = Watch(*stub_, watching, id, kAcmeToken);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Deliver(StatusChange(order, 5)), 200);  // Cielo retries
  // The server's maintenance loop, woken by the notification, may record it first.
  EXPECT_LE(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 1);
  EXPECT_EQ(ReadUntilFinal(*reader).status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
  const v1::Operation op = StatusOf(id);
  EXPECT_EQ(op.status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(op.provider_response().status(), "Voided");
  int final_entries = 0;
  for (const v1::StatusChange& change : op.history()) {
    final_entries += change.status() == v1::OPERATION_STATUS_SUCCEEDED ? 1 : 0;
  }
  EXPECT_EQ(final_entries, 1);
  EXPECT_EQ(checkout_->ExecutionsFor(order).size(), 1u);
  EXPECT_EQ(checkout_->ledger().RequestCount("PUT", order), 1);  // asked, never resent
}

TEST_F(CieloCheckoutWebhookE2eTest, ForgedUnreadableOrUnnamedNotificationsChangeNothing) {
  const std::string order = seed::kPaidCredit3;
  const std::string id = ExecutedButAnswerLost(order);
  const int64_t reads = checkout_->ledger().RequestCount("GET", order);

  EXPECT_EQ(Deliver(StatusChange(order, 5), kForm, "checkout-notification-token-for-test"), 401);
  EXPECT_EQ(Deliver(StatusChange(order, 5), kForm, ""), 401);
  EXPECT_EQ(Deliver(StatusChange(order, 5), "text/plain"), 400);
  EXPECT_EQ(Deliver("payment_status=5&amount=20000"), 400);  // no order named
  EXPECT_EQ(Deliver(StatusChange("..%2F..%2Ftoken", 5)), 400);
  EXPECT_EQ(Deliver(StatusChange(order, 5) + "&payment_status=2"), 400);  // which one?
  EXPECT_EQ(Deliver(absl::StrCat("checkout_cielo_order_number=", order, "&payment_status=%G5")),
            400);
  // The JSON-type finalisation notification names only the store's order number.
  EXPECT_EQ(Deliver(R"({"MerchantId": "m", "MerchantOrderNumber": "pedido-0003", "Url": "u"})",
                    "application/json"),
            200);

  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
  EXPECT_EQ(StatusOf(id).status(), v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(checkout_->ledger().RequestCount("GET", order), reads);
}

}  // namespace
}  // namespace cancela::testing
