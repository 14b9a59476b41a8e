// The conformance suite on SQLite files, plus what only SQLite has: the file survives reopening,
// migrations run once, two processes share the file, and the cap is also a CHECK constraint.

#include "service/store/sqlite_store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "tests/store/store_conformance.h"

namespace cancela::store::testing {
namespace {

std::string TempPath(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   absl::StrCat("cancela-store-", getpid(), "-", absl::ToUnixNanos(absl::Now()));
  std::filesystem::create_directories(dir);
  std::string file = name;
  for (char& c : file) {
    if (c == '/') c = '_';  // parameterized test names contain slashes
  }
  return (dir / (file + ".db")).string();
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
                         ::testing::Values(StoreFactory([](const std::string& name) {
                           auto store = SqliteStore::Open(TempPath(name));
                           EXPECT_TRUE(store.ok()) << store.status();
                           return std::unique_ptr<Store>(store.ok() ? store->release() : nullptr);
                         })),
                         [](const ::testing::TestParamInfo<StoreFactory>&) { return "File"; });

TEST(SqliteStoreFileTest, CommittedDataSurvivesReopeningAndMigrationsRunOnce) {
  const std::string path = TempPath("reopen");
  std::string id;
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok());
    BeginRequest r;
    r.operation.operation_id = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";
    r.operation.tenant = "acme";
    r.operation.idempotency_key = "key-reopen-000000001";
    r.operation.fingerprint = "fp";
    r.operation.provider_account = "a";
    r.operation.sale_key = "s";
    r.operation.amount_minor_units = 100;
    r.operation.sale_amount_minor_units = 1000;
    r.now = absl::FromUnixSeconds(1'795'000'000);
    auto begun = (*store)->Begin(r);
    ASSERT_TRUE(begun.ok()) << begun.status();
    id = begun->operation.operation_id;
  }
  auto reopened = SqliteStore::Open(path);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  auto got = (*reopened)->Get("acme", id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->amount_minor_units, 100);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM schema_migrations", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 4);  // one row per migration, applied once
  sqlite3_finalize(stmt);
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))), "wal");
  sqlite3_finalize(stmt);

  // The invariant is also the database's: a write that breaks the cap fails.
  char* error = nullptr;
  EXPECT_NE(sqlite3_exec(db, "UPDATE sales SET succeeded = sale_amount + 1", nullptr, nullptr, &error),
            SQLITE_OK);
  sqlite3_free(error);
  // And the audit log is append-only.
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit_log", nullptr, nullptr, &error), SQLITE_OK);
  sqlite3_free(error);
  EXPECT_NE(sqlite3_exec(db, "UPDATE audit_log SET result = 'x'", nullptr, nullptr, &error),
            SQLITE_OK);
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST(SqliteStoreFileTest, TwoHandlesOnOneFileShareTheCap) {
  const std::string path = TempPath("shared");
  auto a = SqliteStore::Open(path);
  auto b = SqliteStore::Open(path);
  ASSERT_TRUE(a.ok() && b.ok());
  std::atomic<int> created{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&, i] {
      BeginRequest r;
      r.operation.operation_id = absl::StrCat("op_", 1000 + i, "0000000000000000000000");
      r.operation.tenant = "acme";
      r.operation.idempotency_key = absl::StrCat("key-shared-file-", i, "-xx");
      r.operation.fingerprint = "fp";
      r.operation.provider_account = "a";
      r.operation.sale_key = "s";
      r.operation.amount_minor_units = 300;
      r.operation.sale_amount_minor_units = 6000;
      r.now = absl::FromUnixSeconds(1'795'000'000);
      Store& store = i % 2 == 0 ? **a : **b;
      if (store.Begin(r).ok()) ++created;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 20);
  EXPECT_EQ((*a)->GetSaleLedger("a", "s")->reserved_minor_units, 6000);
}

TEST(SqliteStoreFileTest, AnUnwritablePathFailsClearly) {
  auto store = SqliteStore::Open("/nonexistent-dir/cancela.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
}

TEST(SqliteStoreFileTest, AnInMemoryDatabaseIsRefused) {
  // The read connections would each see their own empty database.
  EXPECT_EQ(SqliteStore::Open(":memory:").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SqliteStore::Open("").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cancela::store::testing
