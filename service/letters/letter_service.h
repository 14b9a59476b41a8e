#pragma once
// Cancellation letters of succeeded operations: the provider's official letter where the
// provider issues them (Provider::IssuesLetters, e.g. Cielo API Única), cancela's own rendered
// letter for every other provider. Each letter is produced once per operation and language,
// stored, and served byte-identical afterwards. Transport-agnostic: tests drive it directly.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cancela/v1/refund_service.pb.h"
#include "common/clock.h"
#include "service/core/provider_accounts.h"
#include "service/letters/letter_facts.h"
#include "service/store/store.h"

namespace cancela::letters {

struct LetterOptions {
  // How each provider account's merchant is named on its letters, by account name.
  std::map<std::string, MerchantIdentity> merchants;
  // Budget of one provider call (sale facts, official letters); the caller's deadline caps it.
  absl::Duration provider_timeout = absl::Seconds(30);
};

// One operation's answer in a batch: its letter, or why it has none (the status GetLetter would
// have returned).
struct LetterResult {
  std::string operation_id;
  absl::StatusOr<store::LetterRecord> letter;
};

class LetterService {
 public:
  LetterService(store::Store& store, const core::ProviderAccounts& accounts, const Clock& clock,
                LetterOptions options);

  // The letter of one of the tenant's operations. NOT_FOUND/OPERATION_NOT_FOUND when absent or
  // another tenant's; FAILED_PRECONDITION/LETTER_NOT_AVAILABLE unless SUCCEEDED;
  // UNAVAILABLE/LETTER_NOT_READY (+ RetryInfo) while the provider has not issued it yet; the
  // provider's error when it cannot be asked.
  absl::StatusOr<store::LetterRecord> Get(const std::string& tenant,
                                          const std::string& operation_id,
                                          v1::LetterLanguage language, absl::Time deadline);

  // The letters of many operations, in the order given. Official letters missing from the store
  // are asked for in one FetchLetters call per provider account (the adapter splits it into the
  // provider's request sizes).
  std::vector<LetterResult> GetMany(const std::string& tenant,
                                    const std::vector<std::string>& operation_ids,
                                    v1::LetterLanguage language, absl::Time deadline);

  // A page of the tenant's SUCCEEDED operations created in [start, end), newest first: at most
  // `limit` ids after `cursor`, which moves to the page's end (start with nullopt).
  absl::StatusOr<std::vector<std::string>> SucceededBetween(
      const std::string& tenant, absl::Time start, absl::Time end,
      std::optional<store::ListCursor>& cursor, int limit);

  // "carta-de-cancelamento-op_….pdf" or "cancellation-letter-op_….pdf".
  static std::string FileNameOf(const std::string& operation_id, v1::LetterLanguage language);

 private:
  // Renders, then stores, cancela's own letter of `record`.
  absl::StatusOr<store::LetterRecord> Render(const store::OperationRecord& record,
                                             providers::Provider& adapter,
                                             v1::LetterLanguage language, absl::Time deadline);
  // Fetches, then stores, the official letters of `records` (one provider account).
  void FetchOfficial(const std::vector<const store::OperationRecord*>& records,
                     providers::Provider& adapter, v1::LetterLanguage language,
                     absl::Time deadline,
                     std::map<std::string, absl::StatusOr<store::LetterRecord>>& out);
  // Saves a new letter unless one is stored already; returns the stored one.
  absl::StatusOr<store::LetterRecord> SaveOnce(store::LetterRecord letter);
  absl::Time ProviderDeadline(absl::Time deadline) const;

  store::Store& store_;
  const core::ProviderAccounts& accounts_;
  const Clock& clock_;
  LetterOptions options_;
};

// PT_BR for UNSPECIFIED.
v1::LetterLanguage EffectiveLanguage(v1::LetterLanguage language);

}  // namespace cancela::letters
