#pragma once
// What every fuzz target shares: how raw fuzzer bytes become an HTTP reply, and how a broken
// invariant stops the run. Inputs are readable on purpose, so seeds can be written by hand:
//
//   first line:  <selector letter><HTTP status digits>      e.g. "v201"
//   the rest:    the body, byte for byte
//
// An input without a newline is all body, with selector '\0' and status 200.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "nlohmann/json.hpp"
#include "providers/http/http_transport.h"

namespace cancela::fuzz {

struct FuzzReply {
  char selector = '\0';
  int status = 200;
  std::string body;
};

inline FuzzReply SplitInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  FuzzReply reply;
  const size_t newline = text.find('\n');
  if (newline == std::string_view::npos) {
    reply.body = std::string(text);
    return reply;
  }
  const std::string_view header = text.substr(0, newline);
  reply.body = std::string(text.substr(newline + 1));
  if (!header.empty()) reply.selector = header[0];
  int status = 0;
  size_t digits = 0;
  // Three digits at most: every status a provider can send, and no overflow to reason about.
  for (size_t i = 1; i < header.size() && digits < 3; ++i, ++digits) {
    if (header[i] < '0' || header[i] > '9') break;
    status = status * 10 + (header[i] - '0');
  }
  if (digits > 0) reply.status = status;
  return reply;
}

// The reply as a provider adapter receives it.
inline providers::http::Response ResponseOf(FuzzReply& input) {
  providers::http::Response response;
  response.status = input.status;
  response.body = std::move(input.body);
  return response;
}

// Stops the run so libFuzzer records the input. Only our own words are printed, never the
// body: a real provider reply could hold card data.
[[noreturn]] inline void Violation(const char* target, const char* what) {
  std::fprintf(stderr, "fuzz invariant broken in %s: %s\n", target, what);
  std::abort();
}

// An independent reading of the body, not the code under test's: a parser that reports
// success must have been given a JSON object, whatever its own helpers decided.
inline nlohmann::json ParseOrDiscard(const std::string& body) {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

inline bool IsObjectWith(const nlohmann::json& value, const char* key) {
  return value.is_object() && value.contains(key);
}

// Card data never leaves a parser in full: at most four digits, nothing else.
inline bool IsLastFourOrEmpty(const std::string& s) {
  if (s.empty()) return true;
  if (s.size() != 4) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace cancela::fuzz
