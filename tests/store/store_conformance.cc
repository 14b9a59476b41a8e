#include "tests/store/store_conformance.h"

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "service/core/ids.h"

namespace cancela::store::testing {

void StoreConformanceTest::SetUp() {
  store_ = GetParam()(::testing::UnitTest::GetInstance()->current_test_info()->name());
  ASSERT_NE(store_, nullptr);
}

BeginRequest StoreConformanceTest::Request(const std::string& key, int64_t amount,
                                           const std::string& sale, const std::string& tenant,
                                           bool total) {
  BeginRequest r;
  OperationRecord& op = r.operation;
  op.operation_id = core::NewOperationId(now_ + absl::Milliseconds(++next_id_));
  op.tenant = tenant;
  op.idempotency_key = key;
  op.fingerprint = absl::StrCat("fp-", key, "-", amount);
  op.kind = v1::OPERATION_KIND_REFUND;
  op.provider_account = "cielo-ecommerce/loja";
  op.provider = "cielo_ecommerce";
  op.sale_key = sale;
  op.sale_reference = "\x0a\x02xy";
  op.total = total;
  op.amount_minor_units = amount;
  op.currency = "BRL";
  op.reason = "r";
  op.metadata = {{"order", "A-1"}};
  op.sale_amount_minor_units = 10000;
  op.provider_cancelled_before_minor_units = 0;
  r.now = now_;
  r.lease = absl::Seconds(60);
  r.actor = "caller-1";
  return r;
}

namespace {

TransitionRequest To(const OperationRecord& op, v1::OperationStatus status, absl::Time now,
                     v1::PendingDetail detail = v1::PENDING_DETAIL_UNSPECIFIED) {
  TransitionRequest t;
  t.operation_id = op.operation_id;
  t.status = status;
  t.pending_detail = detail;
  t.failure_reason = status == v1::OPERATION_STATUS_FAILED ? v1::FAILURE_REASON_PROVIDER_DECLINED
                                                           : v1::FAILURE_REASON_UNSPECIFIED;
  t.note = "test";
  t.now = now;
  return t;
}

TEST_P(StoreConformanceTest, CreatesAndReadsBackAnOperation) {
  auto begun = store_->Begin(Request("key-aaaaaaaaaaaaaaaa", 2500));
  ASSERT_TRUE(begun.ok()) << begun.status();
  EXPECT_EQ(begun->outcome, BeginOutcome::kCreated);
  EXPECT_EQ(begun->ledger.reserved_minor_units, 2500);
  EXPECT_EQ(begun->ledger.remaining(), 7500);
  auto got = store_->Get("acme", begun->operation.operation_id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->amount_minor_units, 2500);
  EXPECT_EQ(got->status, v1::OPERATION_STATUS_PENDING);
  EXPECT_EQ(got->pending_detail, v1::PENDING_DETAIL_SUBMITTING);
  EXPECT_EQ(got->metadata.at("order"), "A-1");
  EXPECT_EQ(got->sale_reference, "\x0a\x02xy");
  EXPECT_EQ(got->create_time, now_);
  ASSERT_EQ(got->history.size(), 1u);
  auto by_key = store_->FindByIdempotencyKey("acme", "key-aaaaaaaaaaaaaaaa");
  ASSERT_TRUE(by_key.ok());
  ASSERT_TRUE(by_key->has_value());
  EXPECT_EQ((*by_key)->operation_id, begun->operation.operation_id);
}

TEST_P(StoreConformanceTest, AnotherTenantsOperationIsNotFoundLikeAMissingOne) {
  auto begun = store_->Begin(Request("key-aaaaaaaaaaaaaaaa", 2500));
  ASSERT_TRUE(begun.ok());
  auto theirs = store_->Get("globex", begun->operation.operation_id);
  auto missing = store_->Get("acme", "op_00000000000000000000000000");
  EXPECT_EQ(theirs.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReasonOf(theirs.status()), "OPERATION_NOT_FOUND");
  EXPECT_EQ(theirs.status(), missing.status());
  auto key = store_->FindByIdempotencyKey("globex", "key-aaaaaaaaaaaaaaaa");
  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(key->has_value());
}

TEST_P(StoreConformanceTest, IdempotencyReplayReusedAndInUse) {
  BeginRequest first = Request("key-aaaaaaaaaaaaaaaa", 2500);
  ASSERT_TRUE(store_->Begin(first).ok());

  BeginRequest same = first;
  same.operation.operation_id = core::NewOperationId(now_ + absl::Seconds(1));
  auto in_use = store_->Begin(same);
  EXPECT_EQ(in_use.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ErrorReasonOf(in_use.status()), "IDEMPOTENCY_KEY_IN_USE");

  BeginRequest different = same;
  different.operation.fingerprint = "something else";
  EXPECT_EQ(ErrorReasonOf(store_->Begin(different).status()), "IDEMPOTENCY_KEY_REUSED");

  same.now = now_ + absl::Seconds(61);  // the first owner's lease is over
  auto replay = store_->Begin(same);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->outcome, BeginOutcome::kReplay);
  EXPECT_EQ(replay->operation.operation_id, first.operation.operation_id);
  EXPECT_EQ(replay->ledger.reserved_minor_units, 2500);  // nothing reserved twice

