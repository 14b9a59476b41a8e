// store_throughput_benchmark [seconds] [threads] [sqlite|postgres]: durable refunds per second through each Store
// implementation — Begin (accept and reserve) then Transition to SUCCEEDED, on distinct sales, from
// many threads — with Begin's latency percentiles. SQLite on a temp file (synchronous=FULL);
// PostgreSQL on a throwaway local server with fsync on, at the pool size the server defaults to.
// Not a test (timing is not asserted); results go to docs/benchmarks/store-throughput.md.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "service/core/ids.h"
#include "service/store/postgres_store.h"
#include "service/store/sqlite_store.h"
#include "tests/support/postgres_server.h"

namespace cancela::store {
namespace {

void Run(const char* name, Store& store, absl::Duration duration, int threads) {
  std::atomic<int64_t> done{0}, failed{0};
  absl::Mutex mu;
  std::vector<double> latencies_us;
  const absl::Time until = absl::Now() + duration;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::vector<double> mine;
      for (int i = 0; absl::Now() < until; ++i) {
        BeginRequest r;
        r.now = absl::Now();
        r.operation.operation_id = core::NewOperationId(r.now);
        r.operation.tenant = "acme";
        r.operation.idempotency_key = absl::StrCat("bench-", getpid(), "-", t, "-", i);
        r.operation.fingerprint = "fp";
        r.operation.kind = v1::OPERATION_KIND_REFUND;
        r.operation.provider_account = "cielo-ecommerce/loja";
        r.operation.provider = "cielo_ecommerce";
        r.operation.sale_key = absl::StrCat("sale-", t, "-", i);
        r.operation.sale_reference = "ref";
        r.operation.amount_minor_units = 1000;
        r.operation.currency = "BRL";
        r.operation.sale_amount_minor_units = 10000;
        const absl::Time start = absl::Now();
        auto begun = store.Begin(r);
        mine.push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
        if (!begun.ok()) {
          ++failed;
          continue;
        }
        TransitionRequest to;
        to.operation_id = begun->operation.operation_id;
        to.status = v1::OPERATION_STATUS_SUCCEEDED;
        to.now = absl::Now();
        if (store.Transition(to).ok()) {
          ++done;
        } else {
          ++failed;
        }
      }
      absl::MutexLock lock(&mu);
      latencies_us.insert(latencies_us.end(), mine.begin(), mine.end());
    });
  }
  for (auto& w : workers) w.join();
  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) {
    return latencies_us.empty() ? 0.0
                                : latencies_us[static_cast<size_t>(p * static_cast<double>(latencies_us.size() - 1))];
  };
  std::printf("%-10s threads=%d refunds/s=%.0f (Begin+Transition, durable) begin p50=%.0fus p99=%.0fus failed=%lld\n",
              name, threads, static_cast<double>(done.load()) / absl::ToDoubleSeconds(duration),
              pct(0.5), pct(0.99), static_cast<long long>(failed.load()));
}

}  // namespace
}  // namespace cancela::store

int main(int argc, char** argv) {
  const absl::Duration duration = absl::Seconds(argc > 1 ? std::atoi(argv[1]) : 5);
  const int threads = argc > 2 ? std::atoi(argv[2]) : 16;
  const std::string only = argc > 3 ? argv[3] : "";  // empty: both stores
  const auto dir = std::filesystem::temp_directory_path() / absl::StrCat("cancela-bench-", getpid());
  std::filesystem::create_directories(dir);
  if (only.empty() || only == "sqlite") {
    auto sqlite = cancela::store::SqliteStore::Open((dir / "bench.db").string());
    if (!sqlite.ok()) return 1;
    cancela::store::Run("sqlite", **sqlite, duration, threads);
    const cancela::store::SqliteBatchStats stats = (*sqlite)->BatchStats();
    std::printf("sqlite     group commit: %lld writes in %lld batches (mean %.1f, largest %lld)\n",
                static_cast<long long>(stats.writes), static_cast<long long>(stats.batches),
                stats.batches == 0 ? 0.0
                                   : static_cast<double>(stats.writes) / static_cast<double>(stats.batches),
                static_cast<long long>(stats.largest_batch));
  }
  if (only.empty() || only == "postgres") {
    auto server = cancela::testing::PostgresServer::Create("", /*durable=*/true);
    if (!server.ok()) {
      std::fprintf(stderr, "%s\n", std::string(server.status().message()).c_str());
      return 1;
    }
    cancela::store::PostgresOptions options;
    options.dsn = cancela::Secret((*server)->Dsn());
    options.pool_size = threads;
    auto postgres = cancela::store::PostgresStore::Open(std::move(options));
    if (!postgres.ok()) return 1;
    cancela::store::Run("postgres", **postgres, duration, threads);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
