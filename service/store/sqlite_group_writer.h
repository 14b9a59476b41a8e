#pragma once
// Group commit for the SQLite store: callers queue their writes, one writer thread owns the
// write connection and applies whatever is queued (up to max_batch) inside one
// BEGIN IMMEDIATE … COMMIT, so one fsync covers the whole batch. A write that fails is undone
// alone and the others go on: most failures are refusals decided by reading (the cap, a reused
// key) that changed nothing, so writes run without savepoints; when a write fails after changing
// rows, the batch is rolled back and applied again with each write in its own SAVEPOINT. A caller
// is answered only after the COMMIT of its batch: with its write's own result if the batch
// committed, or with UNAVAILABLE if the batch did not (then none of the batch's writes happened).

#include <cstdint>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

struct sqlite3;

namespace cancela::store {

struct SqliteBatchStats {
  int64_t batches = 0;         // transactions the writer committed or tried to
  int64_t writes = 0;          // writes those transactions carried
  int64_t largest_batch = 0;   // the most writes one transaction carried
  int64_t failed_batches = 0;  // batches that did not commit (every write in them failed)
  int64_t isolated_batches = 0;  // batches applied again write by write (a write failed midway)
};

class SqliteGroupWriter {
 public:
  // The write body: runs on the writer connection inside the batch's transaction. A non-OK
  // result rolls back what the body did, and only that.
  using Write = std::function<absl::Status(sqlite3*)>;
  // Test hook: consulted at each COMMIT with the batch's size; true makes SQLite refuse that
  // COMMIT (through its commit hook, so the real rollback path runs).
  using CommitVeto = std::function<bool(int batch_size)>;

  // Takes ownership of `db` (already migrated) and starts the writer thread.
  SqliteGroupWriter(sqlite3* db, int max_batch, CommitVeto veto = nullptr);
  // Applies what is still queued, then stops the thread and closes the connection.
  ~SqliteGroupWriter();
  SqliteGroupWriter(const SqliteGroupWriter&) = delete;
  SqliteGroupWriter& operator=(const SqliteGroupWriter&) = delete;

  // Queues `write` and blocks until the batch that holds it committed or failed.
  absl::Status Run(const Write& write);

  SqliteBatchStats Stats() const;
  // Writes waiting for the writer, and writes in the batch being applied now.
  int Queued() const;
  int Applying() const;

 private:
  struct Job;
  void Loop();
  void Apply(const std::vector<Job*>& batch);
  // Runs the batch's writes inside the open transaction. Without savepoints it stops early,
  // setting *needs_isolation, at a write that failed after changing rows. The error is one that
  // broke the transaction.
  absl::Status ApplyWrites(const std::vector<Job*>& batch, bool savepoints,
                           bool* needs_isolation);
  static int OnCommit(void* self);

  sqlite3* const db_;
  const int max_batch_;
  const CommitVeto veto_;
  int committing_size_ = 0;  // writer thread only: the batch size the commit hook reports

  mutable absl::Mutex mu_;
  std::deque<Job*> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int applying_ ABSL_GUARDED_BY(mu_) = 0;
  SqliteBatchStats stats_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace cancela::store
