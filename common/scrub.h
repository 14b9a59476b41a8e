#pragma once
// The one scrubber every exit uses (logs, error messages and ErrorInfo metadata, metric labels,
// stored and returned free text, letters): card numbers are masked to their first six and last
// four digits, credentials are replaced by Secret::kRedacted. What counts as either is in
// docs/adr/0011-secret-hygiene.md.
//
// Card numbers: a run of 13 to 19 digits, single spaces or dashes allowed between groups (the
// first of at least four digits), that passes the Luhn check and starts as a card can: not with
// 0 or 1, with 2 only as 22–27, and at 13 digits only with 4 (Unix timestamps, zero-padded ids
// and Cielo's 13-digit TIDs stay intact). Longer digit runs are not card numbers.
// Credentials: the token after `Bearer`; the value of a credential-named key (MerchantKey,
// api_key, password, client_secret, access_token, authorization, …) in JSON, query strings, forms
// and headers; the password of a URL (`https://user:pw@host`); and every credential cancela
// loaded from its configuration (RememberSecret).

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace cancela {

// Scrubs `text` in place; returns whether anything changed. Allocates nothing when there is
// nothing to scrub. Scrubbing scrubbed text changes nothing.
bool ScrubInPlace(std::string& text);

// A scrubbed copy.
std::string Scrubbed(std::string_view text);

// A status's message, scrubbed (the distribution's absl::string_view is not std::string_view).
inline std::string ScrubbedMessage(const absl::Status& status) {
  return Scrubbed(std::string_view(status.message().data(), status.message().size()));
}

// What an identifier (idempotency key, sale reference, provider account name) carries that must
// not be stored or echoed. Identifiers are refused, never rewritten: they are echoed and used for
// lookups. Stricter about cards than ScrubInPlace is lenient: a digit run glued to letters (as in
// hex ids) and any GUID are not card numbers here, so that real provider ids are never refused.
struct IdentifierFindings {
  bool card_number = false;
  bool secret = false;
};
IdentifierFindings InspectIdentifier(std::string_view identifier);

// Makes every later scrub redact this exact value wherever it appears (a configured credential
// echoed back by a provider, say). Values shorter than 8 characters are ignored: they would
// redact ordinary words. Thread-safe.
void RememberSecret(std::string_view value);

}  // namespace cancela
