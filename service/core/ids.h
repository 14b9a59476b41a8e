#pragma once
// Identifiers cancela mints.

#include <string>

#include "absl/time/time.h"

namespace cancela::core {

// "op_" + 26 Crockford base-32 characters: 48 bits of milliseconds then 80 random bits, so ids
// sort by creation time and never collide in practice (ULID layout).
std::string NewOperationId(absl::Time now);

// A GUID-shaped random id (request ids for logs).
std::string NewRequestId();

}  // namespace cancela::core
