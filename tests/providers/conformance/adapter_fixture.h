#pragma once
// The hook each adapter gives the conformance suite: its simulator, its real adapter, sales for
// each case, and how to inject each fault. One small file per adapter implements it and
// instantiates the suite (see README.md).

#include <functional>
#include <ostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "providers/http/http_transport.h"
#include "providers/provider.h"
#include "providers/sandbox/fault_injector.h"

namespace cancela::conformance {

// A sale at the simulator.
struct TestSale {
  providers::SaleRef ref;
  int64_t amount = 0;  // what may be cancelled, in minor units
  std::string currency = "BRL";
  // Card data as the provider holds it (masked numbers, holder names): never to be logged.
  std::vector<std::string> card_data;
};

class AdapterFixture {
 public:
  virtual ~AdapterFixture() = default;

  // Starts the simulator on ephemeral loopback ports, on `clock`, logging every request it serves
  // through common/log (so the suite sees those lines too).
  virtual absl::Status Start(ManualClock& clock) = 0;
  // The real adapter, configured for the simulator's account, over `transport` (real libcurl).
  virtual absl::StatusOr<std::unique_ptr<providers::Provider>> MakeAdapter(
      providers::http::HttpTransport& transport, const Clock& clock) = 0;

  // The operation kind that cancels a captured sale of NewRefundableSale (kRefund, usually).
  virtual providers::OperationKind kind() const { return providers::OperationKind::kRefund; }
  // A fresh captured sale of `amount` the provider cancels now, in full or in repeated parts.
  virtual TestSale NewRefundableSale(int64_t amount) = 0;
  // A well-formed reference to a sale the provider does not know.
  virtual providers::SaleRef UnknownSale() = 0;
  // A sale whose cancellation reaches the provider and is declined (its rules or the issuer's).
  virtual TestSale DecliningSale() = 0;

  // Arms `kind` (http_500, latency, execute_then_drop, …) on the next cancellation request of
  // `sale`; `delay` is the latency's wait.
  virtual void InjectFault(const TestSale& sale, sandbox::FaultKind kind, absl::Duration delay) = 0;
  // Cancellations the simulator executed for the sale, and cancellation requests it received.
  virtual int Executions(const TestSale& sale) const = 0;
  virtual int CancelRequests(const TestSale& sale) const = 0;
  // Cancellations the simulator executed or holds for a later decision (the nightly batch of API
  // Única): what a lost answer is checked against before the provider decides.
  virtual int Accepted(const TestSale& sale) const { return Executions(sale); }

  // Credentials as configured and as they travel (e.g. a Basic header's base64): never logged.
  virtual std::vector<std::string> Secrets() const = 0;
  // Time the provider needs between two cancellations of one sale (Cielo: 5 s), and until a
  // scheduled or reviewed cancellation is decided; the suite moves the clock by these.
  virtual absl::Duration SpacingBetweenCancels() const { return absl::ZeroDuration(); }
  virtual absl::Duration DecisionDelay() const { return absl::ZeroDuration(); }
  // Whether the provider's query shows a partial cancellation (Cielo Checkout's order query shows
  // only a whole void): if not, the cases that find a lost answer by asking cancel the whole sale.
  virtual bool QueryShowsPartialCancellations() const { return true; }
  // Whether the provider can be asked for a sale (API Única cannot: its snapshot is what the
  // reference carries, and cancela's own store supplies what was cancelled).
  virtual bool HasSaleQuery() const { return true; }
};

using FixtureFactory = std::function<std::unique_ptr<AdapterFixture>()>;

// One instantiation parameter: a name for test output and the factory.
struct AdapterCase {
  std::string name;
  FixtureFactory make;
};
// Test names show the adapter, not the parameter's bytes.
inline void PrintTo(const AdapterCase& c, std::ostream* os) { *os << c.name; }

}  // namespace cancela::conformance
