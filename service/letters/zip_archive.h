#pragma once
// A ZIP archive built in memory with libzip, for BatchGetLetters' `as_zip`. PDFs are already
// compressed, so entries are stored, not deflated: the archive is fast to build and no larger.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace cancela::letters {

struct ZipEntry {
  std::string name;  // unique within the archive
  std::string content;
  absl::Time modified;
};

absl::StatusOr<std::string> BuildZip(const std::vector<ZipEntry>& entries);

}  // namespace cancela::letters
