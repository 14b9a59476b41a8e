#pragma once
// Draws a LetterDocument as a one-page A4 PDF with pango (text layout, wrapping, shaping) on a
// cairo PDF surface, which embeds subsets of the fonts used (DejaVu, from fonts-dejavu-core), so
// accents print and extract right everywhere. The same document always gives the same bytes.

#include <string>

#include "absl/status/statusor.h"
#include "service/letters/letter_document.h"

namespace cancela::letters {

absl::StatusOr<std::string> RenderLetterPdf(const LetterDocument& document);

}  // namespace cancela::letters
