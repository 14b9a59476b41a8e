// Group commit in the SQLite store, on real files: concurrent writes share one transaction, a
// write rejected inside a batch is undone alone (a refusal that changed nothing without a
// savepoint, a write that failed midway by applying the batch again write by write), a batch whose COMMIT fails acknowledges none of
// its writes, and the per-sale cap holds under many threads.
//
// To make a batch form deterministically, the test holds the database's write lock from a second
// connection (WriterPlug): the writer takes the first queued write and waits for the lock, the
// next writes queue up behind it, and releasing the plug lets them through as one batch.

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "service/store/sqlite_store.h"

namespace cancela::store {
namespace {

std::string TempPath(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   absl::StrCat("cancela-group-commit-", getpid(), "-",
                                absl::ToUnixNanos(absl::Now()));
  std::filesystem::create_directories(dir);
  return (dir / (name + ".db")).string();
}

// Holds the write lock of the file from its own connection until released.
class WriterPlug {
 public:
  explicit WriterPlug(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  void Release() {
    if (db_ == nullptr) return;
    EXPECT_EQ(sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db_);
    db_ = nullptr;
  }
  ~WriterPlug() { Release(); }

 private:
  sqlite3* db_ = nullptr;
};

// Waits (bounded) until `done` holds; the writer's busy wait for the plug lasts 5 s.
template <typename Pred>
bool WaitFor(Pred done) {
  const absl::Time deadline = absl::Now() + absl::Seconds(3);
  while (!done()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

BeginRequest Refund(const std::string& key, const std::string& sale, int64_t amount,
                    int64_t sale_amount = 1000) {
  static std::atomic<int> next_id{0};
  BeginRequest r;
  r.operation.operation_id = absl::StrCat("op_group_commit_", next_id++);
  r.operation.tenant = "acme";
  r.operation.idempotency_key = key;
  r.operation.fingerprint = absl::StrCat("fp-", key);
  r.operation.kind = v1::OPERATION_KIND_REFUND;
  r.operation.provider_account = "cielo-ecommerce/loja";
  r.operation.provider = "cielo_ecommerce";
  r.operation.sale_key = sale;
  r.operation.amount_minor_units = amount;
  r.operation.currency = "BRL";
  r.operation.sale_amount_minor_units = sale_amount;
  r.now = absl::FromUnixSeconds(1'795'000'000);
  return r;
}

// Runs `requests` as Begins, all queued behind one plugged write so they form one batch after
// it; returns their results in order.
std::vector<absl::StatusOr<BeginResult>> BeginInOneBatch(SqliteStore& store,
                                                         const std::string& path,
                                                         const std::vector<BeginRequest>& requests) {
  WriterPlug plug(path);
  std::vector<std::thread> threads;
  std::atomic<bool> first_done{false};
  threads.emplace_back([&] {
    EXPECT_TRUE(store.Begin(Refund(absl::StrCat("plugged-", path), "sale-plugged", 1)).ok());
    first_done = true;
  });
  // Taken by the writer, which now waits for the lock.
  EXPECT_TRUE(WaitFor([&] { return store.ApplyingWrites() == 1 && store.QueuedWrites() == 0; }));
  std::vector<std::optional<absl::StatusOr<BeginResult>>> results(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = store.Begin(requests[i]); });
  }
  EXPECT_TRUE(WaitFor([&] { return store.QueuedWrites() == static_cast<int>(requests.size()); }));
  EXPECT_FALSE(first_done.load());
  plug.Release();
  for (auto& t : threads) t.join();
  std::vector<absl::StatusOr<BeginResult>> out;
  for (auto& r : results) out.push_back(*std::move(r));
  return out;
}

TEST(SqliteGroupCommitTest, ConcurrentWritesShareOneTransaction) {
  const std::string path = TempPath("batched");
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  std::vector<BeginRequest> requests;
  for (int i = 0; i < 8; ++i) requests.push_back(Refund(absl::StrCat("k-", i), absl::StrCat("s-", i), 100));
  const SqliteBatchStats before = (*store)->BatchStats();
  for (const auto& result : BeginInOneBatch(**store, path, requests)) {
    EXPECT_TRUE(result.ok()) << result.status();
  }
  const SqliteBatchStats after = (*store)->BatchStats();
  EXPECT_EQ(after.batches - before.batches, 2);  // the plugged write, then the eight together
  EXPECT_EQ(after.writes - before.writes, 9);
  EXPECT_EQ(after.largest_batch, 8);
  // Each write is durable and visible to the read connections.
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ((*store)->GetSaleLedger("cielo-ecommerce/loja", absl::StrCat("s-", i))->reserved_minor_units,
              100);
  }
}

TEST(SqliteGroupCommitTest, BatchesNeverExceedMaxBatch) {
  SqliteOptions options;
  options.path = TempPath("max-batch");
  options.max_batch = 3;
  auto store = SqliteStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  std::vector<BeginRequest> requests;
  for (int i = 0; i < 7; ++i) requests.push_back(Refund(absl::StrCat("k-", i), absl::StrCat("s-", i), 100));
  for (const auto& result : BeginInOneBatch(**store, options.path, requests)) {
    EXPECT_TRUE(result.ok()) << result.status();
  }
  const SqliteBatchStats stats = (*store)->BatchStats();
  EXPECT_EQ(stats.largest_batch, 3);
  EXPECT_EQ(stats.batches, 1 + 3);  // plugged write, then 3 + 3 + 1
}

TEST(SqliteGroupCommitTest, ARejectedWriteIsUndoneAloneAndTheRestOfItsBatchCommits) {
  const std::string path = TempPath("rejected");
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  const BeginRequest seed = Refund("k-seed", "s-seed", 100);
  ASSERT_TRUE((*store)->Begin(seed).ok());

  BeginRequest reused = Refund("k-seed", "s-seed", 100);  // same key, another request
  reused.operation.fingerprint = "fp-something-else";
  // Fails on its operation insert after its ledger change already ran: the savepoint must undo
  // that change too.
  BeginRequest duplicate_id = Refund("k-dup", "s-3", 50);
  duplicate_id.operation.operation_id = seed.operation.operation_id;
  const std::vector<BeginRequest> requests = {
      Refund("k-a", "s-2", 700), Refund("k-b", "s-2", 700), reused, duplicate_id,
      Refund("k-e", "s-3", 60)};
  const auto results = BeginInOneBatch(**store, path, requests);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ((*store)->BatchStats().largest_batch, 5);
  // Refusals decided by reading need no undoing; the duplicate id made the batch run again with
  // a savepoint per write.
  EXPECT_EQ((*store)->BatchStats().isolated_batches, 1);

  // Of the two 700s on a 1000 sale, exactly one fits.
  EXPECT_NE(results[0].ok(), results[1].ok());
  const auto& loser = results[0].ok() ? results[1] : results[0];
  EXPECT_EQ(ErrorReasonOf(loser.status()), "REFUND_EXCEEDS_BALANCE");
  EXPECT_EQ(ErrorReasonOf(results[2].status()), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_FALSE(results[3].ok());
  EXPECT_TRUE(results[4].ok()) << results[4].status();

  EXPECT_EQ((*store)->GetSaleLedger("cielo-ecommerce/loja", "s-2")->reserved_minor_units, 700);
  EXPECT_EQ((*store)->GetSaleLedger("cielo-ecommerce/loja", "s-3")->reserved_minor_units, 60);
  EXPECT_EQ((*store)->GetSaleLedger("cielo-ecommerce/loja", "s-seed")->reserved_minor_units, 100);
  EXPECT_FALSE((*store)->FindByIdempotencyKey("acme", "k-dup")->has_value());
  EXPECT_FALSE((*store)
                   ->FindByIdempotencyKey("acme", results[0].ok() ? "k-b" : "k-a")
                   ->has_value());
  auto seeded = (*store)->FindByIdempotencyKey("acme", "k-seed");
  ASSERT_TRUE(seeded.ok() && seeded->has_value());
  EXPECT_EQ((*seeded)->fingerprint, seed.operation.fingerprint);
}

TEST(SqliteGroupCommitTest, AFailedCommitAcknowledgesNoWriteOfItsBatch) {
  SqliteOptions options;
  options.path = TempPath("failed-commit");
  std::atomic<bool> refuse{true};
  // SQLite's commit hook turns the batch's COMMIT into a rollback, as a failed fsync would.
  options.commit_veto = [&](int batch_size) { return refuse.load() && batch_size == 4; };
  auto store = SqliteStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  const std::vector<BeginRequest> requests = {
      Refund("k-1", "s-1", 100), Refund("k-2", "s-1", 200), Refund("k-3", "s-2", 300),
      Refund("k-4", "s-2", 5000)};  // this one is rejected on its own as well
  for (const auto& result : BeginInOneBatch(**store, options.path, requests)) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable) << result.status();
  }
  EXPECT_EQ((*store)->BatchStats().failed_batches, 1);
  EXPECT_EQ((*store)->BatchStats().isolated_batches, 0);  // k-4's refusal changed nothing
  for (const char* key : {"k-1", "k-2", "k-3", "k-4"}) {
    EXPECT_FALSE((*store)->FindByIdempotencyKey("acme", key)->has_value()) << key;
  }
  EXPECT_EQ((*store)->GetSaleLedger("cielo-ecommerce/loja", "s-1")->reserved_minor_units, 0);
  EXPECT_EQ((*store)->GetSaleLedger("cielo-ecommerce/loja", "s-2")->reserved_minor_units, 0);

