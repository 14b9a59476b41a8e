// Provider notifications through the real listener: a hint that makes the poller ask the
// provider now. Repeats change nothing more; forged or unreadable ones change nothing at all.

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/watch_stream.h"
#include "tests/e2e/webhook_delivery.h"

namespace cancela::testing {
namespace {

constexpr char kWebhookHeader[] = "X-Cancela-Notification-Token";
constexpr char kWebhookToken[] = "notification-token-for-tests-0001";

class WebhookE2eTest : public E2eTest {
 protected:
  sandbox::CieloRules SandboxRules() const override {
    sandbox::CieloRules rules;
    rules.pix_settle_delay = absl::Seconds(10);
    return rules;
  }
  void Configure(server::Config& config) const override {
    config.webhooks_listen = "127.0.0.1:0";
    for (server::ProviderAccountConfig& account : config.provider_accounts) {
      if (account.name != kCentro) continue;
      account.webhook_header = absl::AsciiStrToLower(kWebhookHeader);
      account.webhook_token = Secret(kWebhookToken);
    }
  }

  // POSTs `body` to the listener as Cielo would; returns the HTTP status (0: no answer).
  int Deliver(const std::string& body, const std::string& token = kWebhookToken,
              const std::string& account = kCentro, const std::string& method = "POST") {
    WebhookPost post;
    post.port = server_->webhooks_port();
    post.account = account;
    post.header = kWebhookHeader;
    post.token = token;
    post.body = body;
    post.method = method;
    return DeliverWebhook(post);
  }

  static std::string Notification(const std::string& payment_id) {
    return absl::StrCat(R"({"PaymentId": ")", payment_id, R"(", "ChangeType": 1})");
  }

  // A Pix refund Cielo has scheduled, checked once by the poller (next check in about a minute),
  // and settled at Cielo since: only a notification makes it due before its next check.
  std::string SettledButNotYetChecked(const std::string& pix) {
    v1::RefundResponse response;
    EXPECT_TRUE(Refund(RefundOf(pix, 2000, NewKey()), &response).ok());
    EXPECT_EQ(response.operation().pending_detail(), v1::PENDING_DETAIL_PROVIDER_SCHEDULED);
    EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
    clock_.Advance(absl::Seconds(20));
    EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);  // not due yet
    return response.operation().operation_id();
  }

  std::string PixSale() {
    return sandbox_->CreateSale(
        {{"type", "Pix"}, {"status", "paid"}, {"amount", 8000}, {"received_days_ago", 10}});
  }
};

TEST_F(WebhookE2eTest, AHundredDeliveriesOfOneNotificationMakeOneChange) {
  const std::string pix = PixSale();
  const std::string id = SettledButNotYetChecked(pix);

  grpc::ClientContext watching;
  auto reader = Watch(*stub_, watching, id, kAcmeToken);
  std::atomic<int> ok{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t) {
    senders.emplace_back([&] {
      for (int i = 0; i < 25; ++i) ok += Deliver(Notification(pix)) == 200 ? 1 : 0;
    });
  }
  for (std::thread& t : senders) t.join();
  EXPECT_EQ(ok, 100);  // Cielo wants a 200 every time, or it retries

  // The server's maintenance loop, woken by the notification, may record it first.
  EXPECT_LE(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 1);
  EXPECT_EQ(ReadUntilFinal(*reader).status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(id, false, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  int final_entries = 0;
  for (const v1::StatusChange& change : status.operation().history()) {
    final_entries += change.status() == v1::OPERATION_STATUS_SUCCEEDED ? 1 : 0;
  }
  EXPECT_EQ(final_entries, 1);
  EXPECT_EQ(Deliver(Notification(pix)), 200);  // a late repeat is still welcome, and harmless
  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
}

TEST_F(WebhookE2eTest, ForgedMalformedOrMisaddressedNotificationsChangeNothing) {
  const std::string pix = PixSale();
  const std::string id = SettledButNotYetChecked(pix);

  EXPECT_EQ(Deliver(Notification(pix), "notification-token-for-tests-0002"), 401);
  EXPECT_EQ(Deliver(Notification(pix), ""), 401);
  EXPECT_EQ(Deliver("{\"PaymentId\": 12, \"ChangeType\": 1}"), 400);
  EXPECT_EQ(Deliver("not json at all"), 400);
  EXPECT_EQ(Deliver(R"({"PaymentId": "5eed0000-0000-4000-8000-00000000000z", "ChangeType": 1})"),
            400);
  EXPECT_EQ(Deliver(Notification(pix), kWebhookToken, "cielo-ecommerce/nao-existe"), 404);
  EXPECT_EQ(Deliver(Notification(pix), kWebhookToken, kSemSaldo), 404);  // takes no notifications
  EXPECT_EQ(Deliver(std::string(70 * 1024, 'x')), 413);
  EXPECT_EQ(Deliver(Notification(pix), kWebhookToken, kCentro, "GET"), 405);

  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(id, false, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_PENDING);

  // A notification naming a sale with nothing pending is answered and ignored.
  EXPECT_EQ(Deliver(Notification(sandbox_->CreateSale({{"type", "CreditCard"}, {"status", "captured"},
                                                  {"amount", 10000}, {"received_days_ago", 10},
                                                  {"captured_days_ago", 10}}))), 200);
  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(10)), 0);
}

}  // namespace
}  // namespace cancela::testing
