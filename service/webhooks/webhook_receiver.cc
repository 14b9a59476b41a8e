#include "service/webhooks/webhook_receiver.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "service/core/fingerprint.h"

namespace cancela::webhooks {
namespace {

// Compares without leaking, through timing, how much of a forged token was right.
bool SameSecret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

WebhookReceiver::WebhookReceiver(const core::ProviderAccounts& accounts, store::Store& store,
                                 const Clock& clock, Hooks hooks, size_t remembered)
    : accounts_(accounts),
      store_(store),
      clock_(clock),
      hooks_(std::move(hooks)),
      remembered_(remembered) {}

HttpAnswer WebhookReceiver::Answer(std::string_view provider, std::string_view result, int status,
                                   std::string body) {
  if (hooks_.on_delivery) hooks_.on_delivery(provider, result);
  return HttpAnswer{status, std::move(body)};
}

bool WebhookReceiver::FirstSighting(const std::string& digest) {
  absl::MutexLock lock(&mu_);
  if (!seen_.insert(digest).second) return false;
  seen_order_.push_back(digest);
  if (seen_order_.size() > remembered_) {
    seen_.erase(seen_order_.front());
    seen_order_.pop_front();
  }
  return true;
}

HttpAnswer WebhookReceiver::Handle(const HttpCall& call) {
  absl::string_view path = call.path;
  if (!absl::ConsumePrefix(&path, absl::string_view(kPathPrefix.data(), kPathPrefix.size())) ||
      path.empty()) {
    return Answer("", "not_found", 404, "not found\n");
  }
  // An unknown account, or one that takes no notifications, looks the same: nothing to probe.
  const core::ProviderAccount* account = accounts_.FindAny(std::string(path));
  if (account == nullptr || !account->webhook) return Answer("", "not_found", 404, "not found\n");
  const std::string& provider = account->provider;
  if (call.method != "POST") return Answer(provider, "malformed", 405, "POST only\n");

  auto header = call.headers.find(account->webhook->header);
  if (header == call.headers.end() ||
      !SameSecret(header->second, account->webhook->token.Reveal())) {
    log::Warn("webhook refused: not authenticated", {{"provider_account", account->name}});
    return Answer(provider, "unauthenticated", 401, "unauthenticated\n");
  }

  providers::WebhookDelivery delivery;
  if (auto type = call.headers.find("content-type"); type != call.headers.end()) {
    delivery.content_type = type->second;
  }
  delivery.body = call.body;
  auto hint = account->adapter->ParseWebhook(delivery);
  if (!hint.ok()) {
    // The body is not logged: it is the provider's, and may carry more than we want in logs.
    log::Warn("webhook refused: unreadable", {{"provider_account", account->name},
                                              {"error", std::string(hint.status().message())},
                                              {"bytes", absl::StrCat(call.body.size())}});
    return Answer(provider, "malformed", 400, "unreadable notification\n");
  }

  const std::string digest = core::Sha256Hex(absl::StrCat(account->name, "\n", call.body));
  if (!FirstSighting(digest)) {
    return Answer(provider, "duplicate", 200, "ok\n");
  }
  int due = 0;
  for (const providers::SaleRef& sale : hint->sales) {
    auto marked = store_.MarkSaleDue(account->name, providers::SaleKeyOf(sale), clock_.Now());
    if (!marked.ok()) {
      // Let the provider deliver it again later: its retries are the durability here.
      log::Warn("webhook not recorded", {{"provider_account", account->name},
                                         {"error", std::string(marked.status().message())}});
      absl::MutexLock lock(&mu_);
      seen_.erase(digest);  // (its stale place in seen_order_ can only make us forget sooner)
      return Answer(provider, "error", 503, "try again later\n");
    }
    due += *marked;
  }
  log::Info("webhook received", {{"provider_account", account->name},
                                 {"event", hint->event},
                                 {"operations_due", absl::StrCat(due)}});
  if (due == 0) return Answer(provider, "no_operation", 200, "ok\n");
  if (hooks_.poll_now) hooks_.poll_now();
  return Answer(provider, "accepted", 200, "ok\n");
}

}  // namespace cancela::webhooks
