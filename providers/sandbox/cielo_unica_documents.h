#pragma once
// The simulated letters: a small, valid one-page PDF per cancellation, and a ZIP of several.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace cancela::sandbox {

// A one-page PDF (Helvetica, A4) showing `lines`. ASCII only: others become '?'.
std::string MinimalPdf(const std::vector<std::string>& lines);

// A ZIP archive of (name, content) entries.
absl::StatusOr<std::string> ZipOf(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace cancela::sandbox
