#include "service/core/refund_engine.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cancela/v1/sale_reference.pb.h"
#include "common/errors.h"
#include "common/log.h"
#include "providers/provider_results.h"
#include "service/core/account_slot.h"
#include "service/core/fingerprint.h"
#include "service/core/ids.h"
#include "service/core/request_validation.h"
#include "service/core/stored_command.h"

namespace cancela::core {
namespace {

using providers::Outcome;

v1::OperationKind ToProtoKind(providers::OperationKind kind) {
  return kind == providers::OperationKind::kRefund ? v1::OPERATION_KIND_REFUND
                                                   : v1::OPERATION_KIND_VOID;
}

// The amount the sale can be cancelled for at the provider: captured, or authorised when the
// sale was never captured (a void).
int64_t SaleAmount(const providers::SaleSnapshot& sale) {
  return sale.captured_minor_units > 0 ? sale.captured_minor_units : sale.authorized_minor_units;
}

// How a provider answer changes the stored operation.
store::TransitionRequest TransitionFor(const store::OperationRecord& record,
                                       const providers::ProviderResult& result, absl::Time now) {
  store::TransitionRequest t;
  t.operation_id = record.operation_id;
  t.echo = result.echo;
  t.note = result.note;
  t.now = now;
  switch (result.outcome) {
    case Outcome::kSucceeded:
      t.status = v1::OPERATION_STATUS_SUCCEEDED;
      break;
    case Outcome::kFailed:
      t.status = v1::OPERATION_STATUS_FAILED;
      t.failure_reason = result.failure_reason == v1::FAILURE_REASON_UNSPECIFIED
                             ? v1::FAILURE_REASON_PROVIDER_DECLINED
                             : result.failure_reason;
      t.failure_message = result.failure_message;
      break;
    case Outcome::kScheduled:
      t.status = v1::OPERATION_STATUS_PENDING;
      t.pending_detail = v1::PENDING_DETAIL_PROVIDER_SCHEDULED;
      break;
    case Outcome::kReview:
      t.status = v1::OPERATION_STATUS_PENDING;
      t.pending_detail = v1::PENDING_DETAIL_PROVIDER_REVIEW;
      break;
    case Outcome::kUnknown:
    case Outcome::kNotExecuted:  // still pending: the engine decides whether to send it again
      t.status = v1::OPERATION_STATUS_PENDING;
      t.pending_detail = v1::PENDING_DETAIL_OUTCOME_UNKNOWN;
      break;
  }
  return t;
}

bool LeaseIsLive(const store::OperationRecord& record, absl::Time now) {
  return record.status == v1::OPERATION_STATUS_PENDING &&
         record.pending_detail == v1::PENDING_DETAIL_SUBMITTING && record.lease_until > now;
}

absl::Status KeyInUse() {
  return MakeError(absl::StatusCode::kAborted, v1::IDEMPOTENCY_KEY_IN_USE,
                   "a request with this idempotency key is being executed; retry shortly with "
                   "the same key");
}

absl::Status KeyReused() {
  return MakeError(absl::StatusCode::kInvalidArgument, v1::IDEMPOTENCY_KEY_REUSED,
                   "this idempotency key was used before with a different request; use a new key");
}

}  // namespace

RefundEngine::RefundEngine(store::Store& store, const ProviderAccounts& accounts,
                           const Clock& clock, EngineOptions options)
    : store_(store), accounts_(accounts), clock_(clock), options_(options) {}

absl::Time RefundEngine::ProviderDeadline(absl::Time rpc_deadline) const {
  // Deadlines are real time (the RPC's deadline is); clock_ is business time and may be simulated.
  return std::min(rpc_deadline, absl::Now() + options_.provider_timeout);
}

absl::StatusOr<OperationView> RefundEngine::View(store::OperationRecord record) {
  auto ledger = store_.GetSaleLedger(record.provider_account, record.sale_key);
  if (!ledger.ok()) return ledger.status();
  return OperationView{std::move(record), *ledger};
}

absl::StatusOr<SubmitResult> RefundEngine::Submit(const std::string& tenant,
                                                  const std::string& actor,
                                                  const CancelRequest& request,
                                                  absl::Time deadline) {
  auto account = accounts_.Find(tenant, request.provider_account);
  if (!account.ok()) return account.status();
  providers::Provider& adapter = *(*account)->adapter;
  if (providers::ProviderIdOf(request.sale) != (*account)->provider) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::SALE_REFERENCE_INVALID,
                     absl::StrCat("sale: provider account \"", request.provider_account,
                                  "\" is a ", (*account)->provider, " account"),
                     {{"field", "sale"}, {"provider", (*account)->provider}});
  }

  const std::string fingerprint = RequestFingerprint(request);

  // A retry of a known key is answered from the store, without asking the provider again.
  if (!request.validate_only) {
    auto existing = store_.FindByIdempotencyKey(tenant, request.idempotency_key);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) {
      store::OperationRecord& record = **existing;
      if (record.fingerprint != fingerprint) return KeyReused();
      if (LeaseIsLive(record, clock_.Now())) return KeyInUse();
      if (record.pending_detail == v1::PENDING_DETAIL_SUBMITTING) {
        // Its owner died before recording the answer: find out from the provider.
        auto reconciled = Reconcile(record, ProviderDeadline(deadline), Resend::kAllowed);
        if (reconciled.ok()) record = *std::move(reconciled);
      }
      auto view = View(std::move(record));
      if (!view.ok()) return view.status();
      return SubmitResult{*std::move(view), /*replay=*/true, /*validate_only=*/false};
    }
  }

  // A duplicate of a request this process is executing right now waits for nothing.
  std::optional<InflightKeys::Claim> claim =
      request.validate_only ? std::nullopt
                            : inflight_keys_.TryClaim(tenant, request.idempotency_key);
  if (!request.validate_only && !claim) return KeyInUse();

  // From here on the request talks to the provider: it needs a place on the account, or is
  // refused before anything is recorded.
  auto slot = AccountSlot::Take(**account);
  if (!slot.ok()) return slot.status();

  // The live sale: the basis for the provider's rules and the refund cap.
  auto sale = adapter.GetSale(request.sale, ProviderDeadline(deadline));
  if (!sale.ok()) return sale.status();
  const int64_t sale_amount = SaleAmount(*sale);
  const int64_t provider_remaining = std::max<int64_t>(0, sale_amount - sale->cancelled_minor_units);

  if (request.amount_minor_units && !sale->currency.empty() && request.currency != sale->currency) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::CURRENCY_INVALID,
                     absl::StrCat("amount.currency_code: the sale is in ", sale->currency),
                     {{"field", "amount.currency_code"}, {"currencyCode", sale->currency}});
  }

  providers::CancelCommand command;
  command.kind = request.kind;
  command.sale = request.sale;
  command.total = !request.amount_minor_units.has_value();
  command.amount_minor_units = request.amount_minor_units.value_or(provider_remaining);
  command.currency = request.amount_minor_units ? request.currency : sale->currency;
  command.reason = request.reason;
  if (absl::Status rules = adapter.CheckRules(command, *sale, clock_.Now()); !rules.ok()) {
    return rules;
  }
  const providers::SaleLimits limits = adapter.Limits(command, *sale);

  store::OperationRecord record;
  record.tenant = tenant;
  record.idempotency_key = request.idempotency_key;
  record.fingerprint = fingerprint;
  record.kind = ToProtoKind(request.kind);
  record.provider_account = request.provider_account;
  record.provider = (*account)->provider;
  record.sale_key = providers::SaleKeyOf(request.sale);
  record.sale_reference = request.sale_reference;
  record.total = command.total;
  record.amount_minor_units = command.amount_minor_units;
  record.currency = command.currency;
  record.reason = request.reason;
  record.metadata = request.metadata;
  record.sale_amount_minor_units = sale_amount;
  record.provider_cancelled_before_minor_units = sale->cancelled_minor_units;

  if (request.validate_only) {
    // Every rule has run; judge the cap against the ledger as it is, and record nothing.
    auto ledger = store_.GetSaleLedger(record.provider_account, record.sale_key);
    if (!ledger.ok()) return ledger.status();
    store::SaleLedger projected = *ledger;
    if (projected.sale_amount_minor_units == 0) projected.sale_amount_minor_units = sale_amount;
    const int64_t remaining = std::min(projected.remaining(), provider_remaining);
    if (command.total) record.amount_minor_units = remaining;
    if (remaining <= 0 || record.amount_minor_units > remaining) {
      return MakeError(absl::StatusCode::kFailedPrecondition, v1::REFUND_EXCEEDS_BALANCE,
                       "the amount is above what remains of the sale",
                       {{"remainingMinorUnits", absl::StrCat(std::max<int64_t>(0, remaining))}});
    }
    record.status = v1::OPERATION_STATUS_UNSPECIFIED;
    record.pending_detail = v1::PENDING_DETAIL_UNSPECIFIED;
    return SubmitResult{OperationView{std::move(record), projected}, false, true};
  }

  const absl::Time now = clock_.Now();
  record.operation_id = NewOperationId(now);
  record.status = v1::OPERATION_STATUS_PENDING;
  record.pending_detail = v1::PENDING_DETAIL_SUBMITTING;
  record.create_time = now;
  record.update_time = now;

  store::BeginRequest begin;
  begin.operation = record;
  begin.limits = limits;
  begin.now = now;
  begin.lease = options_.submit_lease;
  begin.actor = actor;
  auto begun = store_.Begin(begin);
  if (!begun.ok()) return begun.status();
  if (begun->outcome == store::BeginOutcome::kReplay) {
    // Lost a race with a concurrent request carrying the same key.
    if (begun->operation.fingerprint != fingerprint) return KeyReused();
    if (LeaseIsLive(begun->operation, clock_.Now())) return KeyInUse();
    return SubmitResult{OperationView{begun->operation, begun->ledger}, true, false};
  }

  // Recorded as SUBMITTING and committed: only now may the money move.
  command.operation_id = begun->operation.operation_id;
  command.amount_minor_units = begun->operation.amount_minor_units;
  auto executed = Execute(begun->operation, adapter, command, ProviderDeadline(deadline));
  if (!executed.ok()) return executed.status();
  auto view = View(*std::move(executed));
  if (!view.ok()) return view.status();
  return SubmitResult{*std::move(view), false, false};
}

