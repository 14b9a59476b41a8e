#include "providers/sandbox/http_parsing.h"

#include <cctype>
#include <utility>

#include "absl/status/status.h"

namespace cancela::sandbox {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 9110 token characters (method and field names).
bool IsTokenChar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

absl::Status Malformed(const char* what) {
  return absl::InvalidArgumentError(std::string("malformed request: ") + what);
}

}  // namespace

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = HexValue(text[i + 1]);
      const int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string name = PercentDecode(pair.substr(0, eq), /*plus_is_space=*/true);
    std::string value = eq == std::string_view::npos
                            ? std::string()
                            : PercentDecode(pair.substr(eq + 1), /*plus_is_space=*/true);
    params.emplace(std::move(name), std::move(value));  // emplace keeps the first
  }
  return params;
}

absl::StatusOr<ParsedHead> ParseRequestHead(std::string_view head) {
  ParsedHead parsed;
  const size_t line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  std::string_view fields =
      line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);

  // request-line = method SP request-target SP HTTP-version
  const size_t sp1 = request_line.find(' ');
  if (sp1 == std::string_view::npos) return Malformed("request line");
  const size_t sp2 = request_line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return Malformed("request line");
  const std::string_view method = request_line.substr(0, sp1);
  std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = request_line.substr(sp2 + 1);
  if (!IsToken(method)) return Malformed("method");
  if (version == "HTTP/1.1") {
    parsed.minor_version = 1;
  } else if (version == "HTTP/1.0") {
    parsed.minor_version = 0;
  } else {
    return Malformed("version");
  }
  // Absolute form (sent to proxies): keep only the path and query.
  if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
    const size_t authority = target.find("//") + 2;
    const size_t slash = target.find('/', authority);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target.empty() || target.front() != '/') return Malformed("request target");
  for (char c : target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return Malformed("request target");
  }

  HttpRequest& request = parsed.request;
  request.method = std::string(method);
  request.raw_target = std::string(target);
  const size_t question = target.find('?');
  request.path = PercentDecode(target.substr(0, question), /*plus_is_space=*/false);
  if (question != std::string_view::npos) request.query = ParseQuery(target.substr(question + 1));

  while (!fields.empty()) {
    const size_t end = fields.find("\r\n");
    const std::string_view line = fields.substr(0, end);
    fields = end == std::string_view::npos ? std::string_view() : fields.substr(end + 2);
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') return Malformed("obsolete line folding");
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return Malformed("header field");
    const std::string_view name = line.substr(0, colon);
    if (!IsToken(name)) return Malformed("header field name");
    const std::string_view value = TrimOws(line.substr(colon + 1));
    for (char c : value) {
      if (c == '\r' || c == '\n' || c == '\0') return Malformed("header field value");
    }
    auto [it, inserted] = request.headers.emplace(Lower(name), std::string(value));
    if (!inserted) {
      it->second.append(", ");
      it->second.append(value);
    }
  }
  return parsed;
}

}  // namespace cancela::sandbox
