#pragma once
// Durable state of cancela: operations, idempotency keys, per-sale ledgers, audit records.
// One interface, several implementations (SQLite now, PostgreSQL later); every implementation
// passes tests/store/store_conformance.h. Every method is one transaction: when it returns OK,
// the change is committed and durable.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cancela/v1/refund_service.pb.h"
#include "providers/provider.h"
#include "service/store/operation_record.h"

namespace cancela::store {

struct BeginRequest {
  // The new operation: every request field filled, status PENDING/SUBMITTING, create_time = now.
  // For a total request amount_minor_units is ignored: the store takes what remains.
  OperationRecord operation;
  providers::SaleLimits limits;
  absl::Time now;
  absl::Duration lease = absl::Seconds(60);  // how long the caller owns the SUBMITTING operation
  std::string actor;                         // who asked, for the audit record (tenant/caller id)
};

enum class BeginOutcome { kCreated, kReplay };

struct BeginResult {
  BeginOutcome outcome = BeginOutcome::kCreated;
  OperationRecord operation;  // the created one, or the one stored under the key
  SaleLedger ledger;          // after the change
};

// One row of the append-only audit log: who asked for what, and what came of it. Never card
// data or secrets: the actor is a token id (a digest prefix), the result a status or reason name.
struct AuditRecord {
  absl::Time time;
  std::string tenant;
  std::string actor;         // the caller's token id, or "cancela" for the engine's own changes
  std::string operation_id;  // empty when the request was refused before an operation existed
  std::string action;        // e.g. "refund.accepted", "refund.rejected", "void.replayed"
  int64_t amount_minor_units = 0;
  std::string result;        // e.g. "PENDING", "SUCCEEDED", "RESOURCE_EXHAUSTED:RATE_LIMITED"
};

struct TransitionRequest {
  std::string operation_id;
  v1::OperationStatus status = v1::OPERATION_STATUS_PENDING;
  v1::PendingDetail pending_detail = v1::PENDING_DETAIL_UNSPECIFIED;  // for PENDING
  v1::FailureReason failure_reason = v1::FAILURE_REASON_UNSPECIFIED;  // for FAILED
  std::string failure_message;
  std::optional<providers::ProviderEcho> echo;  // replaces the stored echo when set
  std::string note;                             // history note
  absl::Time now;
  // When set, the audit row of what the operation's own caller is answered (tenant, actor,
  // action; time, operation, amount and result are filled in from the recorded outcome, see
  // answer_audit.h) is written in this same transaction, so the answer costs no write of its
  // own. Written also when the operation was already final: the caller gets the stored outcome.
  std::optional<AuditRecord> answer;
};

// One more attempt of an operation whose previous attempt provably never executed.
struct ResubmitRequest {
  std::string operation_id;
  int expected_attempt_count = 1;  // compare-and-set: the attempt the caller saw fail
  int64_t cancelled_before_minor_units = 0;  // the provider's cancelled total before this attempt
  std::string note;                           // history note
  absl::Time now;
  absl::Duration lease = absl::Seconds(60);
};

// How many operations of one provider are PENDING, by age, for the backlog metrics.
struct PendingStats {
  // Upper edges of the age buckets; the last bucket is everything older.
  static constexpr int kBuckets = 5;
  static constexpr const char* kBucketNames[kBuckets] = {"under_1m", "1m_to_1h", "1h_to_1d",
                                                         "1d_to_3d", "over_3d"};
  std::string provider;
  int64_t count_by_age[kBuckets] = {0, 0, 0, 0, 0};
  absl::Time oldest_create_time = absl::InfiniteFuture();
};

// Which operations ListOperations returns. Empty fields do not filter.
struct ListFilter {
  std::string tenant;  // required: listing is always scoped to one tenant
  std::string provider_account;
  std::string provider;  // with sale_key: one sale
  std::string sale_key;
  std::vector<v1::OperationStatus> statuses;
  absl::Time create_time_start = absl::InfinitePast();  // inclusive
  absl::Time create_time_end = absl::InfiniteFuture();  // exclusive
};

// A cancellation letter as stored: produced once, then served byte-identical.
struct LetterRecord {
  std::string operation_id;
  v1::LetterLanguage language = v1::LETTER_LANGUAGE_PT_BR;  // never UNSPECIFIED
  v1::LetterSource source = v1::LETTER_SOURCE_CANCELA;
  std::string content_type;  // "application/pdf"
  std::string file_name;
  std::string content;          // the document's bytes
  std::string verification_hash;  // hex SHA-256 of the letter's canonical facts ("" for official)
  absl::Time create_time;
};


// Where the previous page ended (its last operation), for keyset pagination.
struct ListCursor {
  absl::Time create_time;
  std::string operation_id;
};

class Store {
 public:
  virtual ~Store() = default;

  // Accepts a money-moving request atomically, serialized per sale:
  //  1. (tenant, idempotency_key) exists → same fingerprint: kReplay with the stored operation,
  //     unless it is SUBMITTING with lease_until > now → ABORTED/IDEMPOTENCY_KEY_IN_USE;
  //     different fingerprint → INVALID_ARGUMENT/IDEMPOTENCY_KEY_REUSED. Nothing changes.
  //  2. The sale ledger (provider_account, sale_key) is created on first use with
  //     sale_amount = operation.sale_amount_minor_units (later requests keep the stored amount).
  //  3. now - last_cancel_time < limits.min_interval_between_cancels →
  //     FAILED_PRECONDITION/TOO_EARLY (RetryInfo = the time left; metadata rule="spacing").
  //  4. A partial request when partial_count >= *limits.max_partial_cancels →
  //     FAILED_PRECONDITION/PARTIAL_LIMIT_REACHED.
  //  5. remaining = sale - succeeded - reserved. Total: amount := remaining, and remaining == 0 →
  //     FAILED_PRECONDITION/REFUND_EXCEEDS_BALANCE. Partial: amount > remaining → same error,
  //     metadata remainingMinorUnits.
  //  6. Insert the operation (history: one PENDING/SUBMITTING entry), the key, an audit record;
  //     reserved += amount; last_cancel_time = now; partial_count++ for partials;
  //     lease_until = now + lease.
  // Errors 3-5 leave no trace (no key, no operation).
  virtual absl::StatusOr<BeginResult> Begin(const BeginRequest& request) = 0;

