#pragma once
// Loads a credential named in configuration from one of:
//   {"file": "/run/secrets/cielo/merchant_key"}   (Kubernetes Secret mounted as a file)
//   {"env": "CIELO_MERCHANT_KEY"}
//   {"value": "..."}                               (only for the sandbox's demo credentials)
// Errors name the field, never the value.

#include <string_view>

#include "absl/status/statusor.h"
#include "common/secret.h"
#include "nlohmann/json.hpp"

namespace cancela {

absl::StatusOr<Secret> LoadSecret(const nlohmann::json& source, std::string_view field_path);

}  // namespace cancela
