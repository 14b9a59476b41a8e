// Writes the sample letter of the tests as a PDF, for docs/letters (see its README), and with a
// count, renders it that many times and prints the time per letter:
//   letter_sample pt|en out.pdf [count]
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>

#include "service/letters/letter_renderer.h"
#include "tests/letters/letter_fixtures.h"

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: letter_sample pt|en out.pdf [count]\n";
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
  if (argc == 4) {
    const int count = std::stoi(argv[3]);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < count; ++i) {
      auto again = letters::RenderLetterPdf(
          letters::ComposeLetter(*facts, letters::VerificationHash(*facts), language));
      if (!again.ok() || *again != *pdf) return 1;
    }
    const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
    std::cout << count << " letters, " << elapsed.count() / count << " ms each, " << pdf->size()
              << " bytes\n";
  }
  return 0;
}
