#pragma once
// The conformance suite's fixture: one adapter (from its AdapterFixture) against its simulator
// over real libcurl, with stderr captured so every log line of every case is checked for
// credentials and card data. The cases are in adapter_conformance_test.cc; each adapter's
// *_fixture.cc instantiates them (README.md).

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "providers/sandbox/fault_injector.h"
#include "tests/providers/conformance/adapter_fixture.h"
#include "tests/providers/conformance/conformance_transport.h"

namespace cancela::conformance {

using providers::CancelCommand;
using providers::Outcome;
using providers::ProviderResult;
using providers::ReconcileBasis;
using providers::SaleSnapshot;

class AdapterConformanceTest : public ::testing::TestWithParam<AdapterCase> {
 protected:
  void SetUp() override {
    ::testing::internal::CaptureStderr();
    capturing_ = true;
    fixture_ = GetParam().make();
    ASSERT_TRUE(fixture_->Start(clock_).ok());
    auto adapter = fixture_->MakeAdapter(transport_, clock_);
    ASSERT_TRUE(adapter.ok()) << adapter.status();
    adapter_ = *std::move(adapter);
  }

  // Every log line of the test and every text a result carries, checked for secrets and card
  // data.
  void TearDown() override {
    if (!capturing_) return;
    const std::string logs = ::testing::internal::GetCapturedStderr();
    texts_.push_back(logs);
    std::vector<std::string> forbidden = fixture_->Secrets();
    for (const std::string& card : card_data_) forbidden.push_back(card);
    for (const std::string& needle : forbidden) {
      ASSERT_FALSE(needle.empty());
      for (const std::string& text : texts_) {
        EXPECT_FALSE(absl::StrContains(text, needle))
            << "found a credential or card data (" << needle.size() << " chars) in: "
            << text.substr(0, 2000);
      }
    }
    last_logs_ = logs;
  }

  TestSale Sale(int64_t amount) {
    TestSale sale = fixture_->NewRefundableSale(amount);
    Remember(sale);
    return sale;
  }

  void Remember(const TestSale& sale) {
    for (const std::string& c : sale.card_data) card_data_.push_back(c);
  }

  CancelCommand Command(const TestSale& sale, int64_t amount, bool total) {
    CancelCommand c;
    c.operation_id = absl::StrCat("op_CONFORMANCE", ++sequence_);
    c.kind = fixture_->kind();
    c.sale = sale.ref;
    c.total = total;
    c.amount_minor_units = amount;
    c.currency = sale.currency;
    c.reason = "conformance";
    return c;
  }

  absl::StatusOr<SaleSnapshot> Snapshot(const providers::SaleRef& ref) {
    auto s = adapter_->GetSale(ref, absl::Now() + absl::Seconds(10));
    if (!s.ok()) texts_.push_back(std::string(s.status().message()));
    return s;
  }

  ProviderResult Keep(ProviderResult r) {
    for (const std::string* text : {&r.note, &r.failure_message, &r.echo.status, &r.echo.code,
                                    &r.echo.message, &r.echo.reason_code, &r.echo.reason_message,
                                    &r.echo.reference}) {
      texts_.push_back(*text);
    }
    return r;
  }

  ProviderResult Send(const CancelCommand& c, absl::Duration budget = absl::Seconds(10)) {
    return Keep(adapter_->Cancel(c, absl::Now() + budget));
  }

  ProviderResult Reconcile(const CancelCommand& c, const ReconcileBasis& basis) {
    return Keep(adapter_->Reconcile(c, basis, absl::Now() + absl::Seconds(10)));
  }

  // Scheduled and reviewed outcomes are decided later: let the provider decide, then ask. A
  // provider that decides later (DecisionDelay() > 0) may not show a pending cancellation at all
  // until it decides (PayU lists a refund only once reviewed), so an unknown one is asked again
  // after the decision too; it must still end SUCCEEDED, never resent.
  ProviderResult Decided(const CancelCommand& c, ProviderResult r, const ReconcileBasis& basis) {
    const bool decides_later = fixture_->DecisionDelay() > absl::ZeroDuration();
    auto pending = [&](Outcome o) {
      return o == Outcome::kScheduled || o == Outcome::kReview || (decides_later && o == Outcome::kUnknown);
    };
    for (int i = 0; i < 3 && pending(r.outcome); ++i) {
      clock_.Advance(fixture_->DecisionDelay() + absl::Seconds(1));
      r = Reconcile(c, basis);
    }
    return r;
  }

  // A cancellation of `part` whose lost answer Reconcile can find: the whole sale where the
  // provider's query shows no partial cancellation.
  CancelCommand Findable(const TestSale& sale, int64_t part) {
    if (fixture_->QueryShowsPartialCancellations()) return Command(sale, part, /*total=*/false);
    return Command(sale, sale.amount, /*total=*/true);
  }

  // The sale after `known` was cancelled: as the provider shows it, or, for a provider without a
  // sale query, the adapter's snapshot with what cancela's store knows (the engine's way).
  absl::StatusOr<SaleSnapshot> After(const TestSale& sale, int64_t known) {
    auto s = Snapshot(sale.ref);
    if (s.ok() && !fixture_->HasSaleQuery()) s->cancelled_minor_units = known;
    return s;
  }

  ReconcileBasis BasisFor(const TestSale& sale) {
    ReconcileBasis basis;
    auto snapshot = Snapshot(sale.ref);
    EXPECT_TRUE(snapshot.ok()) << snapshot.status();
    if (snapshot.ok()) basis.cancelled_before_minor_units = snapshot->cancelled_minor_units;
    basis.sent_at = clock_.Now();
    return basis;
  }

  static bool Eventually(const std::function<bool()>& condition) {
    const absl::Time give_up = absl::Now() + absl::Seconds(20);
    while (!condition()) {
      if (absl::Now() > give_up) return false;
      absl::SleepFor(absl::Milliseconds(5));
    }
    return true;
  }

  ManualClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 20, 15, 0, 0), absl::FixedTimeZone(-3 * 3600))};
  std::unique_ptr<AdapterFixture> fixture_;
  ConformanceTransport transport_;
  std::unique_ptr<providers::Provider> adapter_;
  std::vector<std::string> texts_;
  std::vector<std::string> card_data_;
  std::string last_logs_;
  bool capturing_ = false;
  int sequence_ = 0;
};

}  // namespace cancela::conformance
