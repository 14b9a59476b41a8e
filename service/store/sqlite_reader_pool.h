#pragma once
// Read connections of the SQLite store. In WAL mode readers do not wait for the writer, so reads
// run beside the group-commit writer on their own connections, each in a (deferred, read-only)
// transaction so a read of several statements sees one snapshot. A committed write is visible to
// every read that starts after it.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "service/store/sqlite_statement.h"

struct sqlite3;

namespace cancela::store {

class SqliteReaderPool {
 public:
  // Opens `size` connections to the (existing, migrated) database at `path`.
  static absl::StatusOr<std::unique_ptr<SqliteReaderPool>> Open(const std::string& path, int size);
  ~SqliteReaderPool();
  SqliteReaderPool(const SqliteReaderPool&) = delete;
  SqliteReaderPool& operator=(const SqliteReaderPool&) = delete;

  // Runs `body(sqlite3*)` on a free connection inside one read transaction; waits while all
  // connections are busy. `body` returns absl::Status or absl::StatusOr<T>.
  template <typename Body>
  auto Read(Body body) -> decltype(body(nullptr)) {
    sqlite3* db = Acquire();
    std::optional<decltype(body(nullptr))> result;
    if (absl::Status begun = Exec(db, "BEGIN"); !begun.ok()) {
      result.emplace(begun);
    } else {
      result.emplace(body(db));
      (void)Exec(db, "COMMIT");  // nothing to keep: this only ends the snapshot
    }
    Release(db);
    return *std::move(result);
  }

 private:
  SqliteReaderPool() = default;
  sqlite3* Acquire();
  void Release(sqlite3* db);

  absl::Mutex mu_;
  std::vector<sqlite3*> idle_ ABSL_GUARDED_BY(mu_);
  std::vector<sqlite3*> all_;
};

}  // namespace cancela::store