  // The same key in another tenant is another request.
  BeginRequest other_tenant = Request("key-aaaaaaaaaaaaaaaa", 100, "sale-2", "globex");
  auto created = store_->Begin(other_tenant);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->outcome, BeginOutcome::kCreated);
}

TEST_P(StoreConformanceTest, TotalTakesWhatRemains) {
  ASSERT_TRUE(store_->Begin(Request("key-aaaaaaaaaaaaaaaa", 3000)).ok());
  BeginRequest total = Request("key-bbbbbbbbbbbbbbbb", 0, "sale-1", "acme", /*total=*/true);
  auto begun = store_->Begin(total);
  ASSERT_TRUE(begun.ok()) << begun.status();
  EXPECT_EQ(begun->operation.amount_minor_units, 7000);
  EXPECT_EQ(begun->ledger.remaining(), 0);
  BeginRequest another = Request("key-cccccccccccccccc", 0, "sale-1", "acme", true);
  EXPECT_EQ(ErrorReasonOf(store_->Begin(another).status()), "REFUND_EXCEEDS_BALANCE");
  // A total capped by the provider's view takes the smaller amount.
  BeginRequest capped = Request("key-dddddddddddddddd", 4000, "sale-2", "acme", true);
  auto small = store_->Begin(capped);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->operation.amount_minor_units, 4000);
}

TEST_P(StoreConformanceTest, CapsPartialsAtTheSaleAmount) {
  ASSERT_TRUE(store_->Begin(Request("key-aaaaaaaaaaaaaaaa", 9000)).ok());
  auto over = store_->Begin(Request("key-bbbbbbbbbbbbbbbb", 1001));
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(over.status()), "REFUND_EXCEEDS_BALANCE");
  EXPECT_EQ(GetErrorDetails(over.status()).metadata.at("remainingMinorUnits"), "1000");
  EXPECT_TRUE(store_->Begin(Request("key-cccccccccccccccc", 1000)).ok());
}

TEST_P(StoreConformanceTest, EnforcesSpacingWithARetryDelay) {
  BeginRequest first = Request("key-aaaaaaaaaaaaaaaa", 1000);
  first.limits.min_interval_between_cancels = absl::Seconds(5);
  ASSERT_TRUE(store_->Begin(first).ok());
  BeginRequest second = Request("key-bbbbbbbbbbbbbbbb", 1000);
  second.limits.min_interval_between_cancels = absl::Seconds(5);
  second.now = now_ + absl::Seconds(2);
  auto early = store_->Begin(second);
  EXPECT_EQ(ErrorReasonOf(early.status()), "TOO_EARLY");
  EXPECT_EQ(GetErrorDetails(early.status()).retry_after, absl::Seconds(3));
  EXPECT_EQ(GetErrorDetails(early.status()).metadata.at("rule"), "spacing");
  second.now = now_ + absl::Seconds(5);
  EXPECT_TRUE(store_->Begin(second).ok());
}

TEST_P(StoreConformanceTest, LimitsPartialCancellations) {
  BeginRequest first = Request("key-aaaaaaaaaaaaaaaa", 1000);
  first.limits.max_partial_cancels = 1;
  auto begun = store_->Begin(first);
  ASSERT_TRUE(begun.ok());
  BeginRequest second = Request("key-bbbbbbbbbbbbbbbb", 1000);
  second.limits.max_partial_cancels = 1;
  EXPECT_EQ(ErrorReasonOf(store_->Begin(second).status()), "PARTIAL_LIMIT_REACHED");
  // A failed partial gives its slot back.
  ASSERT_TRUE(store_->Transition(To(begun->operation, v1::OPERATION_STATUS_FAILED, now_)).ok());
  EXPECT_TRUE(store_->Begin(second).ok());
}

TEST_P(StoreConformanceTest, RejectionsLeaveNoTrace) {
  ASSERT_TRUE(store_->Begin(Request("key-aaaaaaaaaaaaaaaa", 10000)).ok());
  BeginRequest rejected = Request("key-bbbbbbbbbbbbbbbb", 1);
  EXPECT_FALSE(store_->Begin(rejected).ok());
  auto key = store_->FindByIdempotencyKey("acme", "key-bbbbbbbbbbbbbbbb");
  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(key->has_value());
  auto ledger = store_->GetSaleLedger("cielo-ecommerce/loja", "sale-1");
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->reserved_minor_units, 10000);
}

