import datetime

from cancela.v1 import money_pb2 as _money_pb2
from cancela.v1 import sale_reference_pb2 as _sale_reference_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OperationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OPERATION_KIND_UNSPECIFIED: _ClassVar[OperationKind]
    OPERATION_KIND_REFUND: _ClassVar[OperationKind]
    OPERATION_KIND_VOID: _ClassVar[OperationKind]

class OperationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OPERATION_STATUS_UNSPECIFIED: _ClassVar[OperationStatus]
    OPERATION_STATUS_PENDING: _ClassVar[OperationStatus]
    OPERATION_STATUS_SUCCEEDED: _ClassVar[OperationStatus]
    OPERATION_STATUS_FAILED: _ClassVar[OperationStatus]

class PendingDetail(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PENDING_DETAIL_UNSPECIFIED: _ClassVar[PendingDetail]
    PENDING_DETAIL_SUBMITTING: _ClassVar[PendingDetail]
    PENDING_DETAIL_PROVIDER_SCHEDULED: _ClassVar[PendingDetail]
    PENDING_DETAIL_PROVIDER_REVIEW: _ClassVar[PendingDetail]
    PENDING_DETAIL_OUTCOME_UNKNOWN: _ClassVar[PendingDetail]

class FailureReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FAILURE_REASON_UNSPECIFIED: _ClassVar[FailureReason]
    FAILURE_REASON_PROVIDER_DECLINED: _ClassVar[FailureReason]
    FAILURE_REASON_ORIGINAL_NOT_FOUND: _ClassVar[FailureReason]
    FAILURE_REASON_NOT_ELIGIBLE: _ClassVar[FailureReason]
    FAILURE_REASON_WINDOW_EXPIRED: _ClassVar[FailureReason]
    FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING: _ClassVar[FailureReason]
    FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE: _ClassVar[FailureReason]
    FAILURE_REASON_DUPLICATE_IN_PROGRESS: _ClassVar[FailureReason]
    FAILURE_REASON_PERMISSION: _ClassVar[FailureReason]
    FAILURE_REASON_INVALID_REQUEST: _ClassVar[FailureReason]
    FAILURE_REASON_PROVIDER_UNAVAILABLE: _ClassVar[FailureReason]
    FAILURE_REASON_PROVIDER_AUTHENTICATION: _ClassVar[FailureReason]
    FAILURE_REASON_MANUAL_PROCESSING: _ClassVar[FailureReason]
OPERATION_KIND_UNSPECIFIED: OperationKind
OPERATION_KIND_REFUND: OperationKind
OPERATION_KIND_VOID: OperationKind
OPERATION_STATUS_UNSPECIFIED: OperationStatus
OPERATION_STATUS_PENDING: OperationStatus
OPERATION_STATUS_SUCCEEDED: OperationStatus
OPERATION_STATUS_FAILED: OperationStatus
PENDING_DETAIL_UNSPECIFIED: PendingDetail
PENDING_DETAIL_SUBMITTING: PendingDetail
PENDING_DETAIL_PROVIDER_SCHEDULED: PendingDetail
PENDING_DETAIL_PROVIDER_REVIEW: PendingDetail
PENDING_DETAIL_OUTCOME_UNKNOWN: PendingDetail
FAILURE_REASON_UNSPECIFIED: FailureReason
FAILURE_REASON_PROVIDER_DECLINED: FailureReason
FAILURE_REASON_ORIGINAL_NOT_FOUND: FailureReason
FAILURE_REASON_NOT_ELIGIBLE: FailureReason
FAILURE_REASON_WINDOW_EXPIRED: FailureReason
FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING: FailureReason
FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE: FailureReason
FAILURE_REASON_DUPLICATE_IN_PROGRESS: FailureReason
FAILURE_REASON_PERMISSION: FailureReason
FAILURE_REASON_INVALID_REQUEST: FailureReason
FAILURE_REASON_PROVIDER_UNAVAILABLE: FailureReason
FAILURE_REASON_PROVIDER_AUTHENTICATION: FailureReason
FAILURE_REASON_MANUAL_PROCESSING: FailureReason

class ProviderResponse(_message.Message):
    __slots__ = ("status", "code", "message", "reason_code", "reason_message", "reference")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    status: str
    code: str
    message: str
    reason_code: str
    reason_message: str
    reference: str
    def __init__(self, status: _Optional[str] = ..., code: _Optional[str] = ..., message: _Optional[str] = ..., reason_code: _Optional[str] = ..., reason_message: _Optional[str] = ..., reference: _Optional[str] = ...) -> None: ...

class StatusChange(_message.Message):
    __slots__ = ("status", "pending_detail", "change_time", "note")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PENDING_DETAIL_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    status: OperationStatus
    pending_detail: PendingDetail
    change_time: _timestamp_pb2.Timestamp
    note: str
    def __init__(self, status: _Optional[_Union[OperationStatus, str]] = ..., pending_detail: _Optional[_Union[PendingDetail, str]] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ...) -> None: ...

class Operation(_message.Message):
    __slots__ = ("operation_id", "kind", "status", "pending_detail", "provider_account", "sale", "amount", "total", "sale_amount", "refunded_amount", "remaining_amount", "provider_response", "failure_reason", "failure_message", "reason", "idempotency_key", "metadata", "create_time", "update_time", "history", "needs_attention")
    class MetadataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PENDING_DETAIL_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    SALE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    SALE_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REFUNDED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REMAINING_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    FAILURE_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    NEEDS_ATTENTION_FIELD_NUMBER: _ClassVar[int]
    operation_id: str
    kind: OperationKind
    status: OperationStatus
    pending_detail: PendingDetail
    provider_account: str
    sale: _sale_reference_pb2.SaleReference
    amount: _money_pb2.Money
    total: bool
    sale_amount: _money_pb2.Money
    refunded_amount: _money_pb2.Money
    remaining_amount: _money_pb2.Money
    provider_response: ProviderResponse
    failure_reason: FailureReason
    failure_message: str
    reason: str
    idempotency_key: str
    metadata: _containers.ScalarMap[str, str]
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    history: _containers.RepeatedCompositeFieldContainer[StatusChange]
    needs_attention: bool
    def __init__(self, operation_id: _Optional[str] = ..., kind: _Optional[_Union[OperationKind, str]] = ..., status: _Optional[_Union[OperationStatus, str]] = ..., pending_detail: _Optional[_Union[PendingDetail, str]] = ..., provider_account: _Optional[str] = ..., sale: _Optional[_Union[_sale_reference_pb2.SaleReference, _Mapping]] = ..., amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., total: _Optional[bool] = ..., sale_amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., refunded_amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., remaining_amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., provider_response: _Optional[_Union[ProviderResponse, _Mapping]] = ..., failure_reason: _Optional[_Union[FailureReason, str]] = ..., failure_message: _Optional[str] = ..., reason: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., metadata: _Optional[_Mapping[str, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., history: _Optional[_Iterable[_Union[StatusChange, _Mapping]]] = ..., needs_attention: _Optional[bool] = ...) -> None: ...
