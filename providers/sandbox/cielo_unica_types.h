#pragma once
// What the simulated Cielo API Única knows: sales from any capture channel, the cancellation
// requests queued for the nightly batch, and the accounts (one per CNPJ root set) that may ask.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace cancela::sandbox {

struct UnicaSale {
  std::string merchant_id;  // EC, 10 digits
  std::string cnpj_root;    // 8 digits
  std::string authorization_code;
  std::string nsu;
  std::string tid;
  std::string card_last_four;
  absl::CivilDay sale_day;
  int64_t amount = 0;    // centavos
  std::string product;   // "credit", "debit", "voucher", "pix", "pre_authorization"
  std::string brand;     // "Visa", "Mastercard", "Elo"
  // Set: the nightly batch answers this detail code instead of judging (e.g. 72, no agenda
  // balance); 0 with `force_failed` makes it a communication failure.
  std::optional<int> forced_code;
  bool force_failed = false;
  // What the batch has carried out so far.
  int64_t cancelled = 0;
  int partials_done = 0;
};

struct UnicaCancellation {
  int64_t control_id = 0;
  int64_t refund_id = 0;
  std::optional<size_t> sale;  // index into the book's sales; none when no sale matched
  // The request, echoed back.
  std::string merchant_id;
  std::string authorization_code;
  std::string nsu;
  std::string tid;
  std::string card_last_four;
  int64_t refund_amount = 0;
  int64_t sale_amount = 0;
  absl::CivilSecond transaction_date;
  absl::Time requested_at;
  absl::Time final_at;              // when the nightly batch's answer is out
  std::string status = "pending";   // "pending", "rejected", "done", "failed"
  int detail_code = 0;
  std::string detail_message;
};

struct UnicaBatch {
  int64_t refund_id = 0;
  absl::Time requested_at;
  std::vector<int64_t> control_ids;
};

// An API client: one credential for every EC under its CNPJ roots.
struct UnicaClient {
  std::string client_id;
  std::string client_secret;
  std::set<std::string> cnpj_roots;
};

// A cancellation request's transaction as it arrived, already checked for shape.
struct UnicaCancelItem {
  std::string merchant_id;
  std::string authorization_code;
  std::string nsu;
  std::string tid;
  std::string card_last_four;
  int64_t refund_amount = 0;
  int64_t sale_amount = 0;
  absl::CivilSecond transaction_date;
};

}  // namespace cancela::sandbox