TEST_P(StoreConformanceTest, FinalTransitionsMoveMoneyExactlyOnce) {
  auto a = store_->Begin(Request("key-aaaaaaaaaaaaaaaa", 3000));
  auto b = store_->Begin(Request("key-bbbbbbbbbbbbbbbb", 2000));
  ASSERT_TRUE(a.ok() && b.ok());
  auto succeeded = store_->Transition(To(a->operation, v1::OPERATION_STATUS_SUCCEEDED, now_));
  ASSERT_TRUE(succeeded.ok()) << succeeded.status();
  EXPECT_EQ(succeeded->status, v1::OPERATION_STATUS_SUCCEEDED);
  ASSERT_TRUE(store_->Transition(To(b->operation, v1::OPERATION_STATUS_FAILED, now_)).ok());
  auto ledger = store_->GetSaleLedger("cielo-ecommerce/loja", "sale-1");
  EXPECT_EQ(ledger->succeeded_minor_units, 3000);
  EXPECT_EQ(ledger->reserved_minor_units, 0);
  // A late or duplicate answer changes nothing.
  auto again = store_->Transition(To(a->operation, v1::OPERATION_STATUS_FAILED, now_));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, v1::OPERATION_STATUS_SUCCEEDED);
  ASSERT_TRUE(store_->Transition(To(a->operation, v1::OPERATION_STATUS_SUCCEEDED, now_)).ok());
  ledger = store_->GetSaleLedger("cielo-ecommerce/loja", "sale-1");
  EXPECT_EQ(ledger->succeeded_minor_units, 3000);
  EXPECT_EQ(ledger->remaining(), 7000);
  TransitionRequest missing = To(a->operation, v1::OPERATION_STATUS_SUCCEEDED, now_);
  missing.operation_id = "op_0000000000000000000000MISS";
  EXPECT_EQ(ErrorReasonOf(store_->Transition(missing).status()), "OPERATION_NOT_FOUND");
}

TEST_P(StoreConformanceTest, ResubmitAllowsExactlyOneMoreAttempt) {
  auto begun = store_->Begin(Request("key-resubmitaaaaaaaa", 3000));
  ASSERT_TRUE(begun.ok()) << begun.status();
  EXPECT_EQ(begun->operation.attempt_count, 1);
  EXPECT_EQ(begun->operation.attempt_time, now_);
  ResubmitRequest again;
  again.operation_id = begun->operation.operation_id;
  again.expected_attempt_count = 1;
  again.cancelled_before_minor_units = 500;
  again.note = "never executed; once more";
  again.now = now_ + absl::Seconds(10);
  again.lease = absl::Seconds(60);
  // Its first attempt's owner still holds the lease: not yet.
  EXPECT_EQ(store_->Resubmit(again).status().code(), absl::StatusCode::kAborted);

  ASSERT_TRUE(store_->Transition(To(begun->operation, v1::OPERATION_STATUS_PENDING, now_,
                                    v1::PENDING_DETAIL_OUTCOME_UNKNOWN))
                  .ok());
  auto taken = store_->Resubmit(again);
  ASSERT_TRUE(taken.ok()) << taken.status();
  EXPECT_EQ(taken->attempt_count, 2);
  EXPECT_EQ(taken->attempt_time, again.now);
  EXPECT_EQ(taken->pending_detail, v1::PENDING_DETAIL_SUBMITTING);
  EXPECT_EQ(taken->lease_until, again.now + absl::Seconds(60));
  EXPECT_EQ(taken->provider_cancelled_before_minor_units, 500);
  auto stored = store_->Get("acme", again.operation_id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->attempt_count, 2);
  EXPECT_EQ(stored->history.back().note, "never executed; once more");
  // The amount stayed reserved throughout.
  EXPECT_EQ(store_->GetSaleLedger("cielo-ecommerce/loja", "sale-1")->reserved_minor_units, 3000);

  // A second caller that saw the same first attempt cannot take it again, even after the lease.
  again.now += absl::Minutes(5);
  EXPECT_EQ(store_->Resubmit(again).status().code(), absl::StatusCode::kAborted);
  // Once final, never again.
  ASSERT_TRUE(store_->Transition(To(*taken, v1::OPERATION_STATUS_SUCCEEDED, again.now)).ok());
  again.expected_attempt_count = 2;
  EXPECT_EQ(store_->Resubmit(again).status().code(), absl::StatusCode::kFailedPrecondition);
  ResubmitRequest missing = again;
  missing.operation_id = "op_0000000000000000000000MISS";
  EXPECT_EQ(ErrorReasonOf(store_->Resubmit(missing).status()), "OPERATION_NOT_FOUND");
}

