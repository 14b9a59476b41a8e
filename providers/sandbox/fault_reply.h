#pragma once
// How every simulator answers a request that a fault rule matched, and the small pieces of reply
// bookkeeping they share (log names, the base URL they advertise).

#include <functional>
#include <string>

#include "providers/sandbox/fault_injector.h"
#include "providers/sandbox/http_message.h"

namespace cancela::sandbox {

// `handle` executes the request and builds the protocol's answer; `provider_error` is the
// provider's own 500 body. Latency waits (`faults` may release the wait early, or cut it short on
// stop: then nothing is answered), then handles; execute_then_drop handles, then resets; the
// others never handle.
HttpReply ReplyUnderFault(const FaultRule& fault, FaultInjector& faults,
                          const std::function<HttpReply()>& handle, HttpReply provider_error);

// "respond", "reset", "close": for request logs.
const char* ReplyActionName(ReplyAction action);

// "http://127.0.0.1:PORT" for a listener bound to `host` (wildcards shown as loopback).
std::string ListenerBaseUrl(const std::string& host, int port);

}  // namespace cancela::sandbox
