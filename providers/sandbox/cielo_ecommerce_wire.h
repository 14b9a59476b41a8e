#pragma once
// The Cielo E-commerce 3.0 response bodies, shaped like providers.md §2.7's examples (field names,
// order, strings versus numbers: ReturnCode is a string, Status a number). Absent facts are
// omitted, never sent as null.

#include <string>
#include <string_view>

#include "nlohmann/json.hpp"
#include "providers/sandbox/cielo_ecommerce_types.h"

namespace cancela::sandbox {

// Where the simulator's two listeners are, as written in Links ("http://127.0.0.1:8101").
struct CieloEndpoints {
  std::string transactional_base;
  std::string query_base;
};

// [{"Method": "GET", "Rel": "self", ...}, {"Method": "PUT", "Rel": "void", ...}].
nlohmann::ordered_json CieloLinks(const std::string& payment_id, const CieloEndpoints& endpoints,
                                  bool with_void);

// GET /1/sales/{PaymentId}: {"MerchantOrderId", "Payment": {...}}.
nlohmann::ordered_json CieloQueryBody(const CieloSale& sale, const CieloEndpoints& endpoints);

// A validation error list: [{"Code": 309, "Message": "..."}].
std::string CieloErrorBody(int code, std::string_view message);

// PUT .../void answers.
nlohmann::ordered_json CieloCardVoidTotalBody(const CieloSale& sale,
                                              const CieloEndpoints& endpoints);
nlohmann::ordered_json CieloCardVoidPartialBody(const CieloSale& sale,
                                                const CieloEndpoints& endpoints);
nlohmann::ordered_json CieloCardVoidDeclinedBody(const CieloSale& sale, std::string_view code,
                                                 std::string_view message,
                                                 const CieloEndpoints& endpoints);
nlohmann::ordered_json CieloPixRefundScheduledBody(const CieloSale& sale,
                                                   const CieloEndpoints& endpoints);
nlohmann::ordered_json CieloPixRefundDeclinedBody(const CieloSale& sale, std::string_view code,
                                                  std::string_view message,
                                                  const CieloEndpoints& endpoints);

}  // namespace cancela::sandbox
