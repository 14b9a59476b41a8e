#pragma once
// A credential that cannot be printed, streamed or formatted by accident. Reading it takes an
// explicit, greppable call: Secret::Reveal(). tests/common/secret_test.cc proves at compile time
// that the usual ways of printing do not compile.

#include <ostream>
#include <string>
#include <utility>

namespace cancela {

class Secret final {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  // The only way to read the value. Call it where the value goes on the wire, nowhere else.
  const std::string& Reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

  // What logs may show.
  static constexpr const char* kRedacted = "[REDACTED]";

  // Abseil's StrCat/StrFormat/logging hook (newer Abseil): refused, not just absent.
  template <typename Sink>
  friend void AbslStringify(Sink& sink, const Secret& secret) = delete;

  // GoogleTest prints values it has no printer for as raw bytes, which would show a short
  // value's characters; this printer shows only the redaction marker.
  friend void PrintTo(const Secret&, std::ostream* os) { *os << kRedacted; }

 private:
  std::string value_;
};

// `std::cout << secret` does not compile.
std::ostream& operator<<(std::ostream& os, const Secret& secret) = delete;

}  // namespace cancela
