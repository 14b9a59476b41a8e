#pragma once
// cancela.v1.RefundService over gRPC's callback API. This layer only authenticates, converts
// protos and moves work onto the executor; the engine decides everything.

#include <atomic>
#include <functional>
#include <string>

#include "cancela/v1/refund_service.grpc.pb.h"
#include "service/core/refund_engine.h"
#include "service/letters/letter_service.h"
#include "service/server/auth.h"
#include "service/server/executor.h"
#include "service/server/metrics.h"
#include "service/server/rate_limiter.h"
#include "service/server/watch_status_stream.h"

namespace cancela::server {

class RefundServiceImpl final : public v1::RefundService::CallbackService {
 public:
  // `metrics` and `limiter` may be null (no metrics, no rate limits).
  RefundServiceImpl(core::RefundEngine& engine, letters::LetterService& letters,
                    const Authenticator& authenticator, Executor& executor, Metrics* metrics,
                    RateLimiter* limiter = nullptr);

  // What a handler needs to know of its call.
  struct CallInfo {
    const std::string& tenant;
    const std::string& caller_id;
    std::string& operation_id;  // for the call's log line
  };

  // New calls are refused with UNAVAILABLE once draining starts.
  // Open WatchStatus streams end with UNAVAILABLE so that clients reconnect elsewhere.
  void StartDraining();

  grpc::ServerUnaryReactor* Refund(grpc::CallbackServerContext* context,
                                   const v1::RefundRequest* request,
                                   v1::RefundResponse* response) override;
  grpc::ServerUnaryReactor* Void(grpc::CallbackServerContext* context,
                                 const v1::VoidRequest* request,
                                 v1::VoidResponse* response) override;
  grpc::ServerUnaryReactor* GetStatus(grpc::CallbackServerContext* context,
                                      const v1::GetStatusRequest* request,
                                      v1::GetStatusResponse* response) override;
  grpc::ServerWriteReactor<v1::WatchStatusResponse>* WatchStatus(
      grpc::CallbackServerContext* context, const v1::WatchStatusRequest* request) override;
  grpc::ServerUnaryReactor* ListOperations(grpc::CallbackServerContext* context,
                                           const v1::ListOperationsRequest* request,
                                           v1::ListOperationsResponse* response) override;
  grpc::ServerUnaryReactor* GetLetter(grpc::CallbackServerContext* context,
                                      const v1::GetLetterRequest* request,
                                      v1::GetLetterResponse* response) override;
  grpc::ServerWriteReactor<v1::BatchGetLettersResponse>* BatchGetLetters(
      grpc::CallbackServerContext* context, const v1::BatchGetLettersRequest* request) override;

 private:
  struct Call;  // per-call bookkeeping: request id, caller, timing, logging

  // Called with a call's final status before it is sent, once the caller is known.
  using Answered = std::function<void(const Call&, const absl::Status&)>;

  // Authenticates, applies the tenant's rate limit and runs `work` on the executor, then
  // finishes the call with its status (after `answered`, when given).
  template <typename Work>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, const char* method,
                                Work work, Answered answered = nullptr);
  // The caller, or why it is refused: draining, credentials, rate limit. `known`, when given,
  // is set once the credentials are good (a rate-limited caller is still named).
  absl::StatusOr<Caller> Admit(const grpc::CallbackServerContext* context,
                               Caller* known = nullptr);
  // Writes the audit row of a Refund's or Void's answer. `response` is read only for an OK
  // answer, which is always given before the call finishes.
  template <typename Request, typename Response>
  Answered AuditAnswer(const char* kind, const Request& request, const Response* response);

  core::RefundEngine& engine_;
  letters::LetterService& letters_;
  const Authenticator& authenticator_;
  Executor& executor_;
  Metrics* metrics_;
  RateLimiter* limiter_;
  std::atomic<bool> draining_{false};
  WatchStreams watch_streams_;
};

}  // namespace cancela::server
