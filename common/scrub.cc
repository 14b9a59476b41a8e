#include "common/scrub.h"

#include <algorithm>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/synchronization/mutex.h"
#include "common/secret.h"

namespace cancela {
namespace {

constexpr std::string_view kRedacted = Secret::kRedacted;
constexpr size_t kMinCardDigits = 13;
constexpr size_t kMaxCardDigits = 19;
constexpr size_t kMinRememberedSecret = 8;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsLetter(c); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// A part of the text to replace: a card number to mask, or anything else to redact.
struct Span {
  size_t begin;
  size_t end;
  bool card;
};
using Spans = absl::InlinedVector<Span, 4>;

// ---- Card numbers ----

struct DigitGroup {
  size_t begin;
  size_t end;
};
using Chain = absl::InlinedVector<DigitGroup, 8>;

// The Luhn check over the digits of groups first..last of the chain.
bool PassesLuhn(std::string_view text, const Chain& chain, size_t first, size_t last) {
  int sum = 0;
  bool twice = false;
  for (size_t g = last + 1; g-- > first;) {
    for (size_t i = chain[g].end; i > chain[g].begin; --i) {
      int d = text[i - 1] - '0';
      if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
      twice = !twice;
    }
  }
  return sum % 10 == 0;
}

// Whether a number of `digits` digits starting at `at` could be a card by its first digits.
// No card number starts with 0 or 1 (1 is UATP, an airline scheme no provider here takes), a 2
// is Mastercard's 22–27 (and Mir's 2200–2204), and the only 13-digit cards are Visa's. This keeps
// Unix timestamps in seconds to nanoseconds (1…, then 20… and 21… until 2039), zero-padded ids
// and Cielo's 13-digit TIDs (MMDD…) intact even when they pass the Luhn check.
bool PlausibleIssuer(std::string_view text, size_t at, size_t digits) {
  const char lead = text[at];
  if (lead == '0' || lead == '1') return false;
  if (digits == kMinCardDigits && lead != '4') return false;
  if (lead == '2') {
    const char second = text[at + 1];  // a digit: every group here is at least four long
    return second >= '2' && second <= '7';
  }
  return true;
}

// A chain of digit groups joined by single spaces or dashes. Finds the windows of whole groups
// that are card numbers, the longest from each starting group on.
void FindCardsInChain(std::string_view text, const Chain& chain, bool standalone_only,
                      Spans& out) {
  if (standalone_only) {
    // Digits glued to letters are part of a larger token (a hex id), not a card number.
    const size_t begin = chain.front().begin;
    const size_t end = chain.back().end;
    if ((begin > 0 && IsLetter(text[begin - 1])) || (end < text.size() && IsLetter(text[end]))) {
      return;
    }
  }
  // Card numbers are written in groups of four or more first ("4111 1111 …", "3782 822463 …"):
  // a window never starts at a shorter group, as the day of "2026-12-02 4111 1111 1111 1111".
  constexpr size_t kMinFirstGroup = 4;
  size_t start = 0;
  while (start < chain.size()) {
    if (chain[start].end - chain[start].begin < kMinFirstGroup) {
      ++start;
      continue;
    }
    size_t digits = 0;
    size_t best = chain.size();  // none
    for (size_t last = start; last < chain.size(); ++last) {
      digits += chain[last].end - chain[last].begin;
      if (digits > kMaxCardDigits) break;
      if (digits < kMinCardDigits || !PlausibleIssuer(text, chain[start].begin, digits)) continue;
      if (PassesLuhn(text, chain, start, last)) best = last;
    }
    if (best == chain.size()) {
      ++start;
      continue;
    }
    out.push_back({chain[start].begin, chain[best].end, true});
    start = best + 1;
  }
}

void FindCards(std::string_view text, bool standalone_only, Spans& out) {
  Chain chain;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i])) {
      ++i;
      continue;
    }
    chain.clear();
    size_t digits = 0;
    while (true) {
      const size_t begin = i;
      while (i < text.size() && IsDigit(text[i])) ++i;
      chain.push_back({begin, i});
      digits += i - begin;
      if (i + 1 < text.size() && (text[i] == ' ' || text[i] == '-') && IsDigit(text[i + 1])) {
        ++i;
        continue;
      }
      break;
    }
    if (digits >= kMinCardDigits) FindCardsInChain(text, chain, standalone_only, out);
  }
}

// ---- Credentials ----

// Key names whose values are credentials, lower-case without '_', '-' or '.': a key matches when
// its normalized form ends with one of these (client_secret, x-api-key, proxy-authorization).
constexpr std::string_view kCredentialKeys[] = {
    "password",  "passwd",     "pwd",           "secret",     "token",      "apikey", "apilogin",
    "merchantkey", "accesskey", "privatekey", "authorization", "credential", "credentials"};

