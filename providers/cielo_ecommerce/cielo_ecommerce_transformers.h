#pragma once
// Pure translations between Cielo E-commerce 3.0 JSON and cancela's provider types. No I/O.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "providers/http/http_transport.h"
#include "providers/provider.h"

namespace cancela::providers::cielo_ecommerce {

// Cielo writes local Brasília time ("2022-07-29 17:16:22", UTC-03:00, no daylight saving).
absl::TimeZone BrasiliaTime();
std::optional<absl::Time> ParseCieloTime(const std::string& text);

// PUT {base}/1/sales/{payment_id}/void[?amount={cents}]
std::string VoidUrl(const std::string& transactional_url, const std::string& payment_id,
                    std::optional<int64_t> amount_minor_units);
// GET {base}/1/sales/{payment_id}
std::string SaleUrl(const std::string& query_url, const std::string& payment_id);

// A Pix refund as listed in Payment.Refunds[] (a node newer Cielo docs describe; parsed when
// present). Status: 0 communication failure, 1 and 2 scheduled, 3 success, 4 denied.
struct RefundEntry {
  int64_t amount_minor_units = 0;
  int status = -1;
  std::optional<absl::Time> received;
};

struct ParsedSale {
  SaleSnapshot sale;
  std::vector<RefundEntry> refunds;
};

// The query answer. Errors: NOT_FOUND/SALE_NOT_FOUND (404), INTERNAL/PROVIDER_AUTH_FAILED
// (401/403), UNAVAILABLE/PROVIDER_UNAVAILABLE (5xx), INTERNAL/PROVIDER_RESPONSE_INVALID.
absl::StatusOr<ParsedSale> ParseSaleResponse(const http::Response& response);

// The void answer, HTTP status included. Only explicit success is success; anything unreadable
// is kUnknown.
ProviderResult ParseVoidResponse(const http::Response& response);

}  // namespace cancela::providers::cielo_ecommerce
