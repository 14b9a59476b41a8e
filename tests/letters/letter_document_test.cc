#include "service/letters/letter_document.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/letters/letter_fixtures.h"

namespace cancela::letters {
namespace {

constexpr v1::LetterLanguage kPt = v1::LETTER_LANGUAGE_PT_BR;
constexpr v1::LetterLanguage kEn = v1::LETTER_LANGUAGE_EN_US;

TEST(LetterDocumentTest, FormatsAmountsForTheLanguageFromMinorUnits) {
  EXPECT_EQ(FormatAmount(123456, "BRL", kPt), "R$ 1.234,56");
  EXPECT_EQ(FormatAmount(123456, "BRL", kEn), "BRL 1,234.56");
  EXPECT_EQ(FormatAmount(5, "BRL", kPt), "R$ 0,05");
  EXPECT_EQ(FormatAmount(0, "BRL", kEn), "BRL 0.00");
  EXPECT_EQ(FormatAmount(100000000, "BRL", kPt), "R$ 1.000.000,00");
  EXPECT_EQ(FormatAmount(250000, "CLP", kPt), "CLP 250.000");  // no minor unit
  EXPECT_EQ(FormatAmount(1999, "USD", kEn), "USD 19.99");
  EXPECT_EQ(FormatAmount(-2500, "BRL", kPt), "-R$ 25,00");
}

std::string AllText(const LetterDocument& d) {
  std::string text = d.title + "\n" + d.subtitle + "\n" + d.statement + "\n";
  for (const LetterSection& s : d.sections) {
    text += s.heading + "\n";
    for (const LetterRow& r : s.rows) text += r.label + ": " + r.value + "\n";
  }
  return text + d.hash_label + "\n" + d.hash + "\n" + d.footer;
}

TEST(LetterDocumentTest, ThePortugueseLetterStatesEveryFactInBrasiliaTime) {
  auto facts = GatherFacts(cancela::testing::SucceededRefund(), cancela::testing::VisaSale(),
                           {"Loja Centro Comércio Ltda", "1234567890"});
  ASSERT_TRUE(facts.ok());
  const LetterDocument d = ComposeLetter(*facts, VerificationHash(*facts), kPt);
  const std::string text = AllText(d);
  EXPECT_EQ(d.language_tag, "pt-BR");
  for (const char* expected :
       {"Carta de Cancelamento", "Loja Centro Comércio Ltda", "1234567890", "Cielo E-commerce",
        "Data da venda: 10/11/2026 às 15:00 (horário de Brasília)", "Valor da venda: R$ 2.500,00",
        "Cartão de crédito Visa", "Cartão: final 0183", "PaymentId: 5eed0000-0000-4000-8000-000000000001",
        "NSU123456", "Estorno parcial", "Valor cancelado: R$ 1.234,56",
        "Concluído em: 20/11/2026 às 15:00 (horário de Brasília)", "Concluído com sucesso",
        "Operação: op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B", "AUTH-778899", "não requer assinatura"}) {
    EXPECT_TRUE(absl::StrContains(text, expected)) << expected << "\n" << text;
  }
  EXPECT_TRUE(absl::StrContains(text, VerificationHash(*facts)));
}

TEST(LetterDocumentTest, TheEnglishLetterStatesTheSameFacts) {
  auto facts = GatherFacts(cancela::testing::SucceededRefund(), cancela::testing::VisaSale(), {});
  ASSERT_TRUE(facts.ok());
  const std::string text = AllText(ComposeLetter(*facts, VerificationHash(*facts), kEn));
  for (const char* expected :
       {"Cancellation Letter", "Sale date: Nov 10, 2026, 03:00 PM (Brasília time)",
        "Sale amount: BRL 2,500.00", "Credit card Visa", "Card: ending in 0183", "Partial refund",
        "Cancelled amount: BRL 1,234.56", "Final status: Succeeded",
        "Operation: op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B"}) {
    EXPECT_TRUE(absl::StrContains(text, expected)) << expected << "\n" << text;
  }
}

TEST(LetterDocumentTest, VoidsAndTotalsAreNamedForWhatTheyAre) {
  store::OperationRecord record = cancela::testing::SucceededRefund();
  record.kind = v1::OPERATION_KIND_VOID;
  record.total = true;
  auto facts = GatherFacts(record, cancela::testing::VisaSale(), {});
  ASSERT_TRUE(facts.ok());
  EXPECT_TRUE(absl::StrContains(AllText(ComposeLetter(*facts, "h", kPt)), "Tipo: Cancelamento total"));
  EXPECT_TRUE(absl::StrContains(AllText(ComposeLetter(*facts, "h", kEn)), "Type: Void"));
}

}  // namespace
}  // namespace cancela::letters
