#include "providers/provider_results.h"

#include "absl/strings/str_cat.h"
#include "common/scrub.h"

namespace cancela::providers {

ProviderResult UnknownResult(std::string note) {
  ProviderResult r;
  r.outcome = Outcome::kUnknown;
  r.note = std::move(note);
  return r;
}

ProviderResult FailedResult(v1::FailureReason reason, std::string message, std::string note) {
  ProviderResult r;
  r.outcome = Outcome::kFailed;
  r.failure_reason = reason;
  r.failure_message = std::move(message);
  r.note = std::move(note);
  return r;
}

ProviderResult WithScrubbedText(ProviderResult result) {
  for (std::string* text : {&result.echo.status, &result.echo.code, &result.echo.message,
                            &result.echo.reason_code, &result.echo.reason_message,
                            &result.failure_message, &result.note}) {
    ScrubInPlace(*text);
  }
  return result;
}

std::optional<ProviderResult> OutcomeOfTransportFailure(const http::Result& result,
                                                        std::string_view provider_name) {
  const std::string provider(provider_name);
  switch (result.failure) {
    case http::Failure::kNone:
      return std::nullopt;
    case http::Failure::kNotSent:
      return FailedResult(v1::FAILURE_REASON_PROVIDER_UNAVAILABLE,
                          absl::StrCat(provider, " could not be reached; nothing was sent"),
                          absl::StrCat("not sent: ", result.detail));
    case http::Failure::kMaybeSent:
      return UnknownResult(absl::StrCat("no answer from ", provider, " (", result.detail,
                                        "); will ask ", provider));
  }
  return UnknownResult("unclassified transport failure");
}

}  // namespace cancela::providers
