#pragma once
// Syntax checks of Refund/Void requests, before anything is read or written. Every rejection is
// INVALID_ARGUMENT with a reason and the offending field in ErrorInfo metadata.

#include "absl/status/statusor.h"
#include "cancela/v1/refund_service.pb.h"
#include "service/core/cancel_request.h"

namespace cancela::core {

// Limits on caller-supplied free text (documented in refund_service.proto).
inline constexpr size_t kMinIdempotencyKeyLength = 16;
inline constexpr size_t kMaxIdempotencyKeyLength = 255;
inline constexpr size_t kMaxReasonLength = 500;
inline constexpr size_t kMaxMetadataEntries = 20;
inline constexpr size_t kMaxMetadataKeyLength = 40;
inline constexpr size_t kMaxMetadataValueLength = 500;
// 10^15 minor units: Cielo's amount is number(15); nothing real is larger.
inline constexpr int64_t kMaxAmountMinorUnits = 999'999'999'999'999;

absl::StatusOr<CancelRequest> ValidateRefundRequest(const v1::RefundRequest& request);
absl::StatusOr<CancelRequest> ValidateVoidRequest(const v1::VoidRequest& request);

// Converts a SaleReference proto, checking each provider's identifier formats.
absl::StatusOr<providers::SaleRef> ValidateSaleReference(const v1::SaleReference& sale);

// Operation ids are "op_" followed by 26 Crockford base-32 characters.
bool IsWellFormedOperationId(std::string_view operation_id);

}  // namespace cancela::core
