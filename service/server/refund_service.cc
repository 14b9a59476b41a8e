#include "service/server/refund_service.h"

#include "service/server/peer_certificate.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/log.h"
#include "service/core/ids.h"
#include "service/core/request_validation.h"
#include "service/server/letter_batch_stream.h"
#include "service/server/proto_conversion.h"
#include "service/server/status_conversion.h"
#include "service/server/watch_status_stream.h"

namespace cancela::server {
namespace {

absl::Time DeadlineOf(const grpc::CallbackServerContext* context) {
  const auto deadline = context->deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
}

const std::string* FindMetadata(const grpc::CallbackServerContext* context, const char* key) {
  auto it = context->client_metadata().find(key);
  if (it == context->client_metadata().end()) return nullptr;
  thread_local std::string value;
  value.assign(it->second.data(), it->second.size());
  return &value;
}

// A caller-supplied x-request-id is echoed when it is short and plain; otherwise we mint one.
std::string RequestIdOf(const grpc::CallbackServerContext* context) {
  const std::string* given = FindMetadata(context, "x-request-id");
  if (given != nullptr && !given->empty() && given->size() <= 64) {
    bool plain = true;
    for (char c : *given) {
      plain = plain && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') || c == '-' || c == '_');
    }
    if (plain) return *given;
  }
  return core::NewRequestId();
}

// A stream that ends at once with a status.
template <typename Response>
class FinishedWriter final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit FinishedWriter(const grpc::Status& status) { this->Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

struct RefundServiceImpl::Call {
  std::string method;
  std::string request_id;
  Caller caller;
  absl::Time start = absl::Now();
  std::string operation_id;

