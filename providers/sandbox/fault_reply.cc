#include "providers/sandbox/fault_reply.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace cancela::sandbox {

HttpReply ReplyUnderFault(const FaultRule& fault, FaultInjector& faults,
                          const std::function<HttpReply()>& handle, HttpReply provider_error) {
  HttpReply reply;
  switch (fault.kind) {
    case FaultKind::kLatency:
      if (!faults.WaitOut(fault.delay)) {
        reply.action = ReplyAction::kCloseWithoutResponse;  // shutting down
      } else {
        reply = handle();
      }
      return reply;
    case FaultKind::kHttp500:
      reply = std::move(provider_error);
      break;
    case FaultKind::kReset:
      reply.action = ReplyAction::kResetBeforeResponse;
      break;
    case FaultKind::kClose:
      reply.action = ReplyAction::kCloseWithoutResponse;
      break;
    case FaultKind::kExecuteThenDrop:
      reply = handle();
      reply.action = ReplyAction::kResetBeforeResponse;
      break;
  }
  reply.delay = fault.delay;
  return reply;
}

const char* ReplyActionName(ReplyAction action) {
  switch (action) {
    case ReplyAction::kRespond: return "respond";
    case ReplyAction::kResetBeforeResponse: return "reset";
    case ReplyAction::kCloseWithoutResponse: return "close";
  }
  return "respond";
}

std::string ListenerBaseUrl(const std::string& host, int port) {
  std::string shown = host;
  if (host == "0.0.0.0" || host.empty()) {
    shown = "127.0.0.1";
  } else if (host == "::") {
    shown = "[::1]";
  } else if (absl::StrContains(host, ':')) {
    shown = absl::StrCat("[", host, "]");
  }
  return absl::StrCat("http://", shown, ":", port);
}

}  // namespace cancela::sandbox
