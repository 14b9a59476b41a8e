#pragma once
// Reading provider JSON without exceptions: each accessor returns nullopt when the field is
// absent or of another type. Providers send numbers as strings and strings as numbers, so the
// *Lenient accessors take both.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace cancela::json {

// Parses without throwing; nullopt for malformed input.
std::optional<nlohmann::json> Parse(std::string_view text);

// The member `key` of an object, or nullptr.
const nlohmann::json* Find(const nlohmann::json& object, std::string_view key);

std::optional<std::string> GetString(const nlohmann::json& object, std::string_view key);
std::optional<int64_t> GetInt(const nlohmann::json& object, std::string_view key);
std::optional<bool> GetBool(const nlohmann::json& object, std::string_view key);

// A string, or a number rendered as its decimal text (Cielo's ReturnCode comes as both).
std::optional<std::string> GetStringLenient(const nlohmann::json& object, std::string_view key);
// An integer, or a string holding only an integer.
std::optional<int64_t> GetIntLenient(const nlohmann::json& object, std::string_view key);

}  // namespace cancela::json
