#include "service/letters/letter_renderer.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/letters/letter_fixtures.h"
#include "tests/letters/pdf_text.h"

namespace cancela::letters {
namespace {

LetterDocument Document(v1::LetterLanguage language) {
  auto facts = GatherFacts(cancela::testing::SucceededRefund(), cancela::testing::VisaSale(),
                           {"Açougue São João Ltda", "1234567890"});
  EXPECT_TRUE(facts.ok());
  return ComposeLetter(*facts, VerificationHash(*facts), language);
}

TEST(LetterRendererTest, EveryFactCanBeReadBackFromThePdfWithItsAccents) {
  for (v1::LetterLanguage language : {v1::LETTER_LANGUAGE_PT_BR, v1::LETTER_LANGUAGE_EN_US}) {
    const LetterDocument d = Document(language);
    auto pdf = RenderLetterPdf(d);
    ASSERT_TRUE(pdf.ok()) << pdf.status();
    ASSERT_TRUE(absl::StartsWith(*pdf, "%PDF-"));
    const std::string text = cancela::testing::PdfText(*pdf);
    EXPECT_TRUE(absl::StrContains(text, d.title)) << text;
    EXPECT_TRUE(absl::StrContains(text, d.hash)) << text;
    EXPECT_TRUE(absl::StrContains(text, "Açougue São João Ltda")) << text;
    for (const LetterSection& section : d.sections) {
      EXPECT_TRUE(absl::StrContains(text, section.heading)) << section.heading;
      for (const LetterRow& row : section.rows) {
        EXPECT_TRUE(absl::StrContains(text, row.label)) << row.label << "\n" << text;
        EXPECT_TRUE(absl::StrContains(text, row.value)) << row.value << "\n" << text;
      }
    }
    EXPECT_FALSE(absl::StrContains(text, "455187"));
  }
  const std::string pt = cancela::testing::PdfText(*RenderLetterPdf(Document(v1::LETTER_LANGUAGE_PT_BR)));
  for (const char* accented : {"Cancelamento", "Operação", "não", "Código de verificação", "Concluído"}) {
    EXPECT_TRUE(absl::StrContains(pt, accented)) << accented;
  }
}

TEST(LetterRendererTest, EmbedsItsFonts) {
  auto pdf = RenderLetterPdf(Document(v1::LETTER_LANGUAGE_PT_BR));
  ASSERT_TRUE(pdf.ok());
  const std::string fonts = cancela::testing::PdfFonts(*pdf);
  EXPECT_TRUE(absl::StrContains(fonts, "DejaVuSans")) << fonts;
  // pdffonts' "emb" column: every font line says yes.
  int lines = 0;
  for (absl::string_view line : absl::StrSplit(fonts, '\n')) {
    if (!absl::StrContains(line, "DejaVu")) continue;
    ++lines;
    EXPECT_TRUE(absl::StrContains(line, " yes ")) << line;
  }
  EXPECT_GE(lines, 3);
}

TEST(LetterRendererTest, TheSameDocumentGivesTheSameBytes) {
  auto first = RenderLetterPdf(Document(v1::LETTER_LANGUAGE_PT_BR));
  auto second = RenderLetterPdf(Document(v1::LETTER_LANGUAGE_PT_BR));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_NE(*first, *RenderLetterPdf(Document(v1::LETTER_LANGUAGE_EN_US)));
}

TEST(LetterRendererTest, FitsOnOnePage) {
  auto pdf = RenderLetterPdf(Document(v1::LETTER_LANGUAGE_PT_BR));
  ASSERT_TRUE(pdf.ok());
  EXPECT_EQ(cancela::testing::RunOnPdf(*pdf, "pdfinfo {} | sed -n 's/^Pages: *//p'"), "1\n");
}

}  // namespace
}  // namespace cancela::letters
