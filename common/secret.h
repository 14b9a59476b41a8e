#pragma once
// A credential that cannot be printed, streamed or formatted by accident. Reading it takes an
// explicit, greppable call: Secret::Reveal().

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

 private:
  std::string value_;
};

// No operator<< on purpose: `std::cout << secret` does not compile.

}  // namespace cancela
