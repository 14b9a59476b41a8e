#pragma once
// A provider for engine-level tests: no rules, no limits, and every sale it is asked about is a
// captured R$ 100.00. A test overrides what it exercises (id, Cancel, Reconcile, GetSale).

#include "providers/provider.h"

namespace cancela::testing {

class CapturedSaleProvider : public providers::Provider {
 public:
  absl::StatusOr<providers::SaleSnapshot> GetSale(const providers::SaleRef&, absl::Time) override {
    providers::SaleSnapshot sale;
    sale.state = providers::SaleState::kCaptured;
    sale.currency = "BRL";
    sale.authorized_minor_units = 10000;
    sale.captured_minor_units = 10000;
    return sale;
  }
  absl::Status CheckRules(const providers::CancelCommand&, const providers::SaleSnapshot&,
                          absl::Time) const override {
    return absl::OkStatus();
  }
  providers::SaleLimits Limits(const providers::CancelCommand&,
                               const providers::SaleSnapshot&) const override {
    return {};
  }
};

}  // namespace cancela::testing
