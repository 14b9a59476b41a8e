#include "service/server/letter_batch_stream.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/scrub.h"
#include "service/core/request_validation.h"
#include "service/letters/zip_archive.h"
#include "service/server/proto_conversion.h"
#include "service/server/status_conversion.h"

namespace cancela::server {
namespace {

constexpr int kPageSize = 50;                // letters produced per executor task
constexpr size_t kZipChunkBytes = 256 * 1024;  // well under the message size limit

absl::Status Invalid(const std::string& field, absl::string_view why) {
  return MakeError(absl::StatusCode::kInvalidArgument, v1::FIELD_INVALID,
                   absl::StrCat(field, ": ", why), {{"field", field}});
}

absl::StatusOr<absl::Time> TimeOf(const google::protobuf::Timestamp& t, const char* field) {
  // google.protobuf.Timestamp's range: years 0001 to 9999, nanos below one second.
  if (t.seconds() < -62135596800 || t.seconds() > 253402300799 || t.nanos() < 0 ||
      t.nanos() > 999999999) {
    return Invalid(field, "not a valid timestamp");
  }
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

v1::BatchGetLettersResponse FailureItem(const std::string& operation_id, const absl::Status& status) {
  v1::BatchGetLettersResponse item;
  v1::LetterFailure* failure = item.mutable_failure();
  failure->set_operation_id(operation_id);
  const std::string reason = ErrorReasonOf(status);
  failure->set_reason(reason.empty() ? "INTERNAL_ERROR" : reason);
  failure->set_message(ScrubbedMessage(status));  // a status message leaves the server here too
  return item;
}

}  // namespace

absl::StatusOr<LetterBatch> ValidateLetterBatch(const v1::BatchGetLettersRequest& request,
                                                const std::string& tenant) {
  LetterBatch batch;
  batch.tenant = tenant;
  if (!v1::LetterLanguage_IsValid(request.language())) {
    return Invalid("language", "not a LetterLanguage value");
  }
  batch.language = letters::EffectiveLanguage(request.language());
  batch.as_zip = request.as_zip();
  const bool has_range = request.has_create_time_start() || request.has_create_time_end();
  if (request.operation_ids_size() > 0 && has_range) {
    return Invalid("operation_ids", "give either operation_ids or a create-time range, not both");
  }
  if (request.operation_ids_size() > kMaxLettersPerBatch) {
    return Invalid("operation_ids", absl::StrCat("at most ", kMaxLettersPerBatch, " per request"));
  }
  if (request.operation_ids_size() > 0) {
    std::set<std::string> seen;
    for (int i = 0; i < request.operation_ids_size(); ++i) {
      const std::string& id = request.operation_ids(i);
      if (!core::IsWellFormedOperationId(id)) {
        return Invalid(absl::StrCat("operation_ids[", i, "]"),
                       "expected \"op_\" followed by 26 characters");
      }
      if (seen.insert(id).second) batch.operation_ids.push_back(id);
    }
    return batch;
  }
  if (!has_range) {
    return Invalid("operation_ids", "required: operation_ids, or create_time_start/create_time_end");
  }
  batch.by_range = true;
  if (request.has_create_time_start()) {
    auto start = TimeOf(request.create_time_start(), "create_time_start");
    if (!start.ok()) return start.status();
    batch.start = *start;
  }
  if (request.has_create_time_end()) {
    auto end = TimeOf(request.create_time_end(), "create_time_end");
    if (!end.ok()) return end.status();
    batch.end = *end;
  }
  if (batch.end <= batch.start) return Invalid("create_time_end", "must be after create_time_start");
  return batch;
}

LetterBatchStream::LetterBatchStream(letters::LetterService& letters, Executor& executor,
                                     LetterBatch batch,
                                     std::function<void(const absl::Status&)> on_end)
    : letters_(letters), executor_(executor), batch_(std::move(batch)), on_end_(std::move(on_end)) {}

LetterBatchStream* LetterBatchStream::Start(letters::LetterService& letters, Executor& executor,
                                            LetterBatch batch,
                                            std::function<void(const absl::Status&)> on_end) {
  auto* stream = new LetterBatchStream(letters, executor, std::move(batch), std::move(on_end));
  Action action;
  {
    absl::MutexLock lock(&stream->mu_);
    stream->AdvanceLocked(action);
  }
  stream->Act(action);
  return stream;
}

absl::StatusOr<std::vector<std::string>> LetterBatchStream::NextIds(int limit) {
  if (!batch_.by_range) {
    const size_t end = std::min(batch_.operation_ids.size(), next_index_ + static_cast<size_t>(limit));
    std::vector<std::string> ids(batch_.operation_ids.begin() + static_cast<std::ptrdiff_t>(next_index_),
                                 batch_.operation_ids.begin() + static_cast<std::ptrdiff_t>(end));
    next_index_ = end;
    return ids;
  }
  if (range_done_) return std::vector<std::string>();
  auto ids = letters_.SucceededBetween(batch_.tenant, batch_.start, batch_.end, cursor_, limit);
  if (ids.ok() && static_cast<int>(ids->size()) < limit) range_done_ = true;
  return ids;
}

absl::Status LetterBatchStream::ProducePage(std::vector<v1::BatchGetLettersResponse>& out,
                                            bool& last) {
  auto ids = NextIds(kPageSize);
  if (!ids.ok()) return ids.status();
  last = ids->empty();
  for (letters::LetterResult& result :
       letters_.GetMany(batch_.tenant, *ids, batch_.language, batch_.deadline)) {
    if (result.letter.ok()) {
      *out.emplace_back().mutable_letter() = ToProto(*result.letter);
    } else {
      out.push_back(FailureItem(result.operation_id, result.letter.status()));
    }
  }
  return absl::OkStatus();
}

absl::Status LetterBatchStream::ProduceZip(std::vector<v1::BatchGetLettersResponse>& out) {
  std::vector<std::string> ids;
  while (true) {
    auto page = NextIds(kPageSize);
    if (!page.ok()) return page.status();
    if (page->empty()) break;
    ids.insert(ids.end(), page->begin(), page->end());
    if (ids.size() > static_cast<size_t>(kMaxLettersPerBatch)) {
      return Invalid("create_time_start",
                     absl::StrCat("the range holds more than ", kMaxLettersPerBatch,
                                  " letters, too many for one ZIP: narrow it, or stream the "
                                  "letters without as_zip"));
    }
  }
  std::vector<letters::ZipEntry> entries;
  for (size_t i = 0; i < ids.size() && !cancelled_.load(); i += kPageSize) {
    const std::vector<std::string> page(
        ids.begin() + static_cast<std::ptrdiff_t>(i),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kPageSize)));
    for (letters::LetterResult& result :
         letters_.GetMany(batch_.tenant, page, batch_.language, batch_.deadline)) {
      if (result.letter.ok()) {
        entries.push_back({result.letter->file_name, std::move(result.letter->content),
                           result.letter->create_time});
      } else {
        out.push_back(FailureItem(result.operation_id, result.letter.status()));
      }
    }
  }
  auto zip = letters::BuildZip(entries);
  if (!zip.ok()) return zip.status();
  for (size_t offset = 0; offset < zip->size(); offset += kZipChunkBytes) {
    out.emplace_back().set_zip_chunk(zip->substr(offset, kZipChunkBytes));
  }
  return absl::OkStatus();
}

