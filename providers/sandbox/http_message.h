#pragma once
// What the sandbox's HTTP server hands to a handler and what it expects back. The reply carries an
// action besides the answer, so simulators can inject the network faults a gateway must survive.

#include <map>
#include <string>

#include "absl/time/time.h"

namespace cancela::sandbox {

struct HttpRequest {
  std::string method;                         // as sent: "GET", "PUT", ...
  std::string path;                           // percent-decoded, without the query
  std::string raw_target;                     // the request target as sent, for logs
  std::map<std::string, std::string> query;   // decoded; the first of repeated names wins
  std::map<std::string, std::string> headers; // names lower-cased; repeats joined with ", "
  std::string body;
};

enum class ReplyAction {
  kRespond,               // send the reply
  kResetBeforeResponse,   // abort the connection with a TCP RST, sending nothing
  kCloseWithoutResponse,  // close the connection cleanly (FIN), sending nothing
};

struct HttpReply {
  int status = 200;
  std::map<std::string, std::string> headers;  // Content-Length and Connection are added
  std::string body;
  ReplyAction action = ReplyAction::kRespond;
  absl::Duration delay = absl::ZeroDuration();  // waited before acting; Stop() cuts it short
};

// The canonical reason phrase of an HTTP status ("OK", "Not Found", ...).
const char* HttpReasonPhrase(int status);

}  // namespace cancela::sandbox
