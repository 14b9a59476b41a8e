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
    pool->all_.push_back(std::make_unique<Reader>(db));
    // A reader only waits during WAL recovery or a checkpoint reset; wait rather than fail.
    sqlite3_busy_timeout(db, 5000);
    // Reads must never write, even by mistake.
    if (auto s = Exec(db, "PRAGMA query_only=ON"); !s.ok()) return s;
  }
  absl::MutexLock lock(&pool->mu_);
  for (const auto& reader : pool->all_) pool->idle_.push_back(reader.get());
  return pool;
}

SqliteReaderPool::~SqliteReaderPool() {
  for (auto& reader : all_) {
    sqlite3* db = reader->db;
    reader.reset();  // finalizes its statements first, so the close succeeds
    sqlite3_close(db);
  }
}

SqliteReaderPool::Reader* SqliteReaderPool::Acquire() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](std::vector<Reader*>* idle) { return !idle->empty(); }, &idle_));
  Reader* reader = idle_.back();
  idle_.pop_back();
  return reader;
}

void SqliteReaderPool::Release(Reader* reader) {
  absl::MutexLock lock(&mu_);
  idle_.push_back(reader);
}

}  // namespace cancela::store
