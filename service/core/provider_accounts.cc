#include "service/core/provider_accounts.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace cancela::core {

void ProviderAccounts::Add(ProviderAccount account) {
  std::string name = account.name;
  accounts_[name] = std::make_unique<ProviderAccount>(std::move(account));
}

absl::StatusOr<ProviderAccount*> ProviderAccounts::Find(const std::string& tenant,
                                                        const std::string& name) const {
  auto it = accounts_.find(name);
  if (it == accounts_.end() || it->second->tenants.count(tenant) == 0) {
    return MakeError(absl::StatusCode::kNotFound, v1::PROVIDER_ACCOUNT_NOT_FOUND,
                     absl::StrCat("provider account \"", name, "\" is not configured for you"),
                     {{"providerAccount", name}});
  }
  return it->second.get();
}

ProviderAccount* ProviderAccounts::FindAny(const std::string& name) const {
  auto it = accounts_.find(name);
  return it == accounts_.end() ? nullptr : it->second.get();
}

}  // namespace cancela::core
