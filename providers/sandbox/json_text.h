#pragma once
// JSON to text without exceptions: invalid UTF-8 is replaced rather than thrown about.

#include <string>

#include "nlohmann/json.hpp"

namespace cancela::sandbox {

template <typename Json>
std::string DumpJson(const Json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

}  // namespace cancela::sandbox
