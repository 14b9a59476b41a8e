#include "service/server/metrics.h"

#include <algorithm>
#include <exception>

#include "absl/strings/str_cat.h"
#include "common/scrub.h"

namespace cancela::server {
namespace {

// A label value that did not come from a constant here. Today these are names cancela chose
// (provider ids, methods, results); scrubbing keeps a future caller-derived one from leaking.
std::string Label(std::string_view value) { return Scrubbed(value); }

std::string ShortName(const std::string& enum_name, std::string_view prefix) {
  return enum_name.rfind(prefix, 0) == 0 ? enum_name.substr(prefix.size()) : enum_name;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Metrics>> Metrics::Start(const std::string& listen) {
  std::unique_ptr<Metrics> metrics(new Metrics());
  metrics->registry_ = std::make_shared<prometheus::Registry>();
  try {
    // prometheus-cpp (civetweb) reports a bind failure by throwing.
    metrics->exposer_ = std::make_unique<prometheus::Exposer>(listen);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("metrics.listen: cannot listen on ", listen));
  }
  metrics->exposer_->RegisterCollectable(metrics->registry_);
  const auto ports = metrics->exposer_->GetListeningPorts();
  metrics->port_ = ports.empty() ? 0 : ports.front();
  metrics->rpcs_ = &prometheus::BuildCounter()
                        .Name("cancela_rpc_total")
                        .Help("gRPC calls by method and status code")
                        .Register(*metrics->registry_);
  metrics->rpc_duration_ = &prometheus::BuildHistogram()
                                .Name("cancela_rpc_duration_seconds")
                                .Help("Time from receiving a call to answering it")
                                .Register(*metrics->registry_);
  metrics->rpc_in_flight_ = &prometheus::BuildGauge()
                                 .Name("cancela_rpc_in_flight")
                                 .Help("Calls received and not answered yet, by method")
                                 .Register(*metrics->registry_);
  metrics->changes_ = &prometheus::BuildCounter()
                           .Name("cancela_operation_changes_total")
                           .Help("Recorded operation status changes, by provider, kind and status")
                           .Register(*metrics->registry_);
  metrics->give_ups_ = &prometheus::BuildCounter()
                            .Name("cancela_poll_give_ups_total")
                            .Help("Operations left PENDING for a human after the poller's schedule ran out")
                            .Register(*metrics->registry_);
  metrics->checks_ = &prometheus::BuildCounter()
                          .Name("cancela_poll_checks_total")
                          .Help("Provider checks the poller made, by provider and what they found")
                          .Register(*metrics->registry_);
  metrics->webhooks_ = &prometheus::BuildCounter()
                            .Name("cancela_webhooks_total")
                            .Help("Provider notifications received, by provider and result")
                            .Register(*metrics->registry_);
  metrics->pending_ = &prometheus::BuildGauge()
                           .Name("cancela_pending_operations")
                           .Help("PENDING operations by provider and age")
                           .Register(*metrics->registry_);
  metrics->pending_oldest_ = &prometheus::BuildGauge()
                                  .Name("cancela_pending_oldest_age_seconds")
                                  .Help("Age of the oldest PENDING operation, by provider")
                                  .Register(*metrics->registry_);
  metrics->sqlite_batches_ = &prometheus::BuildCounter()
                                  .Name("cancela_sqlite_batches_total")
                                  .Help("SQLite group-commit transactions, by result")
                                  .Register(*metrics->registry_);
  metrics->sqlite_batch_writes_ = &prometheus::BuildCounter()
                                       .Name("cancela_sqlite_batch_writes_total")
                                       .Help("Writes carried by SQLite group-commit transactions")
                                       .Register(*metrics->registry_);
  metrics->sqlite_largest_batch_ = &prometheus::BuildGauge()
                                        .Name("cancela_sqlite_largest_batch")
                                        .Help("The most writes one SQLite transaction carried")
                                        .Register(*metrics->registry_);
  return metrics;
}

void Metrics::SetSqliteBatches(const store::SqliteBatchStats& stats) {
  // The store keeps totals; the counters take what was added since the last report.
  const int64_t failed = stats.failed_batches - sqlite_reported_.failed_batches;
  const int64_t committed = stats.batches - sqlite_reported_.batches - failed;
  sqlite_batches_->Add({{"result", "committed"}}).Increment(static_cast<double>(committed));
  sqlite_batches_->Add({{"result", "failed"}}).Increment(static_cast<double>(failed));
  sqlite_batch_writes_->Add({}).Increment(
      static_cast<double>(stats.writes - sqlite_reported_.writes));
  sqlite_largest_batch_->Add({}).Set(static_cast<double>(stats.largest_batch));
  sqlite_reported_ = stats;
}

void Metrics::RecordCheck(const store::OperationRecord& record, std::string_view result) {
  checks_->Add({{"provider", Label(record.provider)}, {"result", Label(result)}}).Increment();
}

void Metrics::RecordWebhook(std::string_view provider, std::string_view result) {
  webhooks_
      ->Add({{"provider", provider.empty() ? "unknown" : Label(provider)},
             {"result", Label(result)}})
      .Increment();
}

void Metrics::SetPending(const std::vector<store::PendingStats>& stats, absl::Time now) {
  std::set<std::string> seen;
  for (const store::PendingStats& s : stats) {
    seen.insert(s.provider);
    pending_providers_.insert(s.provider);
    for (int i = 0; i < store::PendingStats::kBuckets; ++i) {
      pending_->Add({{"provider", Label(s.provider)}, {"age", store::PendingStats::kBucketNames[i]}})
          .Set(static_cast<double>(s.count_by_age[i]));
    }
    pending_oldest_->Add({{"provider", Label(s.provider)}})
        .Set(std::max(0.0, absl::ToDoubleSeconds(now - s.oldest_create_time)));
  }
  for (const std::string& provider : pending_providers_) {
    if (seen.count(provider)) continue;
    for (const char* age : store::PendingStats::kBucketNames) {
      pending_->Add({{"provider", Label(provider)}, {"age", age}}).Set(0);
    }
    pending_oldest_->Add({{"provider", Label(provider)}}).Set(0);
  }
}

void Metrics::RecordGiveUp(const store::OperationRecord& record) {
  give_ups_->Add({{"provider", Label(record.provider)}}).Increment();
}

Metrics::RpcSeries& Metrics::Rpc(std::string_view method) {
  absl::MutexLock lock(&mu_);
  auto [it, added] = rpc_series_.try_emplace(std::string(method));  // short: no allocation
  RpcSeries& series = it->second;
  if (added) {
    static const prometheus::Histogram::BucketBoundaries kBuckets = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    series.method_ = Label(method);  // scrubbed once per method, not once per call
    series.calls_ = rpcs_;
    series.in_flight_ = &rpc_in_flight_->Add({{"method", series.method_}});
    series.duration_ = &rpc_duration_->Add({{"method", series.method_}}, kBuckets);
  }
  return series;
}

void Metrics::RpcSeries::Started() { in_flight_->Increment(); }

void Metrics::RpcSeries::Answered(absl::StatusCode code, absl::Duration latency) {
  in_flight_->Decrement();
  const int index = static_cast<int>(code);
  prometheus::Counter* calls =
      index >= 0 && index < kCodes ? by_code_[index].load(std::memory_order_acquire) : nullptr;
  if (calls == nullptr) {
    // Family::Add returns the series already made for these labels, so a race here is harmless.
    calls = &calls_->Add({{"method", method_}, {"code", absl::StatusCodeToString(code)}});
    if (index >= 0 && index < kCodes) by_code_[index].store(calls, std::memory_order_release);
  }
  calls->Increment();
  duration_->Observe(absl::ToDoubleSeconds(latency));
}

void Metrics::RecordChange(const store::OperationRecord& record) {
  const bool pending = record.status == v1::OPERATION_STATUS_PENDING;
  ChangeKey key{record.provider, record.kind, record.status,
                pending ? static_cast<int>(record.pending_detail)
                        : static_cast<int>(record.failure_reason)};
  prometheus::Counter* changes = nullptr;
  {
    absl::MutexLock lock(&mu_);
    prometheus::Counter*& found = change_counters_[key];
    if (found == nullptr) {
      found = &changes_->Add(
          {{"provider", Label(record.provider)},
           {"kind", ShortName(v1::OperationKind_Name(record.kind), "OPERATION_KIND_")},
           {"status", ShortName(v1::OperationStatus_Name(record.status), "OPERATION_STATUS_")},
           {"detail", pending ? ShortName(v1::PendingDetail_Name(record.pending_detail), "PENDING_DETAIL_")
                              : ShortName(v1::FailureReason_Name(record.failure_reason), "FAILURE_REASON_")}});
    }
    changes = found;
  }
  changes->Increment();
}

}  // namespace cancela::server
