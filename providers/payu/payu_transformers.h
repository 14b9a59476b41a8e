#pragma once
// Pure translations between PayU Latam's JSON (Payments API SUBMIT_TRANSACTION, Queries API
// ORDER_DETAIL) and cancela's provider types. No I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "providers/http/http_transport.h"
#include "providers/payu/payu_settings.h"
#include "providers/provider.h"

namespace cancela::providers::payu {

// SUBMIT_TRANSACTION: VOID, REFUND (total) or PARTIAL_REFUND with additionalValues.TX_VALUE in
// decimal major units. The body carries the merchant's credentials: never log it.
// Errors: INVALID_ARGUMENT/CURRENCY_INVALID for a currency PayU does not take.
absl::StatusOr<nlohmann::json> ToSubmitRequest(const Settings& settings,
                                               const CancelCommand& command);

// The caller's reason as PayU may see it: every run of 12 or more digits (spaces and dashes
// between them allowed: a card number) masked with '*', control characters as spaces, at most
// 255 bytes (cut on a UTF-8 boundary).
std::string ScrubReason(std::string_view reason);

// ORDER_DETAIL of one order (the order id as a number, as the Queries API documents).
nlohmann::json ToOrderDetailRequest(const Settings& settings, const std::string& order_id);

// One transaction of an order, as ORDER_DETAIL lists it (newest first).
struct PayuTransaction {
  std::string id;
  std::string type;  // AUTHORIZATION, AUTHORIZATION_AND_CAPTURE, CAPTURE, VOID, REFUND, ...
  std::string parent_id;
  std::string state;
  std::string response_code;
  std::string pending_reason;
  std::string response_message;
  std::string network_response_code;
  std::string network_error_message;
  std::optional<int64_t> amount_minor_units;  // additionalValues.TX_VALUE, when listed
  std::optional<absl::Time> operation_date;
  std::string payment_method;  // "VISA", "PIX", ...
  std::string payment_country;
  std::string network;    // transactionResponse.additionalInfo.paymentNetwork [I]
  std::string card_type;  // transactionResponse.additionalInfo.cardType: CREDIT, DEBIT, PREPAID [I]
  std::string issuer_country;  // creditCard.issuerCountry [I]
  int installments = 0;        // extraParameters.INSTALLMENTS_NUMBER
  std::string card_last_four;  // only the last four digits of creditCard.maskedNumber
};

struct PayuOrder {
  std::string id;
  std::string status;
  std::string currency;
  std::optional<int64_t> amount_minor_units;
  std::vector<PayuTransaction> transactions;
};

// The Queries API answer. Errors: NOT_FOUND/SALE_NOT_FOUND, INTERNAL/PROVIDER_AUTH_FAILED,
// UNAVAILABLE/PROVIDER_UNAVAILABLE (5xx), INTERNAL/PROVIDER_RESPONSE_INVALID.
absl::StatusOr<PayuOrder> ParseOrderDetailResponse(const http::Response& response,
                                                   const Settings& settings);

// The sale `parent_transaction_id` of `order`, as the rules see it. NOT_FOUND/SALE_NOT_FOUND
// when the order has no such transaction.
absl::StatusOr<SaleSnapshot> SnapshotOf(const PayuOrder& order,
                                        const std::string& parent_transaction_id);

// The SUBMIT_TRANSACTION answer. Only an explicit APPROVED is success; a 5xx or an unreadable
// answer is kUnknown (the request may have executed).
ProviderResult ParseSubmitResponse(const http::Response& response, OperationKind kind,
                                   const Settings& settings);

// What ORDER_DETAIL says of an earlier SUBMIT_TRANSACTION. A refund under review is not listed
// until PayU decides it, so an unlisted one stays under review (if PayU said so) or unknown.
ProviderResult ReconcileWithOrder(const PayuOrder& order, const CancelCommand& command,
                                  const ReconcileBasis& basis);

}  // namespace cancela::providers::payu