bool IsKeyChar(char c) { return IsAlnum(c) || c == '_' || c == '-' || c == '.'; }

bool IsCredentialKey(std::string_view key) {
  // Only the key's tail matters (a suffix match), however long the key: its last normalized
  // characters, read backwards.
  char tail[16];
  size_t n = 0;
  for (size_t i = key.size(); i > 0 && n < sizeof(tail); --i) {
    const char c = key[i - 1];
    if (c != '_' && c != '-' && c != '.') tail[n++] = Lower(c);
  }
  for (std::string_view k : kCredentialKeys) {
    if (k.size() > n) continue;
    bool match = true;
    for (size_t i = 0; i < k.size() && match; ++i) match = tail[i] == k[k.size() - 1 - i];
    if (match) return true;
  }
  return false;
}

// Authorization schemes: the credential is the token that follows.
bool IsAuthScheme(std::string_view word) {
  for (std::string_view s : {"bearer", "basic", "digest", "token", "negotiate"}) {
    if (EqualsIgnoringCase(word, s)) return true;
  }
  return false;
}

bool EndsUnquotedValue(char c) {
  return IsSpace(c) || c == ',' || c == ';' || c == '&' || c == '"' || c == '\'' || c == '}' ||
         c == ']' || c == ')' || c == '{' || c == '[' || c == '<' || c == '>' || c == '#';
}

size_t UnquotedEnd(std::string_view text, size_t from) {
  while (from < text.size() && !EndsUnquotedValue(text[from])) ++from;
  return from;
}

bool LooksLikeCredential(std::string_view word) {
  constexpr size_t kLongWord = 16;
  if (word.size() >= kLongWord) return true;
  return std::any_of(word.begin(), word.end(), IsDigit);
}

void AddRedaction(std::string_view text, size_t begin, size_t end, Spans& out) {
  if (end <= begin || text.substr(begin, end - begin) == kRedacted) return;
  out.push_back({begin, end, false});
}

// The value after a credential key's ':' or '=' at `delimiter`.
void RedactValueAfter(std::string_view text, size_t delimiter, Spans& out) {
  size_t v = delimiter + 1;
  while (v < text.size() && (text[v] == ' ' || text[v] == '\t')) ++v;
  if (v >= text.size()) return;
  // Quoted (JSON, or JSON inside a JSON string): up to the closing quote.
  const bool escaped_quote = text[v] == '\\' && v + 1 < text.size() && text[v + 1] == '"';
  if (text[v] == '"' || text[v] == '\'' || escaped_quote) {
    const char quote = escaped_quote ? '"' : text[v];
    const size_t begin = v + (escaped_quote ? 2 : 1);
    size_t end = begin;
    while (end < text.size() && text[end] != quote) {
      if (text[end] == '\\') {
        if (escaped_quote && end + 1 < text.size() && text[end + 1] == '"') break;
        ++end;  // an escaped character
      }
      ++end;
    }
    AddRedaction(text, begin, std::min(end, text.size()), out);
    return;
  }
  size_t end = UnquotedEnd(text, v);
  const std::string_view word = text.substr(v, end - v);
  if (IsAuthScheme(word)) {
    // "Bearer <token>": the scheme stays readable, the token goes.
    size_t token = end;
    while (token < text.size() && text[token] == ' ') ++token;
    if (token == end) return;
    AddRedaction(text, token, UnquotedEnd(text, token), out);
    return;
  }
  // "page_token: was issued for other filters" is prose, not a header: after ':' only a value
  // that looks like a credential (a digit in it, or long) is taken as one.
  if (text[delimiter] == ':' && !LooksLikeCredential(word)) return;
  AddRedaction(text, v, end, out);
}

void FindCredentialPairs(std::string_view text, Spans& out) {
  for (size_t p = text.find_first_of(":="); p != std::string_view::npos;
       p = text.find_first_of(":=", p + 1)) {
    size_t k = p;
    while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t')) --k;
    if (k > 0 && (text[k - 1] == '"' || text[k - 1] == '\'')) --k;
    if (k > 0 && text[k - 1] == '\\') --k;
    const size_t key_end = k;
    while (k > 0 && IsKeyChar(text[k - 1])) --k;
    if (key_end == k || !IsCredentialKey(text.substr(k, key_end - k))) continue;
    if (text.substr(p, 3) == "://") continue;  // a URL scheme
    RedactValueAfter(text, p, out);
  }
}

bool IsTokenChar(char c) {
  return IsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' ||
         c == '=';
}