TEST_P(StoreConformanceTest, ConcurrentResubmitsTakeTheAttemptOnce) {
  auto begun = store_->Begin(Request("key-resubmitbbbbbbbb", 3000));
  ASSERT_TRUE(begun.ok());
  ASSERT_TRUE(store_->Transition(To(begun->operation, v1::OPERATION_STATUS_PENDING, now_,
                                    v1::PENDING_DETAIL_OUTCOME_UNKNOWN))
                  .ok());
  std::atomic<int> won{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      ResubmitRequest again;
      again.operation_id = begun->operation.operation_id;
      again.expected_attempt_count = 1;
      again.note = "once more";
      again.now = now_ + absl::Minutes(20);
      if (store_->Resubmit(again).ok()) ++won;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(won, 1);
}

TEST_P(StoreConformanceTest, HistoryKeepsEveryChangeInOrder) {
  auto begun = store_->Begin(Request("key-aaaaaaaaaaaaaaaa", 3000));
  ASSERT_TRUE(begun.ok());
  ASSERT_TRUE(store_->Transition(To(begun->operation, v1::OPERATION_STATUS_PENDING,
                                    now_ + absl::Seconds(1), v1::PENDING_DETAIL_PROVIDER_SCHEDULED))
                  .ok());
  ASSERT_TRUE(store_->Transition(To(begun->operation, v1::OPERATION_STATUS_SUCCEEDED,
                                    now_ + absl::Seconds(2)))
                  .ok());
  auto got = store_->Get("acme", begun->operation.operation_id);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->history.size(), 3u);
  EXPECT_EQ(got->history[0].pending_detail, v1::PENDING_DETAIL_SUBMITTING);
  EXPECT_EQ(got->history[1].pending_detail, v1::PENDING_DETAIL_PROVIDER_SCHEDULED);
  EXPECT_EQ(got->history[2].status, v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(got->history[2].time, now_ + absl::Seconds(2));
}

TEST_P(StoreConformanceTest, ListsWhatNeedsAttention) {
  auto live = store_->Begin(Request("key-aaaaaaaaaaaaaaaa", 100, "s1"));
  auto unknown = store_->Begin(Request("key-bbbbbbbbbbbbbbbb", 100, "s2"));
  auto scheduled = store_->Begin(Request("key-cccccccccccccccc", 100, "s3"));
  auto done = store_->Begin(Request("key-dddddddddddddddd", 100, "s4"));
  ASSERT_TRUE(live.ok() && unknown.ok() && scheduled.ok() && done.ok());
  ASSERT_TRUE(store_->Transition(To(unknown->operation, v1::OPERATION_STATUS_PENDING, now_,
                                    v1::PENDING_DETAIL_OUTCOME_UNKNOWN)).ok());
  ASSERT_TRUE(store_->Transition(To(scheduled->operation, v1::OPERATION_STATUS_PENDING, now_,
                                    v1::PENDING_DETAIL_PROVIDER_SCHEDULED)).ok());
  ASSERT_TRUE(store_->Transition(To(done->operation, v1::OPERATION_STATUS_SUCCEEDED, now_)).ok());

  auto ids = [&](absl::Time at) {
    std::set<std::string> out;
    auto listed = store_->ListUnresolved(at, 100);
    EXPECT_TRUE(listed.ok()) << listed.status();
    for (const auto& op : *listed) out.insert(op.operation_id);
    return out;
  };
  EXPECT_EQ(ids(now_), (std::set<std::string>{unknown->operation.operation_id,
                                              scheduled->operation.operation_id}));
  // Once the submitter's lease has expired its operation needs attention too.
  EXPECT_EQ(ids(now_ + absl::Seconds(61)).count(live->operation.operation_id), 1u);
  ASSERT_TRUE(store_->RenewLease(live->operation.operation_id, now_ + absl::Seconds(120)).value());
  EXPECT_EQ(ids(now_ + absl::Seconds(61)).count(live->operation.operation_id), 0u);
}

TEST_P(StoreConformanceTest, FiftyConcurrentPartialsNeverExceedTheSale) {
  std::atomic<int> created{0}, exceeded{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    BeginRequest r = Request(absl::StrCat("key-concurrent-", i, "-xxxxxxx"), 300);
    threads.emplace_back([this, r, &created, &exceeded, &other] {
      auto begun = store_->Begin(r);
      if (begun.ok()) {
        ++created;
      } else if (ErrorReasonOf(begun.status()) == "REFUND_EXCEEDS_BALANCE") {
        ++exceeded;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 33);
  EXPECT_EQ(exceeded.load(), 17);
  EXPECT_EQ(other.load(), 0);
  auto ledger = store_->GetSaleLedger("cielo-ecommerce/loja", "sale-1");
  EXPECT_EQ(ledger->reserved_minor_units, 9900);
}

TEST_P(StoreConformanceTest, HundredConcurrentDuplicatesCreateOne) {
  const BeginRequest base = Request("key-the-same-for-all-100", 700);
  std::atomic<int> created{0}, tolerated{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i) {
    BeginRequest r = base;
    r.operation.operation_id = core::NewOperationId(now_ + absl::Milliseconds(1000 + i));
    threads.emplace_back([this, r, &created, &tolerated, &other] {
      auto begun = store_->Begin(r);
      if (begun.ok() && begun->outcome == BeginOutcome::kCreated) {
        ++created;
      } else if (begun.ok() || ErrorReasonOf(begun.status()) == "IDEMPOTENCY_KEY_IN_USE") {
        ++tolerated;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(tolerated.load(), 99);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(store_->GetSaleLedger("cielo-ecommerce/loja", "sale-1")->reserved_minor_units, 700);
}

TEST_P(StoreConformanceTest, ListsATenantsOperationsNewestFirstWithFiltersAndCursor) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    BeginRequest r = Request(absl::StrCat("key-list-", i, "-xxxxxxxxxxx"), 100,
                             i % 2 == 0 ? "even" : "odd");
    r.now = now_ + absl::Seconds(i);
    auto begun = store_->Begin(r);
    ASSERT_TRUE(begun.ok()) << begun.status();
    ids.push_back(begun->operation.operation_id);
  }
  ASSERT_TRUE(store_->Begin(Request("key-list-other-tenant-x", 100, "even", "globex")).ok());
  ASSERT_TRUE(store_->Transition(To(*store_->Get("acme", ids[4]), v1::OPERATION_STATUS_SUCCEEDED,
                                    now_)).ok());

  ListFilter all;
  all.tenant = "acme";
  auto page = store_->ListOperations(all, std::nullopt, 10);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->size(), 5u);  // not globex's
  for (int i = 0; i < 5; ++i) EXPECT_EQ((*page)[static_cast<size_t>(i)].operation_id, ids[4 - i]);

  auto first = store_->ListOperations(all, std::nullopt, 2);
  ASSERT_EQ(first->size(), 2u);
  const OperationRecord& last = first->back();
  auto next = store_->ListOperations(all, ListCursor{last.create_time, last.operation_id}, 2);
  ASSERT_EQ(next->size(), 2u);
  EXPECT_EQ((*next)[0].operation_id, ids[2]);

  ListFilter even = all;
  even.provider = "cielo_ecommerce";
  even.sale_key = "even";
  EXPECT_EQ(store_->ListOperations(even, std::nullopt, 10)->size(), 3u);
  ListFilter succeeded = all;
  succeeded.statuses = {v1::OPERATION_STATUS_SUCCEEDED};
  auto done = store_->ListOperations(succeeded, std::nullopt, 10);
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ((*done)[0].operation_id, ids[4]);
  ListFilter window = all;
  window.create_time_start = now_ + absl::Seconds(1);
  window.create_time_end = now_ + absl::Seconds(3);
  EXPECT_EQ(store_->ListOperations(window, std::nullopt, 10)->size(), 2u);
  ListFilter account = all;
  account.provider_account = "another-account";
  EXPECT_TRUE(store_->ListOperations(account, std::nullopt, 10)->empty());
}

TEST_P(StoreConformanceTest, ClaimsDueChecksOncePerClaim) {
  auto live = store_->Begin(Request("key-claim-live-xxxxxxx", 100, "s1"));
  auto unknown = store_->Begin(Request("key-claim-unknown-xxxx", 100, "s2"));
  auto done = store_->Begin(Request("key-claim-done-xxxxxxx", 100, "s3"));
  ASSERT_TRUE(live.ok() && unknown.ok() && done.ok());
  ASSERT_TRUE(store_->Transition(To(unknown->operation, v1::OPERATION_STATUS_PENDING, now_,
                                    v1::PENDING_DETAIL_OUTCOME_UNKNOWN)).ok());
  ASSERT_TRUE(store_->Transition(To(done->operation, v1::OPERATION_STATUS_SUCCEEDED, now_)).ok());

  auto first = store_->ClaimDueChecks(now_, absl::Minutes(2), 10);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 1u);  // not the live SUBMITTING one, not the final one
  EXPECT_EQ((*first)[0].operation_id, unknown->operation.operation_id);
  // Claimed until +2 min; the live submitter's lease runs until +60 s.
  EXPECT_TRUE(store_->ClaimDueChecks(now_ + absl::Seconds(30), absl::Minutes(2), 10)->empty());
  // A dead poller's claim expires, and so does a dead submitter's lease: both are due.
  EXPECT_EQ(store_->ClaimDueChecks(now_ + absl::Minutes(3), absl::Minutes(2), 10)->size(), 2u);

  ASSERT_TRUE(store_->ScheduleNextCheck(unknown->operation.operation_id, now_ + absl::Hours(1), 1,
                                        false).ok());
  auto early = store_->ClaimDueChecks(now_ + absl::Minutes(30), absl::Minutes(2), 10);
  ASSERT_TRUE(early.ok());
  for (const auto& op : *early) {
    EXPECT_NE(op.operation_id, unknown->operation.operation_id);  // not before its next check
  }
  auto due = store_->ClaimDueChecks(now_ + absl::Hours(2), absl::Minutes(2), 10);
  ASSERT_EQ(due->size(), 2u);  // the dead submitter's operation is due too by now
  ASSERT_TRUE(store_->ScheduleNextCheck(unknown->operation.operation_id, absl::InfiniteFuture(), 2,
                                        /*gave_up=*/true).ok());
  auto record = store_->Get("acme", unknown->operation.operation_id);
  EXPECT_TRUE(record->gave_up);
  EXPECT_EQ(record->check_count, 2);
  auto later = store_->ClaimDueChecks(now_ + absl::Hours(1000), absl::Minutes(2), 10);
  ASSERT_TRUE(later.ok());
  for (const auto& op : *later) EXPECT_NE(op.operation_id, unknown->operation.operation_id);
}

TEST_P(StoreConformanceTest, ConcurrentPollersNeverClaimTheSameOperation) {
  std::vector<std::string> ids;
  for (int i = 0; i < 30; ++i) {
    auto begun = store_->Begin(Request(absl::StrCat("key-pollers-", i, "-xxxxxxxx"), 100,
                                       absl::StrCat("sale-", i)));
    ASSERT_TRUE(begun.ok());
    ASSERT_TRUE(store_->Transition(To(begun->operation, v1::OPERATION_STATUS_PENDING, now_,
                                      v1::PENDING_DETAIL_PROVIDER_SCHEDULED)).ok());
  }
  std::vector<std::vector<std::string>> claimed(3);
  std::vector<std::thread> pollers;
  for (int p = 0; p < 3; ++p) {
    pollers.emplace_back([&, p] {
      for (int round = 0; round < 10; ++round) {
        auto got = store_->ClaimDueChecks(now_, absl::Minutes(5), 4);
        if (got.ok()) {
          for (const auto& op : *got) claimed[static_cast<size_t>(p)].push_back(op.operation_id);
        }
      }
    });
  }
  for (auto& t : pollers) t.join();
  std::set<std::string> all;
  size_t total = 0;
  for (const auto& ids_of_one : claimed) {
    total += ids_of_one.size();
    all.insert(ids_of_one.begin(), ids_of_one.end());
  }
  EXPECT_EQ(total, all.size());  // no operation claimed twice
  EXPECT_EQ(all.size(), 30u);
}

LetterRecord LetterOf(const std::string& operation_id, v1::LetterLanguage language,
                      const std::string& content) {
  LetterRecord letter;
  letter.operation_id = operation_id;
  letter.language = language;
  letter.source = v1::LETTER_SOURCE_CANCELA;
  letter.content_type = "application/pdf";
  letter.file_name = "letter.pdf";
  letter.content = content;
  letter.verification_hash = "ab12";
  letter.create_time = absl::FromUnixSeconds(1'795'000'100);
  return letter;
}

TEST_P(StoreConformanceTest, StoresALetterOncePerLanguageAndKeepsTheFirst) {
  auto begun = store_->Begin(Request("key-letter-000000001", 2500));
  ASSERT_TRUE(begun.ok()) << begun.status();
  const std::string id = begun->operation.operation_id;
  auto none = store_->FindLetter(id, v1::LETTER_LANGUAGE_PT_BR);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_FALSE(none->has_value());

  // Bytes that are not text (a PDF is binary) survive unchanged.
  const std::string first_bytes("%PDF-\x00\xff\x01" "first", 13);
  auto first = store_->SaveLetterIfAbsent(LetterOf(id, v1::LETTER_LANGUAGE_PT_BR, first_bytes));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->content, first_bytes);

  auto second = store_->SaveLetterIfAbsent(LetterOf(id, v1::LETTER_LANGUAGE_PT_BR, "second"));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->content, first_bytes);  // the first one stays

  auto english = store_->SaveLetterIfAbsent(LetterOf(id, v1::LETTER_LANGUAGE_EN_US, "english"));
  ASSERT_TRUE(english.ok()) << english.status();
  EXPECT_EQ(english->content, "english");  // another language is another letter

  auto found = store_->FindLetter(id, v1::LETTER_LANGUAGE_PT_BR);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->content, first_bytes);
  EXPECT_EQ((*found)->source, v1::LETTER_SOURCE_CANCELA);
  EXPECT_EQ((*found)->content_type, "application/pdf");
  EXPECT_EQ((*found)->file_name, "letter.pdf");
  EXPECT_EQ((*found)->verification_hash, "ab12");
  EXPECT_EQ((*found)->create_time, absl::FromUnixSeconds(1'795'000'100));
}

TEST_P(StoreConformanceTest, ConcurrentFirstLettersAllGetTheSameStoredOne) {
  auto begun = store_->Begin(Request("key-letter-000000002", 2500));
  ASSERT_TRUE(begun.ok()) << begun.status();
  const std::string id = begun->operation.operation_id;
  std::vector<std::string> got(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      auto saved = store_->SaveLetterIfAbsent(
          LetterOf(id, v1::LETTER_LANGUAGE_PT_BR, absl::StrCat("candidate-", i)));
      if (saved.ok()) got[i] = saved->content;
    });
  }
  for (auto& t : threads) t.join();
  for (const std::string& content : got) EXPECT_EQ(content, got[0]);
  EXPECT_TRUE(absl::StartsWith(got[0], "candidate-"));
  auto found = store_->FindLetter(id, v1::LETTER_LANGUAGE_PT_BR);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->content, got[0]);
}

TEST_P(StoreConformanceTest, OnlyASubmittingOperationsLeaseCanBeRenewed) {
  auto begun = store_->Begin(Request("key-renew-xxxxxxxxxxxx", 100));
  ASSERT_TRUE(begun.ok());
  EXPECT_TRUE(*store_->RenewLease(begun->operation.operation_id, now_ + absl::Seconds(90)));
  ASSERT_TRUE(store_->Transition(To(begun->operation, v1::OPERATION_STATUS_SUCCEEDED, now_)).ok());
  auto renewed = store_->RenewLease(begun->operation.operation_id, now_ + absl::Seconds(120));
  ASSERT_TRUE(renewed.ok()) << renewed.status();
  EXPECT_FALSE(*renewed);
  EXPECT_FALSE(*store_->RenewLease("op_0000000000000000000000MISS", now_ + absl::Seconds(120)));
  // A final operation's replay is never IN_USE, whatever its old lease said.
  BeginRequest replay = Request("key-renew-xxxxxxxxxxxx", 100);
  auto again = store_->Begin(replay);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->outcome, BeginOutcome::kReplay);
}