absl::StatusOr<store::OperationRecord> RefundEngine::Execute(
    const store::OperationRecord& record, providers::Provider& adapter,
    const providers::CancelCommand& command, absl::Time deadline) {
  const providers::ProviderResult result =
      providers::WithScrubbedText(adapter.Cancel(command, deadline));
  auto updated = Record(TransitionFor(record, result, clock_.Now()));
  if (!updated.ok()) {
    // The provider answered but the answer is not recorded: the operation stays SUBMITTING and
    // is reconciled once its lease expires. Never report an outcome that is not durable.
    log::Error("outcome not recorded", {{"operation_id", record.operation_id},
                                        {"error", std::string(updated.status().message())}});
    return updated.status();
  }
  return updated;
}

absl::StatusOr<OperationView> RefundEngine::Get(const std::string& tenant,
                                                const std::string& operation_id, bool refresh,
                                                absl::Time deadline) {
  if (!IsWellFormedOperationId(operation_id)) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::FIELD_INVALID,
                     "operation_id: expected \"op_\" followed by 26 characters",
                     {{"field", "operation_id"}});
  }
  auto record = store_.Get(tenant, operation_id);
  if (!record.ok()) return record.status();
  if (refresh && record->status == v1::OPERATION_STATUS_PENDING &&
      !LeaseIsLive(*record, clock_.Now())) {
    auto reconciled = Reconcile(*record, ProviderDeadline(deadline), Resend::kNever);
    if (!reconciled.ok()) return reconciled.status();
    record = *std::move(reconciled);
  }
  return View(*std::move(record));
}

