#include "service/store/sqlite_reader_pool.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"

namespace cancela::store {

absl::StatusOr<std::unique_ptr<SqliteReaderPool>> SqliteReaderPool::Open(const std::string& path,
                                                                          int size) {
  std::unique_ptr<SqliteReaderPool> pool(new SqliteReaderPool());
  for (int i = 0; i < std::max(1, size); ++i) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
      absl::Status error = SqliteError(db, rc, absl::StrCat("open ", path, " for reading"));
      sqlite3_close(db);
      return error;
    }
    pool->all_.push_back(db);
    // A reader only waits during WAL recovery or a checkpoint reset; wait rather than fail.
    sqlite3_busy_timeout(db, 5000);
    // Reads must never write, even by mistake.
    if (auto s = Exec(db, "PRAGMA query_only=ON"); !s.ok()) return s;
  }
  absl::MutexLock lock(&pool->mu_);
  pool->idle_ = pool->all_;
  return pool;
}

SqliteReaderPool::~SqliteReaderPool() {
  for (sqlite3* db : all_) sqlite3_close(db);
}

sqlite3* SqliteReaderPool::Acquire() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](std::vector<sqlite3*>* idle) { return !idle->empty(); }, &idle_));
  sqlite3* db = idle_.back();
  idle_.pop_back();
  return db;
}

void SqliteReaderPool::Release(sqlite3* db) {
  absl::MutexLock lock(&mu_);
  idle_.push_back(db);
}

}  // namespace cancela::store
