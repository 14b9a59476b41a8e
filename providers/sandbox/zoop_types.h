#pragma once
// The Zoop simulator's model: one marketplace, its sellers, their card transactions with history
// and receivables, in the terms of the real Marketplace API (providers.md §5).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace cancela::sandbox {

struct ZoopSeller {
  std::string name;  // sandbox-only label, e.g. "loja-norte"
  std::string id;    // what on_behalf_of carries (32 hex characters)
};

// An entry of the transaction's history[].
struct ZoopHistoryItem {
  std::string id;
  std::string operation_type;  // created, authorization, void
  std::string status;          // succeeded, failed
  int64_t amount = 0;          // centavos
  std::string response_code;
  std::string response_message;
  absl::Time created_at;
};

// How a transaction is created (the C++ side of POST /__sandbox/transactions).
struct ZoopTransactionSpec {
  std::string seller = "loja-norte";  // a seller's name or id
  std::string payment_type = "credit";  // credit, debit, boleto
  std::string status = "succeeded";     // succeeded (captured), pre_authorized, failed
  int64_t amount = 10000;               // centavos
  int64_t already_cancelled = 0;        // a partial cancellation made before (credit only)
  int installments = 1;
  std::string card_brand = "Visa";
  int days_ago = 0;
  bool settled = false;          // some receivable already paid out to the seller
  bool release_granted = false;  // Zoop released the settled sale for refunds
  bool decline_voids = false;    // the issuer declines every cancellation (history void failed)
  int64_t split_minimum = 0;     // a split rule needs at least this much to remain (0: none)
  std::string id;                // empty: a fresh id
};

struct ZoopTransaction {
  std::string id;
  std::string seller_id;
  std::string payment_type;
  std::string status;  // succeeded, pre_authorized, canceled, failed
  int64_t original_amount = 0;
  int64_t amount = 0;  // what remains
  bool captured = false;
  bool voided = false;
  int installments = 1;
  std::string card_brand;
  std::string first4;
  std::string last4;
  std::string holder_name;  // card data: the adapter must never log or echo it
  std::string transaction_number;
  std::string authorization_code;
  absl::Time created_at;
  std::optional<absl::Time> voided_at;
  bool settled = false;
  bool release_granted = false;
  bool decline_voids = false;
  int64_t split_minimum = 0;
  std::vector<ZoopHistoryItem> history;
};

}  // namespace cancela::sandbox
