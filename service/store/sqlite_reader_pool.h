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
#include "service/store/sqlite_statement_cache.h"

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
    Reader* reader = Acquire();
    sqlite3* db = reader->db;
    ScopedStatementCache bind(&reader->cache);
    std::optional<decltype(body(nullptr))> result;
    if (absl::Status begun = ExecCached(db, "BEGIN"); !begun.ok()) {
      result.emplace(begun);
    } else {
      result.emplace(body(db));
      (void)ExecCached(db, "COMMIT");  // nothing to keep: this only ends the snapshot
    }
    Release(reader);
    return *std::move(result);
  }

 private:
  struct Reader {
    explicit Reader(sqlite3* connection) : db(connection), cache(connection) {}
    sqlite3* db;
    StatementCache cache;
  };

  SqliteReaderPool() = default;
  Reader* Acquire();
  void Release(Reader* reader);

  absl::Mutex mu_;
  std::vector<Reader*> idle_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<Reader>> all_;
};

}  // namespace cancela::store
