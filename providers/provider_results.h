#pragma once
// Building ProviderResults the same way in every adapter: the outcome a transport failure
// implies, and the two shapes of a result that is not a success.

#include <optional>
#include <string>
#include <string_view>

#include "providers/http/http_transport.h"
#include "providers/provider.h"

namespace cancela::providers {

// kUnknown with a note: it may have executed; resolved by querying, never by resending.
ProviderResult UnknownResult(std::string note);
// kFailed with a normalized reason, a message for humans and a note for the history.
ProviderResult FailedResult(v1::FailureReason reason, std::string message, std::string note);

// The result with every free text scrubbed (common/scrub.h): status, codes and messages of the
// echo, the failure message and the note. The engine applies it to every answer it stores or
// returns. echo.reference is kept as given: it is the provider's id of the cancellation, which
// cancela asks the provider about later (docs/adr/0011-secret-hygiene.md).
ProviderResult WithScrubbedText(ProviderResult result);

// What a failed send of a money-moving request means: FAILED / PROVIDER_UNAVAILABLE when it
// provably never left, kUnknown when it may have reached `provider` (a display name). nullopt
// when the provider answered (then the answer decides).
std::optional<ProviderResult> OutcomeOfTransportFailure(const http::Result& result,
                                                        std::string_view provider);

}  // namespace cancela::providers
