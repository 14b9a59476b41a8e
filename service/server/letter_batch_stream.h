#pragma once
// One BatchGetLetters call: the letters of a list of operations or of a create-time range, one
// message per letter (or a LetterFailure per operation without one), or with `as_zip` the
// failures and then one ZIP archive in chunks. Letters are produced a page at a time on the
// executor and written as the reader takes them, so a slow reader holds at most one page.

#include <atomic>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "cancela/v1/refund_service.grpc.pb.h"
#include "service/letters/letter_service.h"
#include "service/server/executor.h"

namespace cancela::server {

// What a validated BatchGetLetters request asks for.
struct LetterBatch {
  std::string tenant;
  std::vector<std::string> operation_ids;  // when given (deduplicated, in order)
  bool by_range = false;                   // otherwise: the tenant's SUCCEEDED in the range
  absl::Time start = absl::InfinitePast();
  absl::Time end = absl::InfiniteFuture();
  v1::LetterLanguage language = v1::LETTER_LANGUAGE_PT_BR;
  bool as_zip = false;
  absl::Time deadline = absl::InfiniteFuture();
};

inline constexpr int kMaxLettersPerBatch = 500;  // operation_ids, and the letters of one ZIP

// Checks the request; INVALID_ARGUMENT/FIELD_INVALID (metadata `field`) when malformed.
absl::StatusOr<LetterBatch> ValidateLetterBatch(const v1::BatchGetLettersRequest& request,
                                                const std::string& tenant);

class LetterBatchStream final : public grpc::ServerWriteReactor<v1::BatchGetLettersResponse> {
 public:
  // `on_end` is told the stream's final status (for the call's log line and metrics).
  static LetterBatchStream* Start(letters::LetterService& letters, Executor& executor,
                                  LetterBatch batch,
                                  std::function<void(const absl::Status&)> on_end);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  LetterBatchStream(letters::LetterService& letters, Executor& executor, LetterBatch batch,
                    std::function<void(const absl::Status&)> on_end);

  struct Action {
    bool write = false;
    bool produce = false;
    std::optional<absl::Status> finish;
  };
  // Runs on the executor: the next page of messages (or, for a ZIP, all of them).
  void Produce();
  absl::Status ProducePage(std::vector<v1::BatchGetLettersResponse>& out, bool& last);
  absl::Status ProduceZip(std::vector<v1::BatchGetLettersResponse>& out);
  // The next page of operation ids; empty when there are no more.
  absl::StatusOr<std::vector<std::string>> NextIds(int limit);
  void AdvanceLocked(Action& action) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Act(const Action& action);

  letters::LetterService& letters_;
  Executor& executor_;
  const LetterBatch batch_;
  std::function<void(const absl::Status&)> on_end_;
  std::atomic<bool> cancelled_{false};

  // Touched only by the one Produce running at a time.
  size_t next_index_ = 0;                      // into batch_.operation_ids
  std::optional<store::ListCursor> cursor_;    // into the range
  bool range_done_ = false;

  absl::Mutex mu_;
  std::deque<v1::BatchGetLettersResponse> queue_ ABSL_GUARDED_BY(mu_);
  v1::BatchGetLettersResponse in_flight_ ABSL_GUARDED_BY(mu_);  // must outlive its write
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool producing_ ABSL_GUARDED_BY(mu_) = false;
  bool produced_all_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace cancela::server
