#pragma once
// Reads what a PDF says the way a person's viewer would: poppler's pdftotext and pdffonts
// (poppler-utils, installed by scripts/setup.sh), on a temporary file.

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"

namespace cancela::testing {

// The output of a shell command run on `pdf` written to a file ("{}" in `command` is its path).
inline std::string RunOnPdf(const std::string& pdf, const std::string& command) {
  static int counter = 0;
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      absl::StrCat("cancela-letter-", getpid(), "-", absl::ToUnixNanos(absl::Now()), "-",
                   counter++, ".pdf");
  {
    std::ofstream out(path, std::ios::binary);
    out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
  }
  const std::string line = absl::StrReplaceAll(command, {{"{}", path.string()}});
  std::string output;
  if (FILE* pipe = popen(line.c_str(), "r")) {
    char buffer[4096];
    size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    pclose(pipe);
  }
  std::filesystem::remove(path);
  return output;
}

// The text, in reading order, with runs of spaces and line breaks collapsed to one space, so
// that a fact wrapped over two lines is still found.
inline std::string PdfText(const std::string& pdf) {
  const std::string raw = RunOnPdf(pdf, "pdftotext -enc UTF-8 {} - 2>/dev/null");
  std::string out;
  bool space = false;
  for (char c : raw) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

// pdffonts' table: one line per font with its type, encoding and whether it is embedded.
inline std::string PdfFonts(const std::string& pdf) { return RunOnPdf(pdf, "pdffonts {} 2>/dev/null"); }

}  // namespace cancela::testing
