#pragma once
// Canary secrets and card numbers for the secret-hygiene test, and the scanner that looks for them
// in whatever the gateway puts out. The values are made up for the test (a random tag, random card
// digits, from a fixed seed so that a failure repeats), so a hit can only come from its inputs.
//
// Secrets are placed where a scrubber can tell they are secrets — credentials in the config, bearer
// tokens, and key/value or URL forms inside free text — and must never come out. Card numbers must
// never come out in full, in any grouping. The control number (long, not Luhn-valid) is caller data
// that must come out unchanged where it was put.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cancela::testing {

// True when `digits` (digits only) passes the Luhn check.
bool LuhnValid(std::string_view digits);
// `prefix` (digits) padded with random digits to `length - 1`, plus the Luhn check digit.
std::string RandomLuhnNumber(std::string_view prefix, int length);

struct CardCanary {
  std::string label;    // "visa16", "amex15-spaced", ...
  std::string digits;   // the bare number
  std::string written;  // as placed in inputs: bare, or grouped with spaces or dashes
};

// One value to look for, and what it is.
struct Needle {
  std::string label;
  std::string value;
};

class Canaries {
 public:
  Canaries();

  // "CANARY-SECRET-<n>-<tag>": the n-th secret of this run.
  std::string Secret(int n) const;
  const std::string& tag() const { return tag_; }
  const std::vector<CardCanary>& cards() const { return cards_; }
  // 16-digit numbers that fail the Luhn check (an order number a caller or a provider may write):
  // 0 is in CallerText(), 1 in ProviderText().
  const std::string& control_number(int i) const { return controls_[i]; }

  // Free text a caller writes (a reason, a metadata value, a field flooded on purpose): secrets in
  // the shapes a scrubber knows (Bearer, key=value, JSON, URL password), every card in its own
  // shape, and control number 0. Printable ASCII, under 500 characters.
  std::string CallerText() const;
  // What the sandboxes write into their replies: the same shapes with secrets of their own and
  // control number 1 (one line, a valid header value).
  std::string ProviderText() const;

  // Everything that must never come out: each secret, the run's tag alone (a secret cut short
  // still gives itself away), and each card in every grouping it could be printed in.
  std::vector<Needle> Forbidden() const;

 private:
  std::string FreeText(int first_secret, const std::string& control) const;

  std::string tag_;
  std::vector<CardCanary> cards_;
  std::vector<std::string> controls_;
};

struct Finding {
  std::string source;  // where: "log", "metrics", "Refund reply", "sqlite", ...
  std::string needle;  // the needle's label
  std::string context;  // a few characters around the hit
};

// Looks for every needle in every buffer it is given; remembers what it was shown so a test can
// prove it looked at something.
class LeakScanner {
 public:
  explicit LeakScanner(std::vector<Needle> needles) : needles_(std::move(needles)) {}

  void Scan(const std::string& source, std::string_view data);

  const std::vector<Finding>& findings() const { return findings_; }
  // Sources scanned (by name, once each) and bytes looked at.
  const std::vector<std::string>& sources() const { return sources_; }
  size_t bytes_scanned() const { return bytes_; }
  // A readable summary: each source and needle found, how often, and the first hit in context
  // (at most `limit` of them).
  std::string Report(size_t limit = 40) const;

 private:
  std::vector<Needle> needles_;
  std::vector<Finding> findings_;
  std::vector<std::string> sources_;
  size_t bytes_ = 0;
};

}  // namespace cancela::testing
