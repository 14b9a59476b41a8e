#include "providers/sandbox/reply_flood.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "providers/sandbox/json_text.h"

namespace cancela::sandbox {
namespace {

using Json = nlohmann::ordered_json;

std::string ContentType(const HttpReply& reply) {
  for (const auto& [name, value] : reply.headers) {
    if (absl::EqualsIgnoreCase(name, "content-type")) return absl::AsciiStrToLower(value);
  }
  return "";
}

// Letters and other files: flooding them would only corrupt the document.
bool IsBinary(const std::string& content_type) {
  return absl::StartsWith(content_type, "application/pdf") ||
         absl::StartsWith(content_type, "application/zip") ||
         absl::StartsWith(content_type, "application/octet-stream");
}

// Appends `text` to every free-text string under `value`, puts `card` (if any) in every card
// number field and adds the extra field to every object. Returns how many fields it changed.
int64_t FloodJson(Json& value, const std::string& text, const std::string& card) {
  int64_t changed = 0;
  if (value.is_array()) {
    for (Json& element : value) changed += FloodJson(element, text, card);
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (it.value().is_string() && ReplyFlood::IsFreeTextKey(it.key())) {
        it.value() = absl::StrCat(it.value().get<std::string>(), " ", text);
        ++changed;
      } else if (it.value().is_string() && !card.empty() && ReplyFlood::IsCardNumberKey(it.key())) {
        it.value() = card;
        ++changed;
      } else {
        changed += FloodJson(it.value(), text, card);
      }
    }
    value[ReplyFlood::kExtraField] = text;
  }
  return changed;
}

}  // namespace

bool ReplyFlood::IsFreeTextKey(const std::string& key) {
  const std::string lower = absl::AsciiStrToLower(key);
  for (const char* part : {"message", "description", "descriptor", "detail", "note", "holder"}) {
    if (absl::StrContains(lower, part)) return true;
  }
  return lower == "error";
}

bool ReplyFlood::IsCardNumberKey(const std::string& key) {
  const std::string lower = absl::AsciiStrToLower(key);
  return lower == "cardnumber" || lower == "card_number" || lower == "maskednumber" ||
         lower == "cardmaskednumber";
}

void ReplyFlood::Arm(std::string text, std::string card_number) {
  absl::MutexLock lock(&mu_);
  text_ = std::move(text);
  card_number_ = std::move(card_number);
  armed_ = true;
  counts_ = Counts();
}

void ReplyFlood::Disarm() {
  absl::MutexLock lock(&mu_);
  armed_ = false;
}

void ReplyFlood::Apply(HttpReply& reply) {
  std::string text;
  std::string card;
  {
    absl::MutexLock lock(&mu_);
    if (!armed_ || reply.action != ReplyAction::kRespond) return;
    text = text_;
    card = card_number_;
  }
  int64_t fields = 0;
  const std::string content_type = ContentType(reply);
  if (!IsBinary(content_type)) {
    Json body = Json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
    if (!body.is_discarded() && (body.is_object() || body.is_array())) {
      fields = FloodJson(body, text, card);
      reply.body = DumpJson(body);
    } else if (!reply.body.empty() || reply.status >= 400) {
      // An HTML or plain-text answer, or an error without a body: the text becomes part of it.
      reply.body = reply.body.empty() ? text : absl::StrCat(reply.body, "\n", text);
      fields = 1;
    }
  }
  reply.headers[kExtraHeader] = text;
  absl::MutexLock lock(&mu_);
  ++counts_.replies;
  counts_.flooded_fields += fields;
}

ReplyFlood::Counts ReplyFlood::counts() const {
  absl::MutexLock lock(&mu_);
  return counts_;
}

nlohmann::json ReplyFlood::ToJson() const {
  absl::MutexLock lock(&mu_);
  return {{"armed", armed_},
          {"text", text_},
          {"replies", counts_.replies},
          {"flooded_fields", counts_.flooded_fields}};
}

}  // namespace cancela::sandbox
