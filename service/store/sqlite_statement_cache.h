#pragma once
// Prepared statements kept per connection, so a statement is parsed once instead of on every
// call (parsing was most of the writer's CPU time). A connection is used by one thread at a time;
// while a thread works on it, it binds the connection's cache with ScopedStatementCache, and
// Statement::Prepare on that connection reuses a cached statement. Everything else (tests, other
// connections) prepares afresh as before.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

struct sqlite3;
struct sqlite3_stmt;

namespace cancela::store {

class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  // Finalizes the idle statements; must run before the connection closes, with none in use.
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  sqlite3* db() const { return db_; }
  // An idle statement for `sql`, or nullptr (then the caller prepares one and may Return it).
  sqlite3_stmt* Take(const char* sql);
  // Takes back a statement after use: reset, unbound, kept for the next Take (or finalized when
  // the cache is full of other texts, e.g. ListOperations' many filter shapes).
  void Return(sqlite3_stmt* stmt);

  // The cache bound to this thread for `db`, if any.
  static StatementCache* For(sqlite3* db);

 private:
  friend class ScopedStatementCache;
  static constexpr size_t kMaxTexts = 64;
  sqlite3* const db_;
  absl::flat_hash_map<std::string, std::vector<sqlite3_stmt*>> idle_;
};

// Binds a cache to the current thread for its lifetime (one at a time per thread).
class ScopedStatementCache {
 public:
  explicit ScopedStatementCache(StatementCache* cache);
  ~ScopedStatementCache();
  ScopedStatementCache(const ScopedStatementCache&) = delete;
  ScopedStatementCache& operator=(const ScopedStatementCache&) = delete;

 private:
  StatementCache* previous_;
};

}  // namespace cancela::store
