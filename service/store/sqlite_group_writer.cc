#include "service/store/sqlite_group_writer.h"

#include <sqlite3.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/errors.h"
#include "service/store/sqlite_statement.h"
#include "service/store/sqlite_statement_cache.h"

namespace cancela::store {

struct SqliteGroupWriter::Job {
  const Write* write = nullptr;
  absl::Status result;
  absl::Notification done;
};

SqliteGroupWriter::SqliteGroupWriter(sqlite3* db, int max_batch, CommitVeto veto)
    : db_(db), max_batch_(std::max(1, max_batch)), veto_(std::move(veto)) {
  if (veto_) sqlite3_commit_hook(db_, &SqliteGroupWriter::OnCommit, this);
  thread_ = std::thread([this] { Loop(); });
}

SqliteGroupWriter::~SqliteGroupWriter() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
  sqlite3_close(db_);
}

absl::Status SqliteGroupWriter::Run(const Write& write) {
  Job job;
  job.write = &write;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) {
      return MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                       "store: shutting down");
    }
    queue_.push_back(&job);
  }
  job.done.WaitForNotification();
  return job.result;
}

SqliteBatchStats SqliteGroupWriter::Stats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

int SqliteGroupWriter::Queued() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(queue_.size());
}

int SqliteGroupWriter::Applying() const {
  absl::MutexLock lock(&mu_);
  return applying_;
}

int SqliteGroupWriter::OnCommit(void* self) {
  auto* writer = static_cast<SqliteGroupWriter*>(self);
  return writer->veto_(writer->committing_size_) ? 1 : 0;
}

void SqliteGroupWriter::Loop() {
  StatementCache cache(db_);  // gone before the destructor closes the connection
  ScopedStatementCache bind(&cache);
  for (;;) {
    std::vector<Job*> batch;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](SqliteGroupWriter* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mu_) {
            return w->stopping_ || !w->queue_.empty();
          },
          this));
      if (queue_.empty()) return;  // stopping, and nothing left to apply
      while (!queue_.empty() && static_cast<int>(batch.size()) < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      applying_ = static_cast<int>(batch.size());
    }
    Apply(batch);
  }
}

absl::Status SqliteGroupWriter::ApplyWrites(const std::vector<Job*>& batch, bool savepoints,
                                            bool* needs_isolation) {
  for (Job* job : batch) {
    if (savepoints) {
      if (absl::Status s = ExecCached(db_, "SAVEPOINT write"); !s.ok()) return s;
    }
    const int64_t changes_before = sqlite3_total_changes64(db_);
    job->result = (*job->write)(db_);
    // Some errors (I/O, full disk) make SQLite abandon the whole transaction, earlier writes
    // included: then no write of this batch can be acknowledged.
    if (sqlite3_get_autocommit(db_) != 0) {
      return job->result.ok() ? absl::InternalError("transaction ended early") : job->result;
    }
    if (savepoints) {
      if (!job->result.ok()) {
        if (absl::Status s = ExecCached(db_, "ROLLBACK TO write"); !s.ok()) return s;
      }
      if (absl::Status s = ExecCached(db_, "RELEASE write"); !s.ok()) return s;
    } else if (!job->result.ok() && sqlite3_total_changes64(db_) != changes_before) {
      // A failed statement undoes itself, so rows changed means an earlier statement of this
      // write ran: only a savepoint can take it back.
      *needs_isolation = true;
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

void SqliteGroupWriter::Apply(const std::vector<Job*>& batch) {
  bool needs_isolation = false;
  absl::Status broken = ExecCached(db_, "BEGIN IMMEDIATE");
  if (broken.ok()) broken = ApplyWrites(batch, /*savepoints=*/false, &needs_isolation);
  if (broken.ok() && needs_isolation) {
    broken = ExecCached(db_, "ROLLBACK");
    if (broken.ok()) broken = ExecCached(db_, "BEGIN IMMEDIATE");
    if (broken.ok()) broken = ApplyWrites(batch, /*savepoints=*/true, &needs_isolation);
  }
  if (broken.ok()) {
    committing_size_ = static_cast<int>(batch.size());
    broken = ExecCached(db_, "COMMIT");
  }
  if (!broken.ok() && sqlite3_get_autocommit(db_) == 0) (void)Exec(db_, "ROLLBACK");
  if (!broken.ok()) {
    // Nothing of this batch is stored, and a rejection may have been decided on writes that are
    // now gone: every caller gets the failure and may retry.
    const absl::Status failure =
        MakeError(absl::StatusCode::kUnavailable, v1::SERVICE_UNAVAILABLE,
                  absl::StrCat("store: the write was not committed: ", broken.message()));
    for (Job* job : batch) job->result = failure;
  }
  {
    absl::MutexLock lock(&mu_);
    ++stats_.batches;
    stats_.writes += static_cast<int64_t>(batch.size());
    stats_.largest_batch = std::max(stats_.largest_batch, static_cast<int64_t>(batch.size()));
    if (!broken.ok()) ++stats_.failed_batches;
    if (needs_isolation) ++stats_.isolated_batches;
    applying_ = 0;
  }
  for (Job* job : batch) job->done.Notify();
}

}  // namespace cancela::store
