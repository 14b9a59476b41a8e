#include "service/core/inflight_keys.h"

namespace cancela::core {

std::optional<InflightKeys::Claim> InflightKeys::TryClaim(const std::string& tenant,
                                                          const std::string& key) {
  // Tenant names cannot hold a NUL, so the pair is unambiguous.
  std::string both = tenant;
  both.push_back('\0');
  both += key;
  absl::MutexLock lock(&mu_);
  if (!held_.insert(both).second) return std::nullopt;
  return Claim(this, std::move(both));
}

InflightKeys::Claim::~Claim() {
  if (owner_ == nullptr) return;
  absl::MutexLock lock(&owner_->mu_);
  owner_->held_.erase(key_);
}

}  // namespace cancela::core
