#pragma once
// Official letters in provider-sized calls: Cielo takes one EC and at most 10 cancellations per
// ZIP request (providers.md §1.3.4), so a request for many letters becomes several calls, and
// the PDFs come back in the order they were asked for.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_unica {

// One call to Cielo: a PDF when it names one cancellation, a ZIP otherwise.
struct LetterCall {
  std::string merchant_id;
  std::vector<size_t> subjects;      // indexes into the request, in its order
  std::vector<int64_t> control_ids;  // the same subjects' Cielo ids
};

// Groups by EC (keeping the request's order inside each group) and splits every group into calls
// of at most `per_request`. Refuses subjects that are not done or carry no Cielo id.
absl::StatusOr<std::vector<LetterCall>> PlanLetterCalls(const std::vector<LetterSubject>& subjects,
                                                        int per_request);

// The PDFs of a ZIP, one per control id in that order: matched by the control id in the entry's
// name, or by position when the names carry none [U: Cielo's naming is not documented].
absl::StatusOr<std::vector<std::string>> PdfsFromZip(std::string_view zip,
                                                     const std::vector<int64_t>& control_ids);

// True when `body` starts like a PDF ("%PDF-").
bool LooksLikePdf(std::string_view body);

}  // namespace cancela::providers::cielo_unica