absl::StatusOr<store::OperationRecord> RefundEngine::Reconcile(store::OperationRecord record,
                                                               absl::Time deadline,
                                                               Resend resend) {
  ProviderAccount* account = accounts_.FindAny(record.provider_account);
  if (account == nullptr) {
    return MakeError(absl::StatusCode::kFailedPrecondition, v1::PROVIDER_ACCOUNT_NOT_FOUND,
                     "the operation's provider account is no longer configured",
                     {{"providerAccount", record.provider_account}});
  }
  if (account->provider != record.provider) {
    // The account was reconfigured for another provider: its adapter cannot read this sale.
    return MakeError(absl::StatusCode::kFailedPrecondition, v1::PROVIDER_ACCOUNT_NOT_FOUND,
                     absl::StrCat("the operation's provider account now serves ",
                                  account->provider, ", not ", record.provider),
                     {{"providerAccount", record.provider_account}});
  }
  auto command = CommandFromRecord(record);
  if (!command.ok()) return command.status();
  auto slot = AccountSlot::Take(*account);
  if (!slot.ok()) return slot.status();
  providers::ReconcileBasis basis;
  basis.cancelled_before_minor_units = record.provider_cancelled_before_minor_units;
  basis.sent_at =
      record.attempt_time == absl::InfinitePast() ? record.create_time : record.attempt_time;
  basis.recorded = record.echo;
  // The operation itself is PENDING, so the ledger's succeeded sum counts only the others.
  if (auto ledger = store_.GetSaleLedger(record.provider_account, record.sale_key); ledger.ok()) {
    basis.others_succeeded_minor_units = ledger->succeeded_minor_units;
  }

  const providers::ProviderResult result =
      providers::WithScrubbedText(account->adapter->Reconcile(*command, basis, deadline));
  if (result.outcome == Outcome::kNotExecuted) {
    return ResendOrKeep(record, *account->adapter, *command, result, deadline, resend);
  }
  store::TransitionRequest t = TransitionFor(record, result, clock_.Now());
  const bool unchanged = t.status == record.status && t.pending_detail == record.pending_detail;
  if (unchanged) return record;  // nothing new: keep the history free of repeated entries
  return Record(t);
}

