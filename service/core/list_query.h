#pragma once
// ListOperations requests in domain terms: validated filters, page size, and an opaque page
// token that remembers where the previous page ended and which filters it was for.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "cancela/v1/refund_service.pb.h"
#include "service/store/store.h"

namespace cancela::core {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

struct ListQuery {
  store::ListFilter filter;  // tenant filled in by the caller
  int page_size = kDefaultPageSize;
  std::optional<store::ListCursor> after;
};

// INVALID_ARGUMENT/FIELD_INVALID for a bad page size, sale, time range, status, or a page token
// that is malformed or was issued for other filters.
absl::StatusOr<ListQuery> ValidateListRequest(const v1::ListOperationsRequest& request,
                                              const std::string& tenant);

// The token that continues `query` after `last`.
std::string MakePageToken(const ListQuery& query, const store::ListCursor& last);

}  // namespace cancela::core