  void Log(const absl::Status& status) const {
    const ErrorDetails details = GetErrorDetails(status);
    log::Write(status.ok() || status.code() != absl::StatusCode::kInternal ? log::Level::kInfo
                                                                          : log::Level::kError,
               "rpc",
               {{"method", method},
                {"request_id", request_id},
                {"tenant", caller.tenant},
                {"caller", caller.token_id},
                {"operation_id", operation_id},
                {"code", absl::StatusCodeToString(status.code())},
                {"reason", details.reason},
                {"latency_ms", absl::StrCat(absl::ToDoubleMilliseconds(absl::Now() - start))}});
  }
};

RefundServiceImpl::RefundServiceImpl(core::RefundEngine& engine, letters::LetterService& letters,
                                     const Authenticator& authenticator, Executor& executor,
                                     Metrics* metrics)
    : engine_(engine),
      letters_(letters),
      authenticator_(authenticator),
      executor_(executor),
      metrics_(metrics) {}

void RefundServiceImpl::StartDraining() {
  draining_.store(true);
  watch_streams_.EndAll(ToGrpcStatus(MakeError(absl::StatusCode::kUnavailable,
                                               v1::SERVICE_UNAVAILABLE,
                                               "the server is shutting down; watch again")));
}

template <typename Work>
grpc::ServerUnaryReactor* RefundServiceImpl::Run(grpc::CallbackServerContext* context,
                                                 const char* method, Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto call = std::make_shared<Call>();
  call->method = method;
  call->request_id = RequestIdOf(context);
  context->AddInitialMetadata("x-request-id", call->request_id);

  auto finish = [reactor, call, metrics = metrics_](const absl::Status& status) {
    call->Log(status);
    if (metrics != nullptr) metrics->RecordRpc(call->method, status.code(), absl::Now() - call->start);
    reactor->Finish(ToGrpcStatus(status));
  };
  if (draining_.load()) {
    finish(MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                     "the server is shutting down; retry on another replica"));
    return reactor;
  }
  auto caller = authenticator_.Authenticate(FindMetadata(context, "authorization"),
                                                 PeerCertificateNames(*context));
  if (!caller.ok()) {
    finish(caller.status());
    return reactor;
  }
  call->caller = *caller;
  const absl::Time deadline = DeadlineOf(context);
  executor_.Submit([work = std::move(work), call, finish, deadline]() mutable {
    finish(work(*call, deadline));
  });
  return reactor;
}

// Refund and Void differ only in their messages and validation.
template <typename Request, typename Response, typename Validate>
absl::Status SubmitInto(core::RefundEngine& engine, RefundServiceImpl::CallInfo& call,
                        const Request& request, Response* response, absl::Time deadline,
                        Validate validate) {
  auto validated = validate(request);
  if (!validated.ok()) return validated.status();
  auto result = engine.Submit(call.tenant, call.caller_id, *validated, deadline);
  if (!result.ok()) return result.status();
  call.operation_id = result->view.record.operation_id;
  *response->mutable_operation() = ToProto(result->view);
  response->set_idempotent_replay(result->replay);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* RefundServiceImpl::Refund(grpc::CallbackServerContext* context,
                                                    const v1::RefundRequest* request,
                                                    v1::RefundResponse* response) {
  return Run(context, "Refund", [this, request, response](Call& call, absl::Time deadline) {
    CallInfo info{call.caller.tenant, call.caller.token_id, call.operation_id};
    return SubmitInto(engine_, info, *request, response, deadline, core::ValidateRefundRequest);
  });
}

grpc::ServerUnaryReactor* RefundServiceImpl::Void(grpc::CallbackServerContext* context,
                                                  const v1::VoidRequest* request,
                                                  v1::VoidResponse* response) {
  return Run(context, "Void", [this, request, response](Call& call, absl::Time deadline) {
    CallInfo info{call.caller.tenant, call.caller.token_id, call.operation_id};
    return SubmitInto(engine_, info, *request, response, deadline, core::ValidateVoidRequest);
  });
}

grpc::ServerUnaryReactor* RefundServiceImpl::GetStatus(grpc::CallbackServerContext* context,
                                                       const v1::GetStatusRequest* request,
                                                       v1::GetStatusResponse* response) {
  return Run(context, "GetStatus", [this, request, response](Call& call, absl::Time deadline) {
    call.operation_id = request->operation_id().substr(0, 40);
    auto view = engine_.Get(call.caller.tenant, request->operation_id(), request->refresh(),
                            deadline);
    if (!view.ok()) return view.status();
    *response->mutable_operation() = ToProto(*view);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::WatchStatusResponse>* RefundServiceImpl::WatchStatus(
    grpc::CallbackServerContext* context, const v1::WatchStatusRequest* request) {
  const std::string request_id = RequestIdOf(context);
  context->AddInitialMetadata("x-request-id", request_id);
  absl::Status refused;
  Caller caller;
  if (draining_.load()) {
    refused = MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                        "the server is shutting down; retry on another replica");
  } else if (auto authenticated = authenticator_.Authenticate(FindMetadata(context, "authorization"),
                                                 PeerCertificateNames(*context));
             !authenticated.ok()) {
    refused = authenticated.status();
  } else if (!core::IsWellFormedOperationId(request->operation_id())) {
    refused = MakeError(absl::StatusCode::kInvalidArgument, v1::FIELD_INVALID,
                        "operation_id: expected \"op_\" followed by 26 characters",
                        {{"field", "operation_id"}});
  } else {
    caller = *authenticated;
  }
  log::Info("rpc", {{"method", "WatchStatus"}, {"request_id", request_id},
                    {"tenant", caller.tenant}, {"operation_id", request->operation_id().substr(0, 40)},
                    {"code", absl::StatusCodeToString(refused.code())},
                    {"reason", GetErrorDetails(refused).reason}});
  if (!refused.ok()) {
    return new FinishedWriter<v1::WatchStatusResponse>(ToGrpcStatus(refused));
  }
  return WatchStatusStream::Start(engine_, watch_streams_, caller.tenant, request->operation_id());
}

grpc::ServerUnaryReactor* RefundServiceImpl::ListOperations(
    grpc::CallbackServerContext* context, const v1::ListOperationsRequest* request,
    v1::ListOperationsResponse* response) {
  return Run(context, "ListOperations", [this, request, response](Call& call, absl::Time) {
    auto query = core::ValidateListRequest(*request, call.caller.tenant);
    if (!query.ok()) return query.status();
    auto page = engine_.List(*query);
    if (!page.ok()) return page.status();
    for (const core::OperationView& view : page->operations) {
      *response->add_operations() = ToProto(view);
    }
    response->set_next_page_token(page->next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RefundServiceImpl::GetLetter(grpc::CallbackServerContext* context,
                                                       const v1::GetLetterRequest* request,
                                                       v1::GetLetterResponse* response) {
  return Run(context, "GetLetter", [this, request, response](Call& call, absl::Time deadline) {
    call.operation_id = request->operation_id().substr(0, 40);
    if (!core::IsWellFormedOperationId(request->operation_id())) {
      return MakeError(absl::StatusCode::kInvalidArgument, v1::FIELD_INVALID,
                       "operation_id: expected \"op_\" followed by 26 characters",
                       {{"field", "operation_id"}});
    }
    if (!v1::LetterLanguage_IsValid(request->language())) {
      return MakeError(absl::StatusCode::kInvalidArgument, v1::FIELD_INVALID,
                       "language: not a LetterLanguage value", {{"field", "language"}});
    }
    auto letter = letters_.Get(call.caller.tenant, request->operation_id(), request->language(),
                               deadline);
    if (!letter.ok()) return letter.status();
    *response->mutable_letter() = ToProto(*letter);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::BatchGetLettersResponse>* RefundServiceImpl::BatchGetLetters(
    grpc::CallbackServerContext* context, const v1::BatchGetLettersRequest* request) {
  auto call = std::make_shared<Call>();
  call->method = "BatchGetLetters";
  call->request_id = RequestIdOf(context);
  context->AddInitialMetadata("x-request-id", call->request_id);
  auto end = [call, metrics = metrics_](const absl::Status& status) {
    call->Log(status);
    if (metrics != nullptr) metrics->RecordRpc(call->method, status.code(), absl::Now() - call->start);
  };
  absl::StatusOr<LetterBatch> batch;
  if (draining_.load()) {
    batch = MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                      "the server is shutting down; retry on another replica");
  } else if (auto caller = authenticator_.Authenticate(FindMetadata(context, "authorization"),
                                                 PeerCertificateNames(*context));
             !caller.ok()) {
    batch = caller.status();
  } else {
    call->caller = *caller;
    batch = ValidateLetterBatch(*request, caller->tenant);
  }
  if (!batch.ok()) {
    end(batch.status());
    return new FinishedWriter<v1::BatchGetLettersResponse>(ToGrpcStatus(batch.status()));
  }
  batch->deadline = DeadlineOf(context);
  return LetterBatchStream::Start(letters_, executor_, *std::move(batch), end);
}

}  // namespace cancela::server