absl::StatusOr<store::OperationRecord> RefundEngine::ResendOrKeep(
    const store::OperationRecord& record, providers::Provider& adapter,
    const providers::CancelCommand& command, const providers::ProviderResult& result,
    absl::Time deadline, Resend resend) {
  // Only one more attempt, ever: a second attempt that also never executes waits for a human.
  constexpr int kMaxAttempts = 2;
  if (resend == Resend::kAllowed && record.attempt_count < kMaxAttempts) {
    // The provider's cancelled total now is the basis for judging the new attempt.
    auto sale = adapter.GetSale(command.sale, deadline);
    if (sale.ok()) {
      store::ResubmitRequest again;
      again.operation_id = record.operation_id;
      again.expected_attempt_count = record.attempt_count;
      again.cancelled_before_minor_units = sale->cancelled_minor_units;
      again.note = absl::StrCat(result.note, "; the attempt never executed: sending it once more");
      again.now = clock_.Now();
      again.lease = options_.submit_lease;
      auto taken = store_.Resubmit(again);
      if (taken.ok()) {
        watchers_.Publish(*taken);
        log::Warn("resending a cancellation that never executed",
                  {{"operation_id", record.operation_id},
                   {"provider_account", record.provider_account},
                   {"attempt", absl::StrCat(taken->attempt_count)}});
        return Execute(*taken, adapter, command, deadline);
      }
      if (taken.status().code() != absl::StatusCode::kAborted) return taken.status();
      // Someone else took the attempt: it is theirs to make.
      return record;
    }
    log::Warn("cannot read the sale before resending", {{"operation_id", record.operation_id}});
  }
  providers::ProviderResult keep = result;
  keep.outcome = Outcome::kUnknown;
  store::TransitionRequest t = TransitionFor(record, keep, clock_.Now());
  if (t.pending_detail == record.pending_detail) return record;
  t.note = absl::StrCat(result.note, record.attempt_count < kMaxAttempts
                                         ? "; it never executed and will be sent once more"
                                         : "; the second attempt never executed either");
  return Record(t);
}

