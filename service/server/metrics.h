#pragma once
// Prometheus metrics on their own HTTP port (/metrics). Labels are values cancela chose —
// method, gRPC code, provider, kind, status — never caller data, tokens or card numbers.

#include <array>
#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "service/store/operation_record.h"
#include "service/store/sqlite_group_writer.h"
#include "service/store/store.h"

namespace cancela::server {

class Metrics {
 public:
  // One gRPC method's series. Metrics::Rpc finds it once per call; a call then touches only
  // atomics (prometheus-cpp's Family::Add locks and hashes a label map on every use).
  class RpcSeries {
   public:
    // cancela_rpc_in_flight{method}: calls received and not answered yet.
    void Started();
    // Ends one call: cancela_rpc_total{method,code}, cancela_rpc_duration_seconds{method}.
    void Answered(absl::StatusCode code, absl::Duration latency);

   private:
    friend class Metrics;
    static constexpr int kCodes = 17;  // absl::StatusCode 0 (OK) to 16 (UNAUTHENTICATED)

    std::string method_;
    prometheus::Family<prometheus::Counter>* calls_ = nullptr;
    prometheus::Gauge* in_flight_ = nullptr;
    prometheus::Histogram* duration_ = nullptr;
    std::array<std::atomic<prometheus::Counter*>, kCodes> by_code_{};  // made on first use
  };

  // Serves /metrics on `listen` ("host:port"; port 0 picks a free one).
  static absl::StatusOr<std::unique_ptr<Metrics>> Start(const std::string& listen);

  int port() const { return port_; }

  // The series of `method` (made on first use, then kept).
  RpcSeries& Rpc(std::string_view method) ABSL_LOCKS_EXCLUDED(mu_);
  // cancela_operation_changes_total{provider,kind,status,detail}: every recorded change.
  void RecordChange(const store::OperationRecord& record);
  // cancela_poll_give_ups_total{provider}: operations the poller stopped checking (alarm on it).
  void RecordGiveUp(const store::OperationRecord& record);
  // cancela_poll_checks_total{provider,result}: each check the poller made and what it found.
  void RecordCheck(const store::OperationRecord& record, std::string_view result);
  // cancela_webhooks_total{provider,result}: notifications received and what became of them.
  void RecordWebhook(std::string_view provider, std::string_view result);
  // cancela_pending_operations{provider,age} and cancela_pending_oldest_age_seconds{provider}:
  // the backlog as of `now`. Providers missing from `stats` drop to zero.
  void SetPending(const std::vector<store::PendingStats>& stats, absl::Time now);
  // SQLite group commit, from the store's running totals: cancela_sqlite_batches_total{result}
  // (committed/failed transactions), cancela_sqlite_batch_writes_total (writes they carried; the
  // ratio of their rates is the mean batch size) and cancela_sqlite_largest_batch.
  void SetSqliteBatches(const store::SqliteBatchStats& stats);

 private:
  Metrics() = default;

  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  prometheus::Family<prometheus::Counter>* rpcs_ = nullptr;
  prometheus::Family<prometheus::Histogram>* rpc_duration_ = nullptr;
  prometheus::Family<prometheus::Gauge>* rpc_in_flight_ = nullptr;
  prometheus::Family<prometheus::Counter>* changes_ = nullptr;
  prometheus::Family<prometheus::Counter>* give_ups_ = nullptr;
  prometheus::Family<prometheus::Counter>* checks_ = nullptr;
  prometheus::Family<prometheus::Counter>* webhooks_ = nullptr;
  prometheus::Family<prometheus::Gauge>* pending_ = nullptr;
  prometheus::Family<prometheus::Gauge>* pending_oldest_ = nullptr;
  prometheus::Family<prometheus::Counter>* sqlite_batches_ = nullptr;
  prometheus::Family<prometheus::Counter>* sqlite_batch_writes_ = nullptr;
  prometheus::Family<prometheus::Gauge>* sqlite_largest_batch_ = nullptr;
  // Found once per label set: the counters of the two families every call and change touch.
  absl::Mutex mu_;
  absl::node_hash_map<std::string, RpcSeries> rpc_series_ ABSL_GUARDED_BY(mu_);
  using ChangeKey = std::tuple<std::string, int, int, int>;  // provider, kind, status, detail
  absl::flat_hash_map<ChangeKey, prometheus::Counter*> change_counters_ ABSL_GUARDED_BY(mu_);
  store::SqliteBatchStats sqlite_reported_;  // what the counters already hold
  std::set<std::string> pending_providers_;  // every provider ever reported, to zero them
  int port_ = 0;
};

}  // namespace cancela::server