TEST_P(StoreConformanceTest, ANotificationMakesTheSalesPendingOperationsDueNow) {
  auto a = store_->Begin(Request("key-markdue-aaaaaaaaa", 1000, "sale-due"));
  auto b = store_->Begin(Request("key-markdue-bbbbbbbbb", 1000, "sale-due"));
  auto other = store_->Begin(Request("key-markdue-ccccccccc", 1000, "sale-other"));
  ASSERT_TRUE(a.ok() && b.ok() && other.ok());
  for (const auto* begun : {&*a, &*b, &*other}) {
    ASSERT_TRUE(store_->Transition(To(begun->operation, v1::OPERATION_STATUS_PENDING, now_,
                                      v1::PENDING_DETAIL_PROVIDER_SCHEDULED))
                    .ok());
    ASSERT_TRUE(store_->ScheduleNextCheck(begun->operation.operation_id, now_ + absl::Hours(1), 1,
                                          false)
                    .ok());
  }
  ASSERT_TRUE(store_->Transition(To(b->operation, v1::OPERATION_STATUS_SUCCEEDED, now_)).ok());
  EXPECT_TRUE(store_->ClaimDueChecks(now_ + absl::Minutes(1), absl::Minutes(1), 10)->empty());

  auto marked = store_->MarkSaleDue("cielo-ecommerce/loja", "sale-due", now_ + absl::Minutes(1));
  ASSERT_TRUE(marked.ok()) << marked.status();
  EXPECT_EQ(*marked, 1);  // the final one and the other sale's are left alone
  // A second later, as a poller would come (PostgreSQL measures its clock offset per transaction).
  auto due = store_->ClaimDueChecks(now_ + absl::Minutes(1) + absl::Seconds(1), absl::Minutes(1), 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].operation_id, a->operation.operation_id);
  EXPECT_EQ(*store_->MarkSaleDue("cielo-ecommerce/loja", "never-seen", now_), 0);
}

