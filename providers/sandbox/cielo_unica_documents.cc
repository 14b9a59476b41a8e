#include "providers/sandbox/cielo_unica_documents.h"

#include <zip.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace cancela::sandbox {
namespace {

// A PDF string literal: parentheses and backslashes escaped, non-ASCII replaced.
std::string PdfText(const std::string& line) {
  std::string out;
  for (unsigned char c : line) {
    if (c == '(' || c == ')' || c == '\\') out.push_back('\\');
    out.push_back(c >= 32 && c < 127 ? static_cast<char>(c) : '?');
  }
  return out;
}

}  // namespace

std::string MinimalPdf(const std::vector<std::string>& lines) {
  std::string content = "BT /F1 12 Tf 72 770 Td 16 TL\n";
  for (const std::string& line : lines) absl::StrAppend(&content, "(", PdfText(line), ") Tj T*\n");
  content += "ET\n";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      absl::StrCat("<< /Length ", content.size(), " >>\nstream\n", content, "endstream"),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  };
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    absl::StrAppend(&pdf, i + 1, " 0 obj\n", objects[i], "\nendobj\n");
  }
  const size_t xref = pdf.size();
  absl::StrAppend(&pdf, "xref\n0 ", objects.size() + 1, "\n0000000000 65535 f \n");
  for (size_t offset : offsets) pdf += absl::StrFormat("%010d 00000 n \n", offset);
  absl::StrAppend(&pdf, "trailer\n<< /Size ", objects.size() + 1, " /Root 1 0 R >>\nstartxref\n",
                  xref, "\n%%EOF\n");
  return pdf;
}

absl::StatusOr<std::string> ZipOf(const std::vector<std::pair<std::string, std::string>>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return absl::InternalError("zip: no buffer");
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    return absl::InternalError("zip: cannot open the buffer");
  }
  zip_source_keep(buffer);  // survives zip_close, which writes into it
  for (const auto& [name, content] : files) {
    zip_source_t* entry = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (entry == nullptr || zip_file_add(archive, name.c_str(), entry, ZIP_FL_ENC_UTF_8) < 0) {
      if (entry != nullptr) zip_source_free(entry);
      zip_discard(archive);
      zip_source_free(buffer);
      return absl::InternalError("zip: cannot add an entry");
    }
  }
  if (zip_close(archive) != 0) {
    zip_discard(archive);
    zip_source_free(buffer);
    return absl::InternalError("zip: cannot write the archive");
  }
  std::string out;
  if (zip_source_open(buffer) == 0) {
    char chunk[8192];
    zip_int64_t n;
    while ((n = zip_source_read(buffer, chunk, sizeof(chunk))) > 0) {
      out.append(chunk, static_cast<size_t>(n));
    }
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  if (out.empty()) return absl::InternalError("zip: empty archive");
  return out;
}

}  // namespace cancela::sandbox
