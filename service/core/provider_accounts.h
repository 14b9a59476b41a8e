#pragma once
// The configured provider accounts: which adapter serves each, and which tenants may use it.

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "common/secret.h"
#include "providers/provider.h"

namespace cancela::core {

// How the provider proves a notification is its own: the header it sends back with the value
// the merchant registered (Cielo lets a store register up to three such headers).
struct WebhookAuth {
  std::string header;  // lower-case name
  Secret token;
};

struct ProviderAccount {
  std::string name;      // e.g. "cielo-ecommerce/loja-centro"
  std::string provider;  // e.g. "cielo_ecommerce"
  std::set<std::string> tenants;
  std::unique_ptr<providers::Provider> adapter;
  std::optional<WebhookAuth> webhook;  // absent: the account takes no notifications
  // Provider calls allowed in flight at once, and how many are (see account_slot.h).
  int max_concurrent_calls = 64;
  std::shared_ptr<std::atomic<int>> in_flight = std::make_shared<std::atomic<int>>(0);
};

class ProviderAccounts {
 public:
  void Add(ProviderAccount account);

  // The account when it exists and `tenant` may use it. Otherwise
  // NOT_FOUND/PROVIDER_ACCOUNT_NOT_FOUND, the same whether it is absent or not the tenant's.
  absl::StatusOr<ProviderAccount*> Find(const std::string& tenant, const std::string& name) const;

  // The account regardless of tenant (recovery of stored operations).
  ProviderAccount* FindAny(const std::string& name) const;

 private:
  std::map<std::string, std::unique_ptr<ProviderAccount>> accounts_;
};

}  // namespace cancela::core
