// Zoop webhook events, with the providers.md §5.7 envelopes.

#include "providers/zoop/zoop_webhook_events.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace cancela::providers::zoop {
namespace {

// providers.md §5.7 transaction_succeeded.json, with the type of a cancellation event (the same
// envelope [I]).
std::string Envelope(const std::string& type, const std::string& status = "succeeded") {
  return R"({"id":"cf4679634d4e4b6dbc9fa8990c8f01f9","type":")" + type + R"(","resource":"event",
 "payload":{"object":{"id":"32df0dd9c57143ef8cc46924f4ba9e98","resource":"transaction","status":")" + status +
         R"(","amount":"1484.34",
   "original_amount":"1984.34","on_behalf_of":"25037b2978b14e7fa5b902d9322e8426","reference_id":"1016423","metadata":{"ipag_transaction_id":"1016423","ipag_order_id":"68"}}},
 "source":null,"name":null,"uri":"/v1/marketplaces/3249465a7753536b62545a6a684b0000/events/cf4679634d4e4b6dbc9fa8990c8f01f9",
 "created_at":"2020-07-06T14:01:51+0000","updated_at":"2020-07-06T14:01:51+0000"})";
}

TEST(ZoopWebhookEventsTest, PartialCancelEventKeepsTheSaleSucceeded) {
  auto event = ParseWebhookEvent(Envelope("transaction.canceled"));
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->type, WebhookEventType::kTransactionCanceled);
  EXPECT_EQ(event->event_id, "cf4679634d4e4b6dbc9fa8990c8f01f9");
  EXPECT_EQ(event->marketplace_id, "3249465a7753536b62545a6a684b0000");
  EXPECT_EQ(event->transaction_id, "32df0dd9c57143ef8cc46924f4ba9e98");
  EXPECT_EQ(event->transaction_status, "succeeded");
  EXPECT_EQ(event->on_behalf_of, "25037b2978b14e7fa5b902d9322e8426");
  EXPECT_EQ(event->amount_minor_units, 148434);
  EXPECT_EQ(event->original_amount_minor_units, 198434);
  EXPECT_EQ(event->created_at,
            absl::FromCivil(absl::CivilSecond(2020, 7, 6, 14, 1, 51), absl::UTCTimeZone()));
}

TEST(ZoopWebhookEventsTest, VoidSucceededAndFailed) {
  auto ok = ParseWebhookEvent(Envelope("transaction.void.succeeded", "canceled"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->type, WebhookEventType::kVoidSucceeded);
  EXPECT_EQ(ok->transaction_status, "canceled");
  auto failed = ParseWebhookEvent(Envelope("Transaction.Void.Failed"));
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->type, WebhookEventType::kVoidFailed);
  EXPECT_EQ(WebhookEventTypeName(failed->type), "transaction.void.failed");
}

TEST(ZoopWebhookEventsTest, TransactionDirectlyUnderPayloadWithAnError) {
  // providers.md §5.7 transaction_failed.json: no "object" level, an error object beside [U].
  auto event = ParseWebhookEvent(
      R"({"type":"transaction.void.failed","resource":"event","status":"succeeded","source":"API",
          "payload":{"error":{"status":"Bad Request","status_code":400,"type":"invalid_request_error","category":"invalid_payment_information",
          "message":"Invalid payment information. Please verify request parameters."},"id":"t-77","resource":"transaction","status":"failed","amount":"10.05"}})");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->transaction_id, "t-77");
  EXPECT_EQ(event->amount_minor_units, 1005);
  EXPECT_FALSE(event->original_amount_minor_units.has_value());
  EXPECT_EQ(event->error_category, "invalid_payment_information");
  EXPECT_EQ(event->error_type, "invalid_request_error");
  EXPECT_EQ(event->error_message, "Invalid payment information. Please verify request parameters.");
}

TEST(ZoopWebhookEventsTest, OtherEventsAreUnsupportedNotErrors) {
  const absl::Status s = ParseWebhookEvent(Envelope("transaction.succeeded")).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(ErrorReasonOf(s), "OPERATION_NOT_SUPPORTED");
  EXPECT_EQ(GetErrorDetails(s).metadata["eventType"], "transaction.succeeded");
}

TEST(ZoopWebhookEventsTest, MalformedPayloadsAreClearErrors) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "body"},
      {"not json", "body"},
      {"[1,2]", "body"},
      {R"({"payload":{"object":{"id":"t"}}})", "type"},
      {R"({"type":"transaction.canceled"})", "payload"},
      {R"({"type":"transaction.canceled","payload":"x"})", "payload"},
      {R"({"type":"transaction.canceled","payload":{"object":{"status":"succeeded"}}})", "payload.object.id"},
      {R"({"type":"transaction.canceled","payload":{"object":{"id":"t","amount":"1.234"}}})", "payload.object.amount"},
      {R"({"type":"transaction.canceled","payload":{"object":{"id":"t","original_amount":{}}}})", "payload.object.original_amount"},
      {R"({"type":7,"payload":{}})", "type"},
  };
  for (const auto& [body, field] : cases) {
    const absl::Status s = ParseWebhookEvent(body).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << body;
    EXPECT_EQ(ErrorReasonOf(s), "FIELD_INVALID") << body;
    EXPECT_EQ(GetErrorDetails(s).metadata["field"], field) << body;
  }
  EXPECT_EQ(ParseWebhookEvent(std::string(2 * 1024 * 1024, ' ')).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cancela::providers::zoop
