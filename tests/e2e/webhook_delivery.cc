#include "tests/e2e/webhook_delivery.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "providers/http/curl_http_transport.h"

namespace cancela::testing {

int DeliverWebhook(const WebhookPost& post) { return DeliverWebhookForAnswer(post).status; }

providers::http::Response DeliverWebhookForAnswer(const WebhookPost& post) {
  providers::http::CurlHttpTransport http;
  providers::http::Request request;
  request.method = post.method;
  request.url = absl::StrCat("http://127.0.0.1:", post.port, "/webhooks/", post.account);
  request.headers = {{"Content-Type", post.content_type}, {post.header, post.token}};
  request.headers.insert(request.headers.end(), post.extra_headers.begin(), post.extra_headers.end());
  request.body = post.body;
  request.deadline = absl::Now() + absl::Seconds(5);
  const providers::http::Result result = http.Send(request);
  return result.failure == providers::http::Failure::kNone ? result.response
                                                            : providers::http::Response();
}

}  // namespace cancela::testing
