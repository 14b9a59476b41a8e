#pragma once
// Cielo API Única de Cancelamento: batch-processed cancellation of Cielo sales from any capture
// channel, over mutual TLS with an OAuth2 client-credentials token (~5 minutes). Cancel queues a
// request for Cielo's nightly batch (Outcome::kScheduled); Reconcile asks the batch query, or,
// when the POST's answer was lost, the 7-day list query — it never sends a request again.

#include <memory>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "nlohmann/json.hpp"
#include "providers/cielo_unica/cielo_unica_settings.h"
#include "providers/http/http_transport.h"
#include "providers/http/oauth_token_cache.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_unica {

class CieloUnicaProvider final : public Provider {
 public:
  // `clock` times the token's life; tests pass a ManualClock.
  CieloUnicaProvider(Settings settings, http::HttpTransport& transport, const Clock& clock);

  std::string_view id() const override { return "cielo_unica"; }
  absl::StatusOr<SaleSnapshot> GetSale(const SaleRef& sale, absl::Time deadline) override;
  absl::Status CheckRules(const CancelCommand& command, const SaleSnapshot& sale,
                          absl::Time now) const override;
  SaleLimits Limits(const CancelCommand& command, const SaleSnapshot& sale) const override;
  ProviderResult Cancel(const CancelCommand& command, absl::Time deadline) override;
  ProviderResult Reconcile(const CancelCommand& command, const ReconcileBasis& basis,
                           absl::Time deadline) override;
  bool IssuesLetters() const override { return true; }
  absl::StatusOr<IssuedLetters> FetchLetters(const std::vector<LetterSubject>& subjects,
                                             LetterLanguage language, absl::Time deadline) override;

  // How many tokens were fetched, for tests and metrics.
  int64_t token_fetches() const { return tokens_.fetch_count(); }

 private:
  // A request with the account's TLS files and deadline; no token yet.
  http::Request BaseRequest(const std::string& method, const std::string& url, absl::Time deadline,
                            bool idempotent) const;
  absl::StatusOr<http::OAuthToken> FetchToken(absl::Time deadline);
  // Sends with a bearer token; after a 401, once more with a fresh one. `sent` is how the
  // exchange ended: a transport failure, or a response (the second one after a 401).
  // Errors are only token errors: nothing was sent then.
  absl::StatusOr<http::Result> SendAuthorized(http::Request request);
  absl::Time Deadline(absl::Time deadline) const;
  ProviderResult FromBatchQuery(const CancelCommand& command, int64_t refund_id, int64_t control_id,
                                absl::Time deadline);
  ProviderResult FromListQuery(const CancelCommand& command, const ReconcileBasis& basis,
                               absl::Time deadline);

  Settings settings_;
  http::HttpTransport& transport_;
  const Clock& clock_;
  http::OAuthTokenCache tokens_;
};

absl::StatusOr<std::unique_ptr<Provider>> MakeCieloUnicaProvider(const nlohmann::json& settings,
                                                                 http::HttpTransport& transport,
                                                                 const Clock& clock);

}  // namespace cancela::providers::cielo_unica
