#pragma once
// The idempotency fingerprint: SHA-256 over a canonical encoding of the request's meaning, never
// over serialized proto bytes (protobuf serialization is not canonical).

#include <string>
#include <string_view>

#include "service/core/cancel_request.h"

namespace cancela::core {

std::string RequestFingerprint(const CancelRequest& request);

// Lower-case hex SHA-256 of `data` (also used for token hashes).
std::string Sha256Hex(std::string_view data);

}  // namespace cancela::core
