#pragma once
// What cancela does with a provider's notification: a hint, never the truth. It checks who sent
// it, reads which sales it names, ignores exact repeats, and makes those sales' pending
// operations due for a check now; the poller then asks the provider and records what it says,
// exactly once (so 100 deliveries of one notification make one change at most).

#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "service/core/provider_accounts.h"
#include "service/store/store.h"
#include "service/webhooks/http_listener.h"

namespace cancela::webhooks {

class WebhookReceiver {
 public:
  // The path prefix; the account's name follows, e.g. /webhooks/cielo-ecommerce/loja-centro.
  static constexpr std::string_view kPathPrefix = "/webhooks/";

  struct Hooks {
    // A notification made operations due: wake the poller.
    std::function<void()> poll_now;
    // Every delivery, by provider ("" when the account is unknown) and result: "accepted",
    // "duplicate", "no_operation", "unauthenticated", "malformed", "not_found".
    std::function<void(std::string_view provider, std::string_view result)> on_delivery;
  };

  WebhookReceiver(const core::ProviderAccounts& accounts, store::Store& store, const Clock& clock,
                  Hooks hooks, size_t remembered = 10000);

  HttpAnswer Handle(const HttpCall& call);

 private:
  HttpAnswer Answer(std::string_view provider, std::string_view result, int status,
                    std::string body);
  // True the first time this digest is seen among the last `remembered_` ones.
  bool FirstSighting(const std::string& digest) ABSL_LOCKS_EXCLUDED(mu_);

  const core::ProviderAccounts& accounts_;
  store::Store& store_;
  const Clock& clock_;
  const Hooks hooks_;
  const size_t remembered_;

  absl::Mutex mu_;
  std::unordered_set<std::string> seen_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> seen_order_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cancela::webhooks
