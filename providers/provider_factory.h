#pragma once
// Builds an adapter from a provider account's configuration. The list of adapters is explicit
// (provider_factory.cc), so adding a provider is one visible line, with no static registration.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "nlohmann/json.hpp"
#include "providers/http/http_transport.h"
#include "providers/provider.h"

namespace cancela::providers {

absl::StatusOr<std::unique_ptr<Provider>> MakeProvider(const std::string& provider,
                                                       const nlohmann::json& settings,
                                                       http::HttpTransport& transport,
                                                       const Clock& clock);

}  // namespace cancela::providers
