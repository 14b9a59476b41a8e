#include "providers/cielo_unica/cielo_unica_letters.h"

#include <zip.h>

#include <map>
#include <memory>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "providers/cielo_unica/cielo_unica_transformers.h"

namespace cancela::providers::cielo_unica {
namespace {

absl::Status Invalid(const std::string& why) {
  return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                   absl::StrCat("Cielo's letter archive is unreadable: ", why));
}

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

// The control id a name like "carta_26032304382552.pdf" carries, if any of `wanted`.
std::optional<size_t> WantedIndexIn(const std::string& name, const std::vector<int64_t>& wanted) {
  for (size_t i = 0; i < wanted.size(); ++i) {
    if (absl::StrContains(name, absl::StrCat(wanted[i]))) return i;
  }
  return std::nullopt;
}

}  // namespace

bool LooksLikePdf(std::string_view body) { return absl::StartsWith(absl::string_view(body.data(), body.size()), "%PDF-"); }

absl::StatusOr<std::vector<LetterCall>> PlanLetterCalls(const std::vector<LetterSubject>& subjects,
                                                        int per_request) {
  std::vector<LetterCall> calls;
  std::map<std::string, size_t> open_call;  // EC -> its call still taking subjects
  for (size_t i = 0; i < subjects.size(); ++i) {
    const LetterSubject& subject = subjects[i];
    if (!std::holds_alternative<CieloUnicaSaleRef>(subject.command.sale)) {
      return MakeError(absl::StatusCode::kInvalidArgument, v1::SALE_REFERENCE_INVALID,
                       "a letter subject is not a Cielo Única sale", {{"field", "sale"}});
    }
    const auto ids = ParseEchoReference(subject.echo.reference);
    if (absl::AsciiStrToLower(subject.echo.status) != "done" || !ids || ids->control_id == 0) {
      return MakeError(absl::StatusCode::kFailedPrecondition, v1::LETTER_NOT_AVAILABLE,
                       "Cielo issues letters only for cancellations it reports done",
                       {{"subjectIndex", absl::StrCat(i)}});
    }
    const std::string& ec = std::get<CieloUnicaSaleRef>(subject.command.sale).merchant_id;
    auto open = open_call.find(ec);
    if (open == open_call.end() ||
        calls[open->second].subjects.size() >= static_cast<size_t>(per_request)) {
      calls.push_back(LetterCall{ec, {}, {}});
      open_call[ec] = calls.size() - 1;
      open = open_call.find(ec);
    }
    calls[open->second].subjects.push_back(i);
    calls[open->second].control_ids.push_back(ids->control_id);
  }
  return calls;
}

absl::StatusOr<std::vector<std::string>> PdfsFromZip(std::string_view zip,
                                                     const std::vector<int64_t>& control_ids) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return Invalid("cannot read the buffer");
  }
  std::unique_ptr<zip_t, ArchiveCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(source);
    return Invalid("not a ZIP archive");
  }
  std::vector<std::pair<std::string, std::string>> entries;  // name, content
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive.get(), index, 0, &stat) != 0 || stat.name == nullptr) {
      return Invalid("an entry cannot be read");
    }
    const std::string name = stat.name;
    if (!name.empty() && name.back() == '/') continue;  // a folder
    if (stat.size > 50u * 1024 * 1024) return Invalid("an entry is too large");
    std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive.get(), index, 0));
    if (!file) return Invalid("an entry cannot be opened");
    std::string content(static_cast<size_t>(stat.size), '\0');
    if (zip_fread(file.get(), content.data(), stat.size) != static_cast<zip_int64_t>(stat.size)) {
      return Invalid("an entry is truncated");
    }
    if (!LooksLikePdf(content)) return Invalid(absl::StrCat("entry ", name, " is not a PDF"));
    entries.emplace_back(name, std::move(content));
  }
  if (entries.size() != control_ids.size()) {
    return Invalid(absl::StrCat(entries.size(), " letters for ", control_ids.size(),
                                " cancellations"));
  }
  std::vector<std::optional<std::string>> by_subject(control_ids.size());
  bool named = true;
  for (auto& [name, content] : entries) {
    const auto at = WantedIndexIn(name, control_ids);
    if (!at || by_subject[*at]) {
      named = false;
      break;
    }
    by_subject[*at] = content;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < control_ids.size(); ++i) {
    out.push_back(named ? *by_subject[i] : std::move(entries[i].second));
  }
  return out;
}

}  // namespace cancela::providers::cielo_unica
