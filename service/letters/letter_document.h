#pragma once
// What a rendered letter says, in one language, laid out as sections of label/value rows: the
// wording and formatting (amounts, dates) live here, the drawing in letter_renderer.

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "cancela/v1/refund_service.pb.h"
#include "service/letters/letter_facts.h"

namespace cancela::letters {

struct LetterRow {
  std::string label;
  std::string value;
};

struct LetterSection {
  std::string heading;
  std::vector<LetterRow> rows;
};

struct LetterDocument {
  std::string language_tag;  // "pt-BR", "en-US" (the PDF's /Lang)
  std::string title;
  std::string subtitle;
  std::string statement;  // the paragraph that certifies the cancellation
  std::vector<LetterSection> sections;
  std::string hash_label;
  std::string hash;  // grouped for reading
  std::string footer;
  absl::Time issue_time;  // also the PDF's creation date, so a re-render gives the same bytes
};

// "R$ 1.234,56" (Portuguese) or "BRL 1,234.56" (English), from integer minor units.
std::string FormatAmount(int64_t minor_units, const std::string& currency,
                         v1::LetterLanguage language);

// The letter of `facts` in `language` (PT_BR or EN_US); `hash` is VerificationHash(facts).
LetterDocument ComposeLetter(const LetterFacts& facts, const std::string& hash,
                             v1::LetterLanguage language);

}  // namespace cancela::letters
