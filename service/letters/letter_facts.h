#pragma once
// The facts a cancellation letter states, gathered once from the stored operation, its sale
// reference and what the provider says of the sale, and their verification hash: SHA-256 over a
// canonical, language-independent text form, so that the same facts always give the same hash.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cancela/v1/operation.pb.h"
#include "providers/provider.h"
#include "service/store/operation_record.h"

namespace cancela::letters {

// How the merchant is named on its letters (configured per provider account).
struct MerchantIdentity {
  std::string name;  // e.g. "Loja Centro Comércio Ltda"; empty: the provider account's name
  std::string id;    // e.g. the merchant number (EC) at the provider; empty: from the sale, if any
};

// One identifier of the sale at its provider, in the order the letter lists them.
struct SaleIdentifier {
  std::string key;  // "payment_id", "authorization_code", "nsu", "tid", "proof_of_sale",
                    // "end_to_end_id", "order_number", "order_id", "transaction_id"
  std::string value;
};

struct LetterFacts {
  std::string operation_id;
  std::string provider;          // "cielo_ecommerce"
  std::string provider_account;  // "cielo-ecommerce/loja-centro"
  std::string merchant_name;
  std::string merchant_id;
  v1::OperationKind kind = v1::OPERATION_KIND_UNSPECIFIED;
  bool total = false;
  providers::PaymentMethod payment_method = providers::PaymentMethod::kUnknown;
  std::string card_brand;
  std::string card_last_four;       // exactly four digits, or empty: never more
  std::optional<absl::Time> sale_time;  // when the provider reports the instant of the sale
  std::string sale_date;            // "YYYY-MM-DD" when only the date is known
  int64_t sale_amount_minor_units = 0;
  std::string currency;
  std::vector<SaleIdentifier> identifiers;
  int64_t cancelled_minor_units = 0;
  v1::OperationStatus status = v1::OPERATION_STATUS_UNSPECIFIED;
  absl::Time requested_time;
  absl::Time completed_time;
  std::string provider_reference;  // the provider's id of the cancellation, if it gave one
};

// The facts of a SUCCEEDED operation. `sale` is what the provider reports of the sale now (absent
// for providers whose sale reference already carries the facts, like Cielo Única).
absl::StatusOr<LetterFacts> GatherFacts(const store::OperationRecord& record,
                                        const std::optional<providers::SaleSnapshot>& sale,
                                        const MerchantIdentity& merchant);

// The canonical text form of the facts: a versioned header, then one `key=value` line per fact
// in a fixed order; times in UTC RFC 3339, amounts in minor units; `\` and line breaks escaped.
std::string CanonicalForm(const LetterFacts& facts);

// Hex SHA-256 of CanonicalForm(facts).
std::string VerificationHash(const LetterFacts& facts);

// Keeps the last four digits of a masked or bare card number when they are digits, else "".
std::string LastFourDigits(std::string_view card);

}  // namespace cancela::letters
