// Writes the sample letter of the tests as a PDF, for docs/letters (see its README):
//   letter_sample pt|en out.pdf
#include <fstream>
#include <iostream>
#include <string>

#include "service/letters/letter_renderer.h"
#include "tests/letters/letter_fixtures.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: letter_sample pt|en out.pdf\n";
    return 2;
  }
  using namespace cancela;
  const v1::LetterLanguage language =
      std::string(argv[1]) == "en" ? v1::LETTER_LANGUAGE_EN_US : v1::LETTER_LANGUAGE_PT_BR;
  auto facts = letters::GatherFacts(testing::SucceededRefund(), testing::VisaSale(),
                                    {"Loja Centro Comércio de Calçados Ltda", "1020304050"});
  if (!facts.ok()) return 1;
  auto pdf = letters::RenderLetterPdf(
      letters::ComposeLetter(*facts, letters::VerificationHash(*facts), language));
  if (!pdf.ok()) {
    std::cerr << pdf.status() << "\n";
    return 1;
  }
  std::ofstream(argv[2], std::ios::binary) << *pdf;
  return 0;
}