  // Records a status change, exactly once per final state: moving to SUCCEEDED moves the amount
  // from reserved to succeeded; FAILED releases it (and a failed partial no longer counts in
  // partial_count); PENDING changes only the detail. Appends to history, clears the lease, writes
  // an audit record ("outcome"), and request.answer's row when set. On an operation that is
  // already final it changes nothing (but request.answer's row) and returns the stored record (a
  // late or duplicate answer cannot move money twice).
  // NOT_FOUND/OPERATION_NOT_FOUND when there is no such operation.
  virtual absl::StatusOr<OperationRecord> Transition(const TransitionRequest& request) = 0;

  // Takes a PENDING operation back to SUBMITTING for one more attempt, atomically: only when its
  // attempt_count equals request.expected_attempt_count and it is not SUBMITTING with a live
  // lease. Sets the lease, attempt_count + 1, attempt_time = now and the new reconcile basis,
  // appends to history and writes an audit record. The amount stays reserved throughout.
  // ABORTED/IDEMPOTENCY_KEY_IN_USE when another caller took it first or it changed meanwhile;
  // FAILED_PRECONDITION when it is final; NOT_FOUND/OPERATION_NOT_FOUND when absent.
  virtual absl::StatusOr<OperationRecord> Resubmit(const ResubmitRequest& request) = 0;

  // Extends the lease of a SUBMITTING operation still being worked on. False if not SUBMITTING.
  virtual absl::StatusOr<bool> RenewLease(const std::string& operation_id, absl::Time until) = 0;

  // The tenant's operation; NOT_FOUND/OPERATION_NOT_FOUND when absent or another tenant's.
  virtual absl::StatusOr<OperationRecord> Get(const std::string& tenant,
                                              const std::string& operation_id) = 0;

  // The operation stored under a tenant's idempotency key, if any.
  virtual absl::StatusOr<std::optional<OperationRecord>> FindByIdempotencyKey(
      const std::string& tenant, const std::string& idempotency_key) = 0;

  // The ledger of a sale; a zero ledger when the sale was never seen.
  virtual absl::StatusOr<SaleLedger> GetSaleLedger(const std::string& provider_account,
                                                   const std::string& sale_key) = 0;

  // PENDING operations needing attention: SUBMITTING with an expired lease (their owner died),
  // OUTCOME_UNKNOWN and PROVIDER_SCHEDULED/REVIEW. Oldest first, at most `limit`.
  virtual absl::StatusOr<std::vector<OperationRecord>> ListUnresolved(absl::Time now,
                                                                      int limit) = 0;

  // Claims up to `limit` PENDING operations that are due for a provider check (next_check_time
  // reached, not given up, not SUBMITTING with a live lease, not claimed by someone else), marking
  // them claimed until `now + lease`. Two callers never get the same operation while its claim
  // lasts; a claim left by a dead poller expires.
  virtual absl::StatusOr<std::vector<OperationRecord>> ClaimDueChecks(absl::Time now,
                                                                      absl::Duration lease,
                                                                      int limit) = 0;

  // Records a finished check: the next due time, the number of checks, whether the schedule ran
  // out; releases the claim.
  virtual absl::Status ScheduleNextCheck(const std::string& operation_id, absl::Time next_check,
                                         int check_count, bool gave_up) = 0;

  // The filter's operations, newest first (create_time, then operation_id, descending), strictly
  // after `after` when given, at most `limit`.
  virtual absl::StatusOr<std::vector<OperationRecord>> ListOperations(
      const ListFilter& filter, const std::optional<ListCursor>& after, int limit) = 0;

  // A provider notified that this sale changed: its PENDING operations that the poller has not
  // given up on become due for a check now. Returns how many there are.
  virtual absl::StatusOr<int> MarkSaleDue(const std::string& provider_account,
                                          const std::string& sale_key, absl::Time now) = 0;

  // The PENDING backlog per provider as of `now` (providers with none are absent).
  virtual absl::StatusOr<std::vector<PendingStats>> CountPending(absl::Time now) = 0;

  // Letters. Keyed by (operation_id, language); the caller has already checked the operation is
  // the tenant's. Stores `letter` unless one exists for its key, and returns the stored one either
  // way: of two concurrent first requests, both get the winner's bytes.
  virtual absl::StatusOr<LetterRecord> SaveLetterIfAbsent(const LetterRecord& letter) = 0;

  // The stored letter of an operation in a language, if any.
  virtual absl::StatusOr<std::optional<LetterRecord>> FindLetter(const std::string& operation_id,
                                                                 v1::LetterLanguage language) = 0;

  // Appends one audit row on its own (Begin, Transition and Resubmit write theirs in their own
  // transactions). The table refuses UPDATE and DELETE.
  virtual absl::Status AppendAudit(const AuditRecord& record) = 0;

  // The tenant's audit rows, oldest first, at most `limit` (operators and tests read them).
  virtual absl::StatusOr<std::vector<AuditRecord>> ListAudit(const std::string& tenant,
                                                             int limit) = 0;

  // Checks the store can serve (readiness).
  virtual absl::Status Ping() = 0;
};

}  // namespace cancela::store
