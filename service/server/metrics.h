#pragma once
// Prometheus metrics on their own HTTP port (/metrics). Labels are values cancela chose —
// method, gRPC code, provider, kind, status — never caller data, tokens or card numbers.

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
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
  // Serves /metrics on `listen` ("host:port"; port 0 picks a free one).
  static absl::StatusOr<std::unique_ptr<Metrics>> Start(const std::string& listen);

  int port() const { return port_; }

  // cancela_rpc_in_flight{method}: calls received and not answered yet (RecordRpc answers one).
  void RpcStarted(std::string_view method);
  // cancela_rpc_total{method,code} and cancela_rpc_duration_seconds{method}.
  void RecordRpc(std::string_view method, absl::StatusCode code, absl::Duration latency);
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
  store::SqliteBatchStats sqlite_reported_;  // what the counters already hold
  std::set<std::string> pending_providers_;  // every provider ever reported, to zero them
  int port_ = 0;
};

}  // namespace cancela::server
