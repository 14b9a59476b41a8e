#pragma once
// The JSON text both stores keep for an operation's metadata and provider echo.

#include <map>
#include <string>

#include "providers/provider.h"

namespace cancela::store {

std::string MetadataToJson(const std::map<std::string, std::string>& metadata);
std::map<std::string, std::string> MetadataFromJson(const std::string& text);

std::string EchoToJson(const providers::ProviderEcho& echo);
providers::ProviderEcho EchoFromJson(const std::string& text);

}  // namespace cancela::store