  // The store goes on, and a retry is a first attempt, not a replay.
  refuse = false;
  auto retried = (*store)->Begin(requests[0]);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->outcome, BeginOutcome::kCreated);
}

TEST(SqliteGroupCommitTest, TheCapHoldsUnderManyThreads) {
  auto store = SqliteStore::Open(TempPath("cap"));
  ASSERT_TRUE(store.ok()) << store.status();
  constexpr int kThreads = 64, kTries = 5;
  std::atomic<int> created{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTries; ++i) {
        auto begun = (*store)->Begin(Refund(absl::StrCat("cap-", t, "-", i), "one-sale", 70, 10000));
        if (!begun.ok()) {
          EXPECT_EQ(ErrorReasonOf(begun.status()), "REFUND_EXCEEDS_BALANCE") << begun.status();
          continue;
        }
        ++created;
        if (i % 2 == 0) {  // some settle while others are still being accepted
          TransitionRequest to;
          to.operation_id = begun->operation.operation_id;
          to.status = v1::OPERATION_STATUS_SUCCEEDED;
          to.now = begun->operation.create_time;
          EXPECT_TRUE((*store)->Transition(to).ok());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 10000 / 70);
  auto ledger = (*store)->GetSaleLedger("cielo-ecommerce/loja", "one-sale");
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->reserved_minor_units + ledger->succeeded_minor_units, 70 * (10000 / 70));
  EXPECT_GT((*store)->BatchStats().largest_batch, 1);
}

}  // namespace
}  // namespace cancela::store
