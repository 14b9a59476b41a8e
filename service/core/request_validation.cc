#include "service/core/request_validation.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/scrub.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "service/core/currency.h"

namespace cancela::core {
namespace {

absl::Status FieldError(v1::ErrorReason reason, const std::string& field, absl::string_view why) {
  return MakeError(absl::StatusCode::kInvalidArgument, reason, absl::StrCat(field, ": ", why),
                   {{"field", field}});
}

// Identifiers are echoed back and used for lookups, so one that carries a card number or a
// credential is refused, never rewritten (docs/adr/0011-secret-hygiene.md). The message does not
// repeat the value.
absl::Status CheckIdentifier(const std::string& field, std::string_view value) {
  const IdentifierFindings found = InspectIdentifier(value);
  if (found.card_number) {
    return FieldError(v1::CARD_NUMBER_IN_FIELD, field,
                      "looks like it holds a card number, which cancela never accepts here");
  }
  if (found.secret) {
    return FieldError(v1::SECRET_IN_FIELD, field,
                      "looks like it holds a credential, which cancela never accepts here");
  }
  return absl::OkStatus();
}

// Every string of the sale reference's variant, found by reflection so that a field added later
// is checked too.
absl::Status CheckSaleIdentifiers(const v1::SaleReference& sale) {
  const google::protobuf::Reflection* reflection = sale.GetReflection();
  const google::protobuf::FieldDescriptor* variant = reflection->GetOneofFieldDescriptor(
      sale, v1::SaleReference::descriptor()->FindOneofByName("sale"));
  if (variant == nullptr) return absl::OkStatus();
  const google::protobuf::Message& ref = reflection->GetMessage(sale, variant);
  const google::protobuf::Descriptor* descriptor = ref.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_STRING || field->is_repeated()) {
      continue;
    }
    std::string scratch;
    const std::string& value = ref.GetReflection()->GetStringReference(ref, field, &scratch);
    if (absl::Status s = CheckIdentifier(absl::StrCat("sale.", variant->name(), ".", field->name()),
                                         value);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

bool IsPrintableAscii(std::string_view s) {
  for (char c : s) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// Free text may hold any UTF-8 but no control characters (they break logs and letters).
bool HasControlCharacters(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

bool IsGuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!absl::ascii_isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

bool IsDigits(std::string_view s, size_t min_len, size_t max_len) {
  if (s.size() < min_len || s.size() > max_len) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Provider ids: letters, digits and - _ . only, bounded.
bool IsSimpleId(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  return IsDigits(s.substr(0, 4), 4, 4) && IsDigits(s.substr(5, 2), 2, 2) &&
         IsDigits(s.substr(8, 2), 2, 2);
}

absl::Status ValidateMoney(const v1::Money& money, const std::string& field) {
  if (money.amount_minor_units() <= 0) {
    return FieldError(v1::AMOUNT_INVALID, field + ".amount_minor_units", "must be positive");
  }
  if (money.amount_minor_units() > kMaxAmountMinorUnits) {
    return FieldError(v1::AMOUNT_INVALID, field + ".amount_minor_units", "is too large");
  }
  if (!MinorUnitExponent(money.currency_code())) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::CURRENCY_INVALID,
                     absl::StrCat(field, ".currency_code: not an ISO-4217 code cancela supports"),
                     {{"field", field + ".currency_code"},
                      {"currencyCode", IsPrintableAscii(money.currency_code()) &&
                                               money.currency_code().size() <= 8
                                           ? money.currency_code()
                                           : std::string("?")}});
  }
  return absl::OkStatus();
}

template <typename Request>
absl::StatusOr<CancelRequest> ValidateCommon(const Request& request, providers::OperationKind kind) {
  CancelRequest out;
  out.kind = kind;

  const std::string& key = request.idempotency_key();
  if (key.size() < kMinIdempotencyKeyLength || key.size() > kMaxIdempotencyKeyLength ||
      !IsPrintableAscii(key)) {
    return FieldError(v1::IDEMPOTENCY_KEY_INVALID, "idempotency_key",
                      "required: 16 to 255 printable ASCII characters (a UUID fits)");
  }
  if (absl::Status s = CheckIdentifier("idempotency_key", key); !s.ok()) return s;
  out.idempotency_key = key;

  if (request.provider_account().empty()) {
    return FieldError(v1::FIELD_INVALID, "provider_account", "required");
  }
  if (request.provider_account().size() > 128 || !IsPrintableAscii(request.provider_account())) {
    return FieldError(v1::FIELD_INVALID, "provider_account", "at most 128 printable characters");
  }
  if (absl::Status s = CheckIdentifier("provider_account", request.provider_account()); !s.ok()) {
    return s;
  }
  out.provider_account = request.provider_account();

  if (!request.has_sale()) return FieldError(v1::SALE_REFERENCE_INVALID, "sale", "required");
  auto sale = ValidateSaleReference(request.sale());
  if (!sale.ok()) return sale.status();
  out.sale = *std::move(sale);
  out.sale_reference = request.sale().SerializeAsString();

  if (request.has_amount()) {
    if (absl::Status s = ValidateMoney(request.amount(), "amount"); !s.ok()) return s;
    out.amount_minor_units = request.amount().amount_minor_units();
    out.currency = request.amount().currency_code();
  }

  if (request.reason().size() > kMaxReasonLength || HasControlCharacters(request.reason())) {
    return FieldError(v1::FIELD_INVALID, "reason",
                      "at most 500 characters, no control characters");
  }
  // Free text is stored and echoed scrubbed (the store never holds a card number).
  out.reason = request.reason();
  ScrubInPlace(out.reason);

  if (static_cast<size_t>(request.metadata_size()) > kMaxMetadataEntries) {
    return FieldError(v1::FIELD_INVALID, "metadata", "at most 20 entries");
  }
  for (const auto& [k, v] : request.metadata()) {
    if (!IsSimpleId(k, kMaxMetadataKeyLength)) {
      return FieldError(v1::FIELD_INVALID, "metadata",
                        "keys are 1 to 40 characters of [A-Za-z0-9_.-]");
    }
    if (absl::Status s = CheckIdentifier("metadata", k); !s.ok()) return s;
    if (v.size() > kMaxMetadataValueLength || HasControlCharacters(v)) {
      return FieldError(v1::FIELD_INVALID, "metadata",
                        "values are at most 500 characters, no control characters");
    }
    std::string& value = out.metadata[k] = v;
    ScrubInPlace(value);
  }
  out.validate_only = request.validate_only();
  return out;
}

// The adapter's spelling of the product; "" when not given (the adapter refuses it).
std::string CieloUnicaProductName(v1::CieloUnicaProduct product) {
  switch (product) {
    case v1::CIELO_UNICA_PRODUCT_CREDIT: return "credit";
    case v1::CIELO_UNICA_PRODUCT_DEBIT: return "debit";
    case v1::CIELO_UNICA_PRODUCT_VOUCHER: return "voucher";
    case v1::CIELO_UNICA_PRODUCT_PIX: return "pix";
    case v1::CIELO_UNICA_PRODUCT_PRE_AUTHORIZATION: return "pre_authorization";
    default: return "";
  }
}

// Each provider's identifier formats.
absl::StatusOr<providers::SaleRef> SaleRefOf(const v1::SaleReference& sale) {
  switch (sale.sale_case()) {
    case v1::SaleReference::kCieloEcommerce: {
      const auto& s = sale.cielo_ecommerce();
      if (!IsGuid(s.payment_id())) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.cielo_ecommerce.payment_id",
                          "must be a GUID of 36 characters");
      }
      return providers::SaleRef(providers::CieloEcommerceSaleRef{absl::AsciiStrToLower(s.payment_id())});
    }
    case v1::SaleReference::kCieloCheckout: {
      const auto& s = sale.cielo_checkout();
      if (!IsSimpleId(s.order_number(), 64)) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.cielo_checkout.order_number",
                          "required: up to 64 characters of [A-Za-z0-9_.-]");
      }
      return providers::SaleRef(providers::CieloCheckoutSaleRef{s.order_number()});
    }
    case v1::SaleReference::kCieloUnica: {
      const auto& s = sale.cielo_unica();
      if (!IsDigits(s.merchant_id(), 1, 10)) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.cielo_unica.merchant_id",
                          "required: the EC number, up to 10 digits");
      }
      if (!IsSimpleId(s.authorization_code(), 20)) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.cielo_unica.authorization_code",
                          "required: up to 20 characters");
      }
      if (!s.nsu().empty() && !IsDigits(s.nsu(), 1, 20)) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.cielo_unica.nsu", "digits only");
      }
      if (!s.tid().empty() && !IsSimpleId(s.tid(), 40)) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.cielo_unica.tid",
                          "up to 40 characters of [A-Za-z0-9_.-]");
      }
      if (!IsIsoDate(s.sale_date())) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.cielo_unica.sale_date",
                          "required: YYYY-MM-DD");
      }
      if (!s.has_sale_amount()) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.cielo_unica.sale_amount", "required");
      }
      if (absl::Status st = ValidateMoney(s.sale_amount(), "sale.cielo_unica.sale_amount");
          !st.ok()) {
        return st;
      }
      if (!s.card_last_four().empty() && !IsDigits(s.card_last_four(), 4, 4)) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.cielo_unica.card_last_four",
                          "exactly four digits, never more");
      }
      providers::CieloUnicaSaleRef ref;
      ref.merchant_id = s.merchant_id();
      ref.authorization_code = s.authorization_code();
      ref.nsu = s.nsu();
      ref.tid = s.tid();
      ref.sale_date = s.sale_date();
      ref.sale_amount_minor_units = s.sale_amount().amount_minor_units();
      ref.sale_currency = s.sale_amount().currency_code();
      ref.card_last_four = s.card_last_four();
      if (!s.brand().empty() && !IsSimpleId(s.brand(), 32)) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.cielo_unica.brand",
                          "up to 32 characters of [A-Za-z0-9_.-]");
      }
      ref.brand = s.brand();
      ref.product = CieloUnicaProductName(s.product());
      return providers::SaleRef(std::move(ref));
    }
    case v1::SaleReference::kPayu: {
      const auto& s = sale.payu();
      if (!IsSimpleId(s.order_id(), 64)) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.payu.order_id",
                          "required: up to 64 characters of [A-Za-z0-9_.-]");
      }
      if (!IsSimpleId(s.parent_transaction_id(), 64)) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.payu.parent_transaction_id",
                          "required: up to 64 characters of [A-Za-z0-9_.-]");
      }
      return providers::SaleRef(providers::PayuSaleRef{s.order_id(), s.parent_transaction_id()});
    }
    case v1::SaleReference::kZoop: {
      const auto& s = sale.zoop();
      if (!IsSimpleId(s.transaction_id(), 64)) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.zoop.transaction_id",
                          "required: up to 64 characters of [A-Za-z0-9_.-]");
      }
      if (!IsSimpleId(s.on_behalf_of(), 64)) {
        return FieldError(v1::SALE_REFERENCE_INVALID, "sale.zoop.on_behalf_of",
                          "required: up to 64 characters of [A-Za-z0-9_.-]");
      }
      return providers::SaleRef(providers::ZoopSaleRef{s.transaction_id(), s.on_behalf_of()});
    }
    case v1::SaleReference::SALE_NOT_SET:
      break;
  }
  return FieldError(v1::SALE_REFERENCE_INVALID, "sale", "exactly one provider variant is required");
}

}  // namespace

absl::StatusOr<providers::SaleRef> ValidateSaleReference(const v1::SaleReference& sale) {
  auto ref = SaleRefOf(sale);
  if (!ref.ok()) return ref.status();
  if (absl::Status s = CheckSaleIdentifiers(sale); !s.ok()) return s;
  return ref;
}

absl::StatusOr<CancelRequest> ValidateRefundRequest(const v1::RefundRequest& request) {
  return ValidateCommon(request, providers::OperationKind::kRefund);
}

absl::StatusOr<CancelRequest> ValidateVoidRequest(const v1::VoidRequest& request) {
  return ValidateCommon(request, providers::OperationKind::kVoid);
}

bool IsWellFormedOperationId(std::string_view operation_id) {
  if (operation_id.size() != 29 || operation_id.substr(0, 3) != "op_") return false;
  for (char c : operation_id.substr(3)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) &&
        !(c >= 'A' && c <= 'Z')) {
      return false;
    }
  }
  return true;
}

}  // namespace cancela::core