TEST_P(StoreConformanceTest, CountsThePendingBacklogByProviderAndAge) {
  ASSERT_TRUE(store_->Begin(Request("key-backlog-aaaaaaaaa", 1000, "sale-b1")).ok());
  BeginRequest older = Request("key-backlog-bbbbbbbbb", 1000, "sale-b2");
  older.now = now_ - absl::Hours(30);
  older.operation.provider = "payu";
  auto b = store_->Begin(older);
  ASSERT_TRUE(b.ok()) << b.status();
  auto done = store_->Begin(Request("key-backlog-ccccccccc", 1000, "sale-b3"));
  ASSERT_TRUE(done.ok());
  ASSERT_TRUE(store_->Transition(To(done->operation, v1::OPERATION_STATUS_SUCCEEDED, now_)).ok());

  auto stats = store_->CountPending(now_ + absl::Seconds(30));
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->size(), 2u);  // by provider, in name order; the succeeded one is not pending
  EXPECT_EQ((*stats)[0].provider, "cielo_ecommerce");
  EXPECT_EQ((*stats)[0].count_by_age[0], 1);  // under a minute
  EXPECT_EQ((*stats)[0].oldest_create_time, now_);
  EXPECT_EQ((*stats)[1].provider, "payu");
  EXPECT_EQ((*stats)[1].count_by_age[3], 1);  // between one and three days
  EXPECT_EQ((*stats)[1].oldest_create_time, now_ - absl::Hours(30));
}

