#include "service/server/refund_service.h"

#include "service/server/peer_certificate.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/scrub.h"
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

// A caller-supplied x-request-id is echoed when it is short and plain and carries no card number
// or credential; otherwise we mint one.
std::string RequestIdOf(const grpc::CallbackServerContext* context) {
  const std::string* given = FindMetadata(context, "x-request-id");
  if (given != nullptr && !given->empty() && given->size() <= 64) {
    bool plain = true;
    for (char c : *given) {
      plain = plain && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') || c == '-' || c == '_');
    }
    const IdentifierFindings found = plain ? InspectIdentifier(*given) : IdentifierFindings{};
    if (plain && !found.card_number && !found.secret) return *given;
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
                                     Metrics* metrics, RateLimiter* limiter)
    : engine_(engine),
      letters_(letters),
      authenticator_(authenticator),
      executor_(executor),
      metrics_(metrics),
      limiter_(limiter) {}

void RefundServiceImpl::StartDraining() {
  draining_.store(true);
  watch_streams_.EndAll(ToGrpcStatus(MakeError(absl::StatusCode::kUnavailable,
                                               v1::SERVICE_UNAVAILABLE,
                                               "the server is shutting down; watch again")));
}

absl::StatusOr<Caller> RefundServiceImpl::Admit(const grpc::CallbackServerContext* context,
                                                Caller* known) {
  if (draining_.load()) {
    return MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                     "the server is shutting down; retry on another replica");
  }
  // Which of several tokens would the caller mean? Taking the first would let whatever adds one
  // (a proxy, a client library's interceptor) decide the tenant: trust none.
  if (context->client_metadata().count("authorization") > 1) {
    return MakeError(absl::StatusCode::kUnauthenticated, v1::CREDENTIALS_INVALID,
                     "send one `authorization` metadata entry, not several");
  }
  auto caller = authenticator_.Authenticate(FindMetadata(context, "authorization"),
                                            PeerCertificateNames(*context));
  if (!caller.ok()) return caller.status();
  if (known != nullptr) *known = *caller;
  if (limiter_ != nullptr) {
    if (absl::Status limited = limiter_->Admit(caller->tenant); !limited.ok()) return limited;
  }
  return caller;
}

template <typename Work>
grpc::ServerUnaryReactor* RefundServiceImpl::Run(grpc::CallbackServerContext* context,
                                                 const char* method, Work work,
                                                 Answered answered) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto call = std::make_shared<Call>();
  call->method = method;
  call->request_id = RequestIdOf(context);
  context->AddInitialMetadata("x-request-id", call->request_id);
  Metrics::RpcSeries* series = metrics_ != nullptr ? &metrics_->Rpc(method) : nullptr;
  if (series != nullptr) series->Started();

  auto finish = [reactor, call, context, series](const absl::Status& status) {
    call->Log(status);
    if (series != nullptr) series->Answered(status.code(), absl::Now() - call->start);
    if (status.code() == absl::StatusCode::kResourceExhausted) {
      // gRPC's own retry policy reads this; other clients read the RetryInfo.
      if (auto after = GetErrorDetails(status).retry_after) {
        context->AddTrailingMetadata("grpc-retry-pushback-ms",
                                     absl::StrCat(absl::ToInt64Milliseconds(*after)));
      }
    }
    reactor->Finish(ToGrpcStatus(status));
  };
  auto caller = Admit(context, &call->caller);
  if (!caller.ok()) {
    // Refused before any handler work. A known caller's refusal is still audited, off the gRPC
    // thread; an unknown caller's is only logged (it names no tenant to file it under).
    if (answered && !call->caller.tenant.empty()) {
      executor_.Submit([answered, call, status = caller.status()] { answered(*call, status); });
    }
    finish(caller.status());
    return reactor;
  }
  call->caller = *caller;
  const absl::Time deadline = DeadlineOf(context);
  executor_.Submit([work = std::move(work), call, finish, deadline, answered]() mutable {
    const absl::Status status = work(*call, deadline);
    if (answered) answered(*call, status);
    finish(status);
  });
  return reactor;
}

template <typename Request, typename Response>
RefundServiceImpl::Answered RefundServiceImpl::AuditAnswer(const char* kind,
                                                           const Request& request,
                                                           const Response* response) {
  const std::string action_prefix = kind;
  const int64_t amount = request.has_amount() ? request.amount().amount_minor_units() : 0;
  const bool validate_only = request.validate_only();
  return [this, action_prefix, amount, validate_only, response](
             const Call& call, const absl::Status& status) {
    if (status.ok() && validate_only) return;  // nothing moved and nothing was recorded
    // A new operation's answer was audited by the store with its outcome (RefundEngine::Submit).
    if (status.ok() && !response->idempotent_replay()) return;
    store::AuditRecord record;
    record.tenant = call.caller.tenant;
    record.actor = call.caller.token_id;
    record.operation_id = call.operation_id;
    record.amount_minor_units = amount;
    if (status.ok()) {
      const v1::Operation& op = response->operation();
      record.action = action_prefix + (response->idempotent_replay() ? ".replayed" : ".answered");
      record.amount_minor_units = op.amount().amount_minor_units();
      record.result = v1::OperationStatus_Name(op.status());
      if (op.status() == v1::OPERATION_STATUS_PENDING) {
        record.result += ":" + v1::PendingDetail_Name(op.pending_detail());
      }
    } else {
      record.action = action_prefix + ".rejected";
      record.result = absl::StrCat(absl::StatusCodeToString(status.code()), ":",
                                   GetErrorDetails(status).reason);
    }
    engine_.Audit(std::move(record));
  };
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
  }, AuditAnswer("refund", *request, response));
}

grpc::ServerUnaryReactor* RefundServiceImpl::Void(grpc::CallbackServerContext* context,
                                                  const v1::VoidRequest* request,
                                                  v1::VoidResponse* response) {
  return Run(context, "Void", [this, request, response](Call& call, absl::Time deadline) {
    CallInfo info{call.caller.tenant, call.caller.token_id, call.operation_id};
    return SubmitInto(engine_, info, *request, response, deadline, core::ValidateVoidRequest);
  }, AuditAnswer("void", *request, response));
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
  if (auto authenticated = Admit(context); !authenticated.ok()) {
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
  Metrics::RpcSeries* series = metrics_ != nullptr ? &metrics_->Rpc(call->method) : nullptr;
  if (series != nullptr) series->Started();
  auto end = [call, series](const absl::Status& status) {
    call->Log(status);
    if (series != nullptr) series->Answered(status.code(), absl::Now() - call->start);
  };
  absl::StatusOr<LetterBatch> batch;
  if (auto caller = Admit(context); !caller.ok()) {
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
