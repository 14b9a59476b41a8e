#pragma once
// A validated Refund or Void request, in domain terms.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "providers/provider.h"

namespace cancela::core {

struct CancelRequest {
  providers::OperationKind kind = providers::OperationKind::kRefund;
  std::string provider_account;
  providers::SaleRef sale;
  std::string sale_reference;  // the caller's cancela.v1.SaleReference, serialized, for echoing
  std::optional<int64_t> amount_minor_units;  // nullopt: total
  std::string currency;                       // set when an amount was given
  std::string reason;
  std::string idempotency_key;
  std::map<std::string, std::string> metadata;
  bool validate_only = false;
};

}  // namespace cancela::core