void LetterBatchStream::Produce() {
  std::vector<v1::BatchGetLettersResponse> messages;
  bool last = true;
  absl::Status status = absl::OkStatus();
  if (!cancelled_.load()) status = batch_.as_zip ? ProduceZip(messages) : ProducePage(messages, last);
  Action action;
  {
    absl::MutexLock lock(&mu_);
    producing_ = false;
    for (auto& message : messages) queue_.push_back(std::move(message));
    if (!status.ok()) error_ = status;
    if (last) produced_all_ = true;
    AdvanceLocked(action);
  }
  Act(action);
}

void LetterBatchStream::AdvanceLocked(Action& action) {
  if (finished_) return;
  if (cancelled_.load() || !error_.ok()) {
    if (writing_ || producing_) return;  // they come back here when done
    finished_ = true;
    action.finish = error_.ok() ? absl::CancelledError("cancelled by the caller") : error_;
    return;
  }
  if (writing_) return;
  if (!queue_.empty()) {
    in_flight_ = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    action.write = true;
    return;
  }
  if (producing_) return;
  if (produced_all_) {
    finished_ = true;
    action.finish = absl::OkStatus();
    return;
  }
  producing_ = true;
  action.produce = true;
}

void LetterBatchStream::Act(const Action& action) {
  if (action.write) StartWrite(&in_flight_);  // in_flight_ is untouched while writing_
  if (action.produce) executor_.Submit([this] { Produce(); });
  if (action.finish) {
    if (on_end_) on_end_(*action.finish);
    Finish(ToGrpcStatus(*action.finish));
  }
}

void LetterBatchStream::OnWriteDone(bool ok) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) cancelled_.store(true);  // the stream broke
    AdvanceLocked(action);
  }
  Act(action);
}

void LetterBatchStream::OnCancel() {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    cancelled_.store(true);
    AdvanceLocked(action);
  }
  Act(action);
}

void LetterBatchStream::OnDone() { delete this; }

}  // namespace cancela::server
