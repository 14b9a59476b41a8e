#pragma once
// Posts a notification to the server's webhook listener as a provider would.

#include <string>
#include <utility>
#include <vector>

#include "providers/http/http_transport.h"

namespace cancela::testing {

struct WebhookPost {
  int port = 0;
  std::string account;       // the provider account the path names
  std::string header;        // the account's token header
  std::string token;
  std::string body;
  std::string content_type = "application/json";
  std::string method = "POST";
  std::vector<std::pair<std::string, std::string>> extra_headers;  // sent after the token
};

// The HTTP status of the listener's answer; 0 when it gave none.
int DeliverWebhook(const WebhookPost& post);
// The listener's whole answer (status 0 when it gave none).
providers::http::Response DeliverWebhookForAnswer(const WebhookPost& post);

}  // namespace cancela::testing
