#include "service/store/sqlite_statement_cache.h"

#include <sqlite3.h>

#include "absl/strings/string_view.h"

namespace cancela::store {
namespace {
thread_local StatementCache* bound_cache = nullptr;
}  // namespace

StatementCache::~StatementCache() {
  for (auto& [sql, statements] : idle_) {
    for (sqlite3_stmt* stmt : statements) sqlite3_finalize(stmt);
  }
}

sqlite3_stmt* StatementCache::Take(const char* sql) {
  auto it = idle_.find(absl::string_view(sql));
  if (it == idle_.end() || it->second.empty()) return nullptr;
  sqlite3_stmt* stmt = it->second.back();
  it->second.pop_back();
  return stmt;
}

void StatementCache::Return(sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  const char* sql = sqlite3_sql(stmt);
  auto it = idle_.find(absl::string_view(sql));
  if (it == idle_.end()) {
    if (idle_.size() >= kMaxTexts) {
      sqlite3_finalize(stmt);
      return;
    }
    it = idle_.emplace(std::string(sql), std::vector<sqlite3_stmt*>()).first;
  }
  it->second.push_back(stmt);
}

StatementCache* StatementCache::For(sqlite3* db) {
  return bound_cache != nullptr && bound_cache->db_ == db ? bound_cache : nullptr;
}

ScopedStatementCache::ScopedStatementCache(StatementCache* cache) : previous_(bound_cache) {
  bound_cache = cache;
}

ScopedStatementCache::~ScopedStatementCache() { bound_cache = previous_; }

}  // namespace cancela::store