void RefundEngine::Audit(store::AuditRecord record) {
  record.time = clock_.Now();
  if (absl::Status s = store_.AppendAudit(record); !s.ok()) {
    log::Error("audit record not written", {{"tenant", record.tenant},
                                            {"action", record.action},
                                            {"error", std::string(s.message())}});
  }
}

absl::StatusOr<store::OperationRecord> RefundEngine::Record(
    const store::TransitionRequest& transition) {
  auto updated = store_.Transition(transition);
  if (updated.ok()) watchers_.Publish(*updated);
  return updated;
}

absl::StatusOr<RefundEngine::Page> RefundEngine::List(const ListQuery& query) {
  // One more than asked tells whether another page exists.
  auto records = store_.ListOperations(query.filter, query.after, query.page_size + 1);
  if (!records.ok()) return records.status();
  Page page;
  const bool more = static_cast<int>(records->size()) > query.page_size;
  if (more) records->resize(static_cast<size_t>(query.page_size));
  for (store::OperationRecord& record : *records) {
    auto view = View(std::move(record));
    if (!view.ok()) return view.status();
    page.operations.push_back(*std::move(view));
  }
  if (more) {
    const store::OperationRecord& last = page.operations.back().record;
    page.next_page_token = MakePageToken(query, {last.create_time, last.operation_id});
  }
  return page;
}

int RefundEngine::PollDue(absl::Time deadline, int limit) {
  auto due = store_.ClaimDueChecks(clock_.Now(), options_.check_claim, limit);
  if (!due.ok()) {
    log::Warn("cannot claim due checks", {{"error", std::string(due.status().message())}});
    return 0;
  }
  int changed = 0;
  for (const store::OperationRecord& record : *due) {
    if (absl::Now() >= deadline) break;  // unchecked claims expire and are taken again
    const int checks = record.check_count + 1;
    auto after = Reconcile(record, ProviderDeadline(deadline), Resend::kAllowed);
    if (options_.on_check) {
      std::string_view result = "unchanged";
      if (!after.ok()) {
        result = "error";
      } else if (after->attempt_count > record.attempt_count) {
        result = "resent";
      } else if (after->status != v1::OPERATION_STATUS_PENDING) {
        result = "final";
      } else if (after->pending_detail != record.pending_detail) {
        result = "changed";
      }
      options_.on_check(record, result);
    }
    if (after.ok() && after->status != v1::OPERATION_STATUS_PENDING) {
      ++changed;
      (void)store_.ScheduleNextCheck(record.operation_id, absl::InfiniteFuture(), checks, false);
      continue;
    }
    if (!after.ok()) {
      log::Warn("check failed", {{"operation_id", record.operation_id},
                                 {"error", std::string(after.status().message())}});
    } else if (after->pending_detail != record.pending_detail) {
      ++changed;
    }
    const CheckSchedule& schedule = options_.schedules.For(record.provider);
    const absl::Time next = schedule.Next(clock_.Now(), checks, absl::Uniform(bitgen_, 0.0, 1.0));
    const bool give_up = next - record.create_time > schedule.give_up_after;
    if (give_up) {
      log::Error("operation needs attention: the provider never gave a final answer",
                 {{"operation_id", record.operation_id},
                  {"provider_account", record.provider_account},
                  {"pending_detail", v1::PendingDetail_Name(after.ok() ? after->pending_detail
                                                                       : record.pending_detail)},
                  {"checks", absl::StrCat(checks)}});
      if (options_.on_give_up) options_.on_give_up(record);
    }
    if (absl::Status s = store_.ScheduleNextCheck(record.operation_id,
                                                  give_up ? absl::InfiniteFuture() : next, checks,
                                                  give_up);
        !s.ok()) {
      log::Warn("cannot schedule the next check", {{"operation_id", record.operation_id},
                                                   {"error", std::string(s.message())}});
    }
  }
  return changed;
}

}  // namespace cancela::core
