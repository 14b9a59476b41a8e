#include "service/letters/letter_service.h"

#include <algorithm>
#include <set>

#include "absl/time/clock.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/log.h"
#include "service/core/stored_command.h"
#include "service/letters/letter_document.h"
#include "service/letters/letter_renderer.h"

namespace cancela::letters {
namespace {

constexpr char kPdf[] = "application/pdf";

absl::Status NotAvailable(const store::OperationRecord& record) {
  const bool pending = record.status == v1::OPERATION_STATUS_PENDING;
  return MakeError(absl::StatusCode::kFailedPrecondition, v1::LETTER_NOT_AVAILABLE,
                   pending ? "the operation is still PENDING: a letter exists once it SUCCEEDED"
                           : "the operation FAILED: nothing was cancelled, so there is no letter",
                   {{"operationId", record.operation_id},
                    {"status", v1::OperationStatus_Name(record.status)}});
}

absl::Status AccountGone(const store::OperationRecord& record) {
  return MakeError(absl::StatusCode::kFailedPrecondition, v1::PROVIDER_ACCOUNT_NOT_FOUND,
                   "the operation's provider account is no longer configured",
                   {{"providerAccount", record.provider_account}});
}

absl::Status BadOfficialLetter(const std::string& what) {
  return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                   absl::StrCat("the provider's letters are unusable: ", what));
}

}  // namespace

v1::LetterLanguage EffectiveLanguage(v1::LetterLanguage language) {
  return language == v1::LETTER_LANGUAGE_EN_US ? v1::LETTER_LANGUAGE_EN_US
                                               : v1::LETTER_LANGUAGE_PT_BR;
}

std::string LetterService::FileNameOf(const std::string& operation_id,
                                      v1::LetterLanguage language) {
  return absl::StrCat(EffectiveLanguage(language) == v1::LETTER_LANGUAGE_EN_US
                          ? "cancellation-letter-"
                          : "carta-de-cancelamento-",
                      operation_id, ".pdf");
}

LetterService::LetterService(store::Store& store, const core::ProviderAccounts& accounts,
                             const Clock& clock, LetterOptions options)
    : store_(store), accounts_(accounts), clock_(clock), options_(std::move(options)) {}

absl::Time LetterService::ProviderDeadline(absl::Time deadline) const {
  // Deadlines are real time (the RPC's is); clock_ is business time and may be simulated.
  return std::min(deadline, absl::Now() + options_.provider_timeout);
}

absl::StatusOr<store::LetterRecord> LetterService::Get(const std::string& tenant,
                                                       const std::string& operation_id,
                                                       v1::LetterLanguage language,
                                                       absl::Time deadline) {
  std::vector<LetterResult> results = GetMany(tenant, {operation_id}, language, deadline);
  return std::move(results.front().letter);
}

std::vector<LetterResult> LetterService::GetMany(const std::string& tenant,
                                                 const std::vector<std::string>& operation_ids,
                                                 v1::LetterLanguage language,
                                                 absl::Time deadline) {
  language = EffectiveLanguage(language);
  std::vector<LetterResult> results;
  results.reserve(operation_ids.size());
  // Official letters not stored yet, per provider account, asked for together at the end.
  std::map<std::string, std::vector<store::OperationRecord>> official;
  std::set<std::string> official_ids;
  for (const std::string& id : operation_ids) {
    LetterResult& result = results.emplace_back(LetterResult{id, absl::UnknownError("")});
    auto record = store_.Get(tenant, id);
    if (!record.ok()) {
      result.letter = record.status();
      continue;
    }
    if (record->status != v1::OPERATION_STATUS_SUCCEEDED) {
      result.letter = NotAvailable(*record);
      continue;
    }
    auto stored = store_.FindLetter(id, language);
    if (!stored.ok()) {
      result.letter = stored.status();
      continue;
    }
    if (stored->has_value()) {
      result.letter = **stored;
      continue;
    }
    core::ProviderAccount* account = accounts_.FindAny(record->provider_account);
    if (account == nullptr) {
      result.letter = AccountGone(*record);
    } else if (account->adapter->IssuesLetters()) {
      if (official_ids.insert(id).second) official[account->name].push_back(*record);
    } else {
      result.letter = Render(*record, *account->adapter, language, deadline);
    }
  }
  std::map<std::string, absl::StatusOr<store::LetterRecord>> fetched;
  for (const auto& [account_name, records] : official) {
    std::vector<const store::OperationRecord*> group;
    for (const store::OperationRecord& record : records) group.push_back(&record);
    FetchOfficial(group, *accounts_.FindAny(account_name)->adapter, language, deadline, fetched);
  }
  for (LetterResult& result : results) {
    if (auto it = fetched.find(result.operation_id); it != fetched.end()) result.letter = it->second;
  }
  return results;
}