void FindBearerTokens(std::string_view text, Spans& out) {
  constexpr std::string_view kBearer = "bearer";
  for (size_t i = 0; i + kBearer.size() < text.size(); ++i) {
    if (Lower(text[i]) != 'b' || !EqualsIgnoringCase(text.substr(i, kBearer.size()), kBearer)) {
      continue;
    }
    if (i > 0 && IsAlnum(text[i - 1])) continue;
    size_t t = i + kBearer.size();
    if (text[t] != ' ' && text[t] != '\t') continue;
    while (t < text.size() && (text[t] == ' ' || text[t] == '\t')) ++t;
    size_t end = t;
    while (end < text.size() && IsTokenChar(text[end])) ++end;
    AddRedaction(text, t, end, out);
    i = end == t ? i : end - 1;
  }
}

// https://user:password@host: the password.
void FindUrlPasswords(std::string_view text, Spans& out) {
  for (size_t s = text.find("://"); s != std::string_view::npos; s = text.find("://", s + 3)) {
    const size_t begin = s + 3;
    size_t colon = std::string_view::npos;
    for (size_t i = begin; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '/' || c == '?' || c == '#' || IsSpace(c) || c == '"' || c == '\'') break;
      if (c == ':' && colon == std::string_view::npos) colon = i;
      if (c == '@') {
        if (colon != std::string_view::npos) AddRedaction(text, colon + 1, i, out);
        break;
      }
    }
  }
}

// ---- Remembered credentials ----

struct RememberedSecrets {
  absl::Mutex mu;
  std::vector<std::string> values ABSL_GUARDED_BY(mu);
};

RememberedSecrets& Remembered() {
  static auto* remembered = new RememberedSecrets;  // never destroyed: logging may outlive main
  return *remembered;
}

void FindRememberedSecrets(std::string_view text, Spans& out) {
  if (text.size() < kMinRememberedSecret) return;
  RememberedSecrets& remembered = Remembered();
  absl::ReaderMutexLock lock(&remembered.mu);
  for (const std::string& secret : remembered.values) {
    for (size_t p = text.find(secret); p != std::string_view::npos;
         p = text.find(secret, p + secret.size())) {
      out.push_back({p, p + secret.size(), false});
    }
  }
}

void FindSecrets(std::string_view text, Spans& out) {
  FindCredentialPairs(text, out);
  FindBearerTokens(text, out);
  FindUrlPasswords(text, out);
  FindRememberedSecrets(text, out);
}

// ---- Rewriting ----

void AppendMaskedCard(std::string_view digits_and_separators, std::string& out) {
  char digits[kMaxCardDigits];
  size_t n = 0;
  for (char c : digits_and_separators) {
    if (IsDigit(c) && n < kMaxCardDigits) digits[n++] = c;
  }
  out.append(digits, 6);
  out.append(n - 10, '*');
  out.append(digits + n - 4, 4);
}

std::string Rewrite(std::string_view text, Spans& spans) {
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  // Overlapping spans become one; redaction wins over masking.
  Spans merged;
  for (const Span& s : spans) {
    if (!merged.empty() && s.begin < merged.back().end) {
      Span& last = merged.back();
      last.end = std::max(last.end, s.end);
      last.card = last.card && s.card;
    } else {
      merged.push_back(s);
    }
  }
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  for (const Span& s : merged) {
    out.append(text.substr(at, s.begin - at));
    if (s.card) {
      AppendMaskedCard(text.substr(s.begin, s.end - s.begin), out);
    } else {
      out.append(kRedacted);
    }
    at = s.end;
  }
  out.append(text.substr(at));
  return out;
}

bool IsGuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = Lower(s[i]);
    if (dash ? c != '-' : !(IsDigit(c) || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

bool ScrubInPlace(std::string& text) {
  Spans spans;
  FindCards(text, /*standalone_only=*/false, spans);
  FindSecrets(text, spans);
  if (spans.empty()) return false;
  text = Rewrite(text, spans);
  return true;
}

std::string Scrubbed(std::string_view text) {
  std::string out(text);
  ScrubInPlace(out);
  return out;
}

IdentifierFindings InspectIdentifier(std::string_view identifier) {
  IdentifierFindings findings;
  Spans spans;
  if (!IsGuid(identifier)) FindCards(identifier, /*standalone_only=*/true, spans);
  findings.card_number = !spans.empty();
  spans.clear();
  FindSecrets(identifier, spans);
  findings.secret = !spans.empty();
  return findings;
}

void RememberSecret(std::string_view value) {
  if (value.size() < kMinRememberedSecret) return;
  RememberedSecrets& remembered = Remembered();
  absl::MutexLock lock(&remembered.mu);
  if (std::find(remembered.values.begin(), remembered.values.end(), value) ==
      remembered.values.end()) {
    remembered.values.emplace_back(value);
  }
}

}  // namespace cancela
