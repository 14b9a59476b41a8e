#include "service/webhooks/http_listener.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace cancela::webhooks {
namespace {

// What MHD keeps per request between the calls of the access handler.
struct PendingCall {
  HttpCall call;
  bool too_large = false;
};

MHD_Result CollectHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(cls);
  (*headers)[absl::AsciiStrToLower(key)] = value == nullptr ? "" : value;
  return MHD_YES;
}

MHD_Result Reply(MHD_Connection* connection, int status, const std::string& body) {
  MHD_Response* response = MHD_create_response_from_buffer(
      body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, "Content-Type", "text/plain; charset=utf-8");
  const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(status), response);
  MHD_destroy_response(response);
  return queued;
}

}  // namespace

struct HttpListenerCallbacks {
  static MHD_Result Access(void* cls, MHD_Connection* connection, const char* url,
                           const char* method, const char* /*version*/, const char* upload_data,
                           size_t* upload_data_size, void** request_state) {
    auto* self = static_cast<HttpListener*>(cls);
    auto* pending = static_cast<PendingCall*>(*request_state);
    if (pending == nullptr) {  // the head has arrived; the body follows in later calls
      pending = new PendingCall();
      pending->call.method = method;
      pending->call.path = url;
      MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader,
                                &pending->call.headers);
      *request_state = pending;
      return MHD_YES;
    }
    if (*upload_data_size > 0) {
      if (pending->call.body.size() + *upload_data_size > self->options_.max_body_bytes) {
        pending->too_large = true;
      } else if (!pending->too_large) {
        pending->call.body.append(upload_data, *upload_data_size);
      }
      *upload_data_size = 0;
      return MHD_YES;
    }
    if (pending->too_large) return Reply(connection, 413, "body too large\n");
    const HttpAnswer answer = self->handler_(pending->call);
    return Reply(connection, answer.status, answer.body);
  }

  static void Completed(void* /*cls*/, MHD_Connection*, void** request_state,
                        MHD_RequestTerminationCode) {
    delete static_cast<PendingCall*>(*request_state);
    *request_state = nullptr;
  }
};

absl::StatusOr<std::unique_ptr<HttpListener>> HttpListener::Start(const std::string& listen,
                                                                  Options options,
                                                                  Handler handler) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("webhooks.listen: expected host:port, got \"",
                                                   listen, "\""));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), nullptr, &hints, &found) != 0 ||
      found == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("webhooks.listen: cannot resolve \"", host, "\""));
  }
  sockaddr_storage address = {};
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  const bool ipv6 = found->ai_family == AF_INET6;
  freeaddrinfo(found);
  if (ipv6) {
    reinterpret_cast<sockaddr_in6*>(&address)->sin6_port = htons(static_cast<uint16_t>(port));
  } else {
    reinterpret_cast<sockaddr_in*>(&address)->sin_port = htons(static_cast<uint16_t>(port));
  }

  std::unique_ptr<HttpListener> listener(new HttpListener(options, std::move(handler)));
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG;
  if (ipv6) flags |= MHD_USE_IPv6;
  listener->daemon_ = MHD_start_daemon(
      flags, static_cast<uint16_t>(port), nullptr, nullptr, &HttpListenerCallbacks::Access,
      listener.get(), MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&address),
      MHD_OPTION_THREAD_POOL_SIZE, options.threads, MHD_OPTION_CONNECTION_TIMEOUT,
      options.connection_timeout_s, MHD_OPTION_NOTIFY_COMPLETED,
      &HttpListenerCallbacks::Completed, nullptr, MHD_OPTION_END);
  if (listener->daemon_ == nullptr) {
    return absl::UnavailableError(absl::StrCat("webhooks.listen: cannot listen on ", listen));
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(listener->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  listener->port_ = info == nullptr ? port : info->port;
  return listener;
}

HttpListener::~HttpListener() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

}  // namespace cancela::webhooks
