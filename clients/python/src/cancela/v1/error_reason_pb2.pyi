from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERROR_REASON_UNSPECIFIED: _ClassVar[ErrorReason]
    CREDENTIALS_MISSING: _ClassVar[ErrorReason]
    CREDENTIALS_INVALID: _ClassVar[ErrorReason]
    CLIENT_CERTIFICATE_UNKNOWN: _ClassVar[ErrorReason]
    CREDENTIALS_CONFLICT: _ClassVar[ErrorReason]
    FIELD_INVALID: _ClassVar[ErrorReason]
    AMOUNT_INVALID: _ClassVar[ErrorReason]
    CURRENCY_INVALID: _ClassVar[ErrorReason]
    IDEMPOTENCY_KEY_INVALID: _ClassVar[ErrorReason]
    IDEMPOTENCY_KEY_REUSED: _ClassVar[ErrorReason]
    SALE_REFERENCE_INVALID: _ClassVar[ErrorReason]
    IDEMPOTENCY_KEY_IN_USE: _ClassVar[ErrorReason]
    PROVIDER_ACCOUNT_NOT_FOUND: _ClassVar[ErrorReason]
    OPERATION_NOT_FOUND: _ClassVar[ErrorReason]
    SALE_NOT_FOUND: _ClassVar[ErrorReason]
    REFUND_EXCEEDS_BALANCE: _ClassVar[ErrorReason]
    WINDOW_EXPIRED: _ClassVar[ErrorReason]
    TOO_EARLY: _ClassVar[ErrorReason]
    SALE_NOT_CAPTURED: _ClassVar[ErrorReason]
    SALE_NOT_VOIDABLE: _ClassVar[ErrorReason]
    SALE_ALREADY_CANCELLED: _ClassVar[ErrorReason]
    SALE_NOT_ELIGIBLE: _ClassVar[ErrorReason]
    PARTIAL_NOT_ALLOWED: _ClassVar[ErrorReason]
    PARTIAL_LIMIT_REACHED: _ClassVar[ErrorReason]
    OPERATION_NOT_SUPPORTED: _ClassVar[ErrorReason]
    RPC_NOT_IMPLEMENTED: _ClassVar[ErrorReason]
    PROVIDER_UNAVAILABLE: _ClassVar[ErrorReason]
    SERVICE_UNAVAILABLE: _ClassVar[ErrorReason]
    PROVIDER_AUTH_FAILED: _ClassVar[ErrorReason]
    PROVIDER_RESPONSE_INVALID: _ClassVar[ErrorReason]
    INTERNAL_ERROR: _ClassVar[ErrorReason]
    LETTER_NOT_AVAILABLE: _ClassVar[ErrorReason]
    LETTER_NOT_READY: _ClassVar[ErrorReason]
    MERCHANT_NOT_IN_ACCOUNT: _ClassVar[ErrorReason]
    SETTLED_SALE_NEEDS_RELEASE: _ClassVar[ErrorReason]
ERROR_REASON_UNSPECIFIED: ErrorReason
CREDENTIALS_MISSING: ErrorReason
CREDENTIALS_INVALID: ErrorReason
CLIENT_CERTIFICATE_UNKNOWN: ErrorReason
CREDENTIALS_CONFLICT: ErrorReason
FIELD_INVALID: ErrorReason
AMOUNT_INVALID: ErrorReason
CURRENCY_INVALID: ErrorReason
IDEMPOTENCY_KEY_INVALID: ErrorReason
IDEMPOTENCY_KEY_REUSED: ErrorReason
SALE_REFERENCE_INVALID: ErrorReason
IDEMPOTENCY_KEY_IN_USE: ErrorReason
PROVIDER_ACCOUNT_NOT_FOUND: ErrorReason
OPERATION_NOT_FOUND: ErrorReason
SALE_NOT_FOUND: ErrorReason
REFUND_EXCEEDS_BALANCE: ErrorReason
WINDOW_EXPIRED: ErrorReason
TOO_EARLY: ErrorReason
SALE_NOT_CAPTURED: ErrorReason
SALE_NOT_VOIDABLE: ErrorReason
SALE_ALREADY_CANCELLED: ErrorReason
SALE_NOT_ELIGIBLE: ErrorReason
PARTIAL_NOT_ALLOWED: ErrorReason
PARTIAL_LIMIT_REACHED: ErrorReason
OPERATION_NOT_SUPPORTED: ErrorReason
RPC_NOT_IMPLEMENTED: ErrorReason
PROVIDER_UNAVAILABLE: ErrorReason
SERVICE_UNAVAILABLE: ErrorReason
PROVIDER_AUTH_FAILED: ErrorReason
PROVIDER_RESPONSE_INVALID: ErrorReason
INTERNAL_ERROR: ErrorReason
LETTER_NOT_AVAILABLE: ErrorReason
LETTER_NOT_READY: ErrorReason
MERCHANT_NOT_IN_ACCOUNT: ErrorReason
SETTLED_SALE_NEEDS_RELEASE: ErrorReason
