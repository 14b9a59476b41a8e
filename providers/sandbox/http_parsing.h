#pragma once
// Parsing of HTTP/1.1 request heads and URL query strings, kept apart from the socket code so it
// can be tested on its own.

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "providers/sandbox/http_message.h"

namespace cancela::sandbox {

// Decodes %XX escapes (and '+' as a space when `plus_is_space`). A malformed escape is kept as
// written: the simulators then simply fail to match it.
std::string PercentDecode(std::string_view text, bool plus_is_space);

// "a=1&b=x%20y" -> {a: "1", b: "x y"}. The first of repeated names wins.
std::map<std::string, std::string> ParseQuery(std::string_view query);

struct ParsedHead {
  HttpRequest request;  // everything but the body
  int minor_version = 1;  // HTTP/1.<minor_version>
};

// Parses the request line and header fields, `head` ending just before the blank line.
// InvalidArgument for anything that is not a well-formed HTTP/1.0 or 1.1 request head.
absl::StatusOr<ParsedHead> ParseRequestHead(std::string_view head);

}  // namespace cancela::sandbox