TEST_P(StoreConformanceTest, PingsWhenHealthy) { EXPECT_TRUE(store_->Ping().ok()); }

}  // namespace
}  // namespace cancela::store::testing

namespace cancela::store::testing {
namespace {

TEST_P(StoreConformanceTest, TheAuditLogKeepsRefusalsBesideWhatWasRecorded) {
  auto begun = store_->Begin(Request("k1", 500));
  ASSERT_TRUE(begun.ok()) << begun.status();
  ASSERT_TRUE(store_->Transition(To(begun->operation, v1::OPERATION_STATUS_SUCCEEDED, now_)).ok());
  AuditRecord refused;
  refused.time = now_ + absl::Seconds(1);
  refused.tenant = "acme";
  refused.actor = "caller-1";
  refused.action = "refund.rejected";
  refused.amount_minor_units = 700;
  refused.result = "RESOURCE_EXHAUSTED:RATE_LIMITED";
  ASSERT_TRUE(store_->AppendAudit(refused).ok());
  refused.tenant = "globex";
  ASSERT_TRUE(store_->AppendAudit(refused).ok());

  auto rows = store_->ListAudit("acme", 100);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);  // accepted, outcome, refused; globex's row is not acme's
  EXPECT_EQ((*rows)[0].action, "refund.accepted");
  EXPECT_EQ((*rows)[0].actor, "caller-1");
  EXPECT_EQ((*rows)[0].operation_id, begun->operation.operation_id);
  EXPECT_EQ((*rows)[1].result, "SUCCEEDED");
  EXPECT_EQ((*rows)[2].action, "refund.rejected");
  EXPECT_EQ((*rows)[2].operation_id, "");
  EXPECT_EQ((*rows)[2].amount_minor_units, 700);
  EXPECT_EQ((*rows)[2].result, "RESOURCE_EXHAUSTED:RATE_LIMITED");
  EXPECT_EQ((*rows)[2].time, now_ + absl::Seconds(1));
  auto limited = store_->ListAudit("acme", 1);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 1u);
}