absl::StatusOr<store::LetterRecord> LetterService::Render(const store::OperationRecord& record,
                                                          providers::Provider& adapter,
                                                          v1::LetterLanguage language,
                                                          absl::Time deadline) {
  auto command = core::CommandFromRecord(record);
  if (!command.ok()) return command.status();
  // The sale's date, card and references come from the provider, once: the letter is stored.
  std::optional<providers::SaleSnapshot> sale;
  auto snapshot = adapter.GetSale(command->sale, ProviderDeadline(deadline));
  if (snapshot.ok()) {
    sale = *std::move(snapshot);
  } else if (snapshot.status().code() == absl::StatusCode::kNotFound) {
    // Providers stop answering for old sales (Cielo: about 90 days); the letter then states what
    // cancela recorded, which is still true.
    log::Info("letter without provider sale facts",
              {{"operation_id", record.operation_id}, {"reason", ErrorReasonOf(snapshot.status())}});
  } else {
    return snapshot.status();
  }
  const auto merchant = options_.merchants.find(record.provider_account);
  auto facts = GatherFacts(record, sale,
                           merchant == options_.merchants.end() ? MerchantIdentity{}
                                                                : merchant->second);
  if (!facts.ok()) return facts.status();
  store::LetterRecord letter;
  letter.operation_id = record.operation_id;
  letter.language = language;
  letter.source = v1::LETTER_SOURCE_CANCELA;
  letter.content_type = kPdf;
  letter.file_name = FileNameOf(record.operation_id, language);
  letter.verification_hash = VerificationHash(*facts);
  auto pdf = RenderLetterPdf(ComposeLetter(*facts, letter.verification_hash, language));
  if (!pdf.ok()) return pdf.status();
  letter.content = *std::move(pdf);
  letter.create_time = clock_.Now();
  return SaveOnce(std::move(letter));
}

absl::StatusOr<store::LetterRecord> LetterService::SaveOnce(store::LetterRecord letter) {
  auto stored = store_.SaveLetterIfAbsent(letter);
  if (stored.ok() && stored->content == letter.content) {
    log::Info("letter produced",
              {{"operation_id", letter.operation_id},
               {"language", v1::LetterLanguage_Name(letter.language)},
               {"source", v1::LetterSource_Name(letter.source)},
               {"bytes", absl::StrCat(letter.content.size())}});
  }
  return stored;
}

void LetterService::FetchOfficial(const std::vector<const store::OperationRecord*>& records,
                                  providers::Provider& adapter, v1::LetterLanguage language,
                                  absl::Time deadline,
                                  std::map<std::string, absl::StatusOr<store::LetterRecord>>& out) {
  std::vector<providers::LetterSubject> subjects;
  std::vector<const store::OperationRecord*> asked;
  for (const store::OperationRecord* record : records) {
    auto command = core::CommandFromRecord(*record);
    if (!command.ok()) {
      out.insert_or_assign(record->operation_id, command.status());
      continue;
    }
    subjects.push_back({*std::move(command), record->echo});
    asked.push_back(record);
  }
  if (subjects.empty()) return;
  auto issued = adapter.FetchLetters(subjects,
                                     language == v1::LETTER_LANGUAGE_EN_US
                                         ? providers::LetterLanguage::kEnglish
                                         : providers::LetterLanguage::kPortuguese,
                                     ProviderDeadline(deadline));
  if (!issued.ok() && asked.size() > 1 && ErrorReasonOf(issued.status()) == "LETTER_NOT_READY") {
    // One letter not issued yet fails the provider's whole request: ask one by one, so that the
    // letters that are ready are not held back by it.
    for (const store::OperationRecord* record : asked) FetchOfficial({record}, adapter, language, deadline, out);
    return;
  }
  if (issued.ok() && issued->pdfs.size() != asked.size()) {
    issued = BadOfficialLetter(absl::StrCat(issued->pdfs.size(), " letters for ", asked.size(),
                                            " cancellations"));
  }
  for (size_t i = 0; i < asked.size(); ++i) {
    const std::string& id = asked[i]->operation_id;
    if (!issued.ok()) {
      out.insert_or_assign(id, issued.status());
      continue;
    }
    const std::string& pdf = issued->pdfs[i];
    if (!absl::StartsWith(pdf, "%PDF-")) {
      out.insert_or_assign(id, BadOfficialLetter("a letter is not a PDF"));
      continue;
    }
    store::LetterRecord letter;
    letter.operation_id = id;
    letter.language = language;
    letter.source = v1::LETTER_SOURCE_PROVIDER;
    letter.content_type = kPdf;
    letter.file_name = FileNameOf(id, language);
    letter.content = pdf;
    letter.create_time = clock_.Now();
    out.insert_or_assign(id, SaveOnce(std::move(letter)));
  }
}

absl::StatusOr<std::vector<std::string>> LetterService::SucceededBetween(
    const std::string& tenant, absl::Time start, absl::Time end,
    std::optional<store::ListCursor>& cursor, int limit) {
  store::ListFilter filter;
  filter.tenant = tenant;
  filter.statuses = {v1::OPERATION_STATUS_SUCCEEDED};
  filter.create_time_start = start;
  filter.create_time_end = end;
  auto page = store_.ListOperations(filter, cursor, limit);
  if (!page.ok()) return page.status();
  std::vector<std::string> ids;
  for (const store::OperationRecord& record : *page) ids.push_back(record.operation_id);
  if (!page->empty()) cursor = store::ListCursor{page->back().create_time, page->back().operation_id};
  return ids;
}

}  // namespace cancela::letters