TEST_P(StoreConformanceTest, TheAnswerIsAuditedInTheTransactionThatRecordsTheOutcome) {
  auto begun = store_->Begin(Request("k1", 500));
  ASSERT_TRUE(begun.ok()) << begun.status();
  TransitionRequest pending = To(begun->operation, v1::OPERATION_STATUS_PENDING, now_,
                                 v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  pending.answer = AuditRecord{};
  pending.answer->tenant = "acme";
  pending.answer->actor = "caller-1";
  pending.answer->action = "refund.answered";
  ASSERT_TRUE(store_->Transition(pending).ok());

  TransitionRequest done = To(begun->operation, v1::OPERATION_STATUS_SUCCEEDED,
                              now_ + absl::Seconds(2));
  done.answer = pending.answer;
  ASSERT_TRUE(store_->Transition(done).ok());
  // Already final: nothing changes but the answer, which gives the stored outcome.
  TransitionRequest late = To(begun->operation, v1::OPERATION_STATUS_FAILED,
                              now_ + absl::Seconds(3));
  late.answer = pending.answer;
  late.answer->action = "refund.replayed";
  auto stored = store_->Transition(late);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->status, v1::OPERATION_STATUS_SUCCEEDED);
  // An operation that does not exist answers nothing.
  TransitionRequest missing = done;
  missing.operation_id = "op_00000000000000000000000000";
  EXPECT_EQ(store_->Transition(missing).status().code(), absl::StatusCode::kNotFound);

  auto rows = store_->ListAudit("acme", 100);
  ASSERT_TRUE(rows.ok()) << rows.status();
  std::vector<std::string> seen;
  for (const AuditRecord& row : *rows) {
    seen.push_back(absl::StrCat(row.action, " ", row.actor, " ", row.result));
    EXPECT_EQ(row.operation_id, begun->operation.operation_id);
    EXPECT_EQ(row.amount_minor_units, 500);
  }
  const std::vector<std::string> expected = {
      "refund.accepted caller-1 PENDING",
      "outcome cancela PENDING:PENDING_DETAIL_OUTCOME_UNKNOWN",
      "refund.answered caller-1 OPERATION_STATUS_PENDING:PENDING_DETAIL_OUTCOME_UNKNOWN",
      "outcome cancela SUCCEEDED",
      "refund.answered caller-1 OPERATION_STATUS_SUCCEEDED",
      "refund.replayed caller-1 OPERATION_STATUS_SUCCEEDED"};
  EXPECT_EQ(seen, expected);
  ASSERT_EQ(rows->size(), 6u);
  EXPECT_EQ((*rows)[4].time, now_ + absl::Seconds(2));
  EXPECT_EQ((*rows)[5].time, now_ + absl::Seconds(3));
  auto ledger = store_->GetSaleLedger("cielo-ecommerce/loja", "sale-1");
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->succeeded_minor_units, 500);
  EXPECT_EQ(ledger->reserved_minor_units, 0);
}

TEST_P(StoreConformanceTest, HistoryContinuesAcrossTransitionsAndAResubmit) {
  auto begun = store_->Begin(Request("k1", 500));
  ASSERT_TRUE(begun.ok()) << begun.status();
  ASSERT_TRUE(store_->Transition(To(begun->operation, v1::OPERATION_STATUS_PENDING, now_,
                                    v1::PENDING_DETAIL_OUTCOME_UNKNOWN))
                  .ok());
  ResubmitRequest again;
  again.operation_id = begun->operation.operation_id;
  again.expected_attempt_count = 1;
  again.note = "once more";
  again.now = now_ + absl::Seconds(120);
  ASSERT_TRUE(store_->Resubmit(again).ok());
  auto done = store_->Transition(
      To(begun->operation, v1::OPERATION_STATUS_SUCCEEDED, now_ + absl::Seconds(121)));
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_EQ(done->history.size(), 4u);
  auto got = store_->Get("acme", begun->operation.operation_id);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->history.size(), 4u);
  EXPECT_EQ(got->history[0].pending_detail, v1::PENDING_DETAIL_SUBMITTING);
  EXPECT_EQ(got->history[1].pending_detail, v1::PENDING_DETAIL_OUTCOME_UNKNOWN);
  EXPECT_EQ(got->history[2].note, "once more");
  EXPECT_EQ(got->history[3].status, v1::OPERATION_STATUS_SUCCEEDED);
}

TEST_P(StoreConformanceTest, MetadataAndEchoSurviveTheRoundTripWhateverTheirText) {
  BeginRequest plain = Request("k1", 100, "sale-1");
  plain.operation.metadata = {};
  BeginRequest odd = Request("k2", 100, "sale-2");
  odd.operation.metadata = {{"quote\"back\\slash", "line\nbreak\ttab"},
                            {"acentuação", "não"},
                            {"control", std::string("a\x01b", 3)}};
  for (const BeginRequest& request : {plain, odd}) {
    auto begun = store_->Begin(request);
    ASSERT_TRUE(begun.ok()) << begun.status();
    TransitionRequest done = To(begun->operation, v1::OPERATION_STATUS_SUCCEEDED, now_);
    providers::ProviderEcho echo;
    echo.status = "2";
    echo.code = request.operation.metadata.empty() ? "" : "c\"ode";
    echo.message = request.operation.metadata.empty() ? "Operation Successful" : "Operação\r\n";
    echo.reference = "ref-1";
    done.echo = echo;
    ASSERT_TRUE(store_->Transition(done).ok());
    auto got = store_->Get("acme", begun->operation.operation_id);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->metadata, request.operation.metadata);
    EXPECT_EQ(got->echo.status, echo.status);
    EXPECT_EQ(got->echo.code, echo.code);
    EXPECT_EQ(got->echo.message, echo.message);
    EXPECT_EQ(got->echo.reason_code, "");
    EXPECT_EQ(got->echo.reference, "ref-1");
  }
}

}  // namespace
}  // namespace cancela::store::testing
