import datetime

from cancela.v1 import money_pb2 as _money_pb2
from cancela.v1 import operation_pb2 as _operation_pb2
from cancela.v1 import sale_reference_pb2 as _sale_reference_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LetterLanguage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LETTER_LANGUAGE_UNSPECIFIED: _ClassVar[LetterLanguage]
    LETTER_LANGUAGE_PT_BR: _ClassVar[LetterLanguage]
    LETTER_LANGUAGE_EN_US: _ClassVar[LetterLanguage]

class LetterSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LETTER_SOURCE_UNSPECIFIED: _ClassVar[LetterSource]
    LETTER_SOURCE_PROVIDER: _ClassVar[LetterSource]
    LETTER_SOURCE_CANCELA: _ClassVar[LetterSource]
LETTER_LANGUAGE_UNSPECIFIED: LetterLanguage
LETTER_LANGUAGE_PT_BR: LetterLanguage
LETTER_LANGUAGE_EN_US: LetterLanguage
LETTER_SOURCE_UNSPECIFIED: LetterSource
LETTER_SOURCE_PROVIDER: LetterSource
LETTER_SOURCE_CANCELA: LetterSource

class RefundRequest(_message.Message):
    __slots__ = ("provider_account", "sale", "amount", "reason", "idempotency_key", "metadata", "validate_only")
    class MetadataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    PROVIDER_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    SALE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    provider_account: str
    sale: _sale_reference_pb2.SaleReference
    amount: _money_pb2.Money
    reason: str
    idempotency_key: str
    metadata: _containers.ScalarMap[str, str]
    validate_only: bool
    def __init__(self, provider_account: _Optional[str] = ..., sale: _Optional[_Union[_sale_reference_pb2.SaleReference, _Mapping]] = ..., amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., reason: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., metadata: _Optional[_Mapping[str, str]] = ..., validate_only: _Optional[bool] = ...) -> None: ...

class RefundResponse(_message.Message):
    __slots__ = ("operation", "idempotent_replay")
    OPERATION_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENT_REPLAY_FIELD_NUMBER: _ClassVar[int]
    operation: _operation_pb2.Operation
    idempotent_replay: bool
    def __init__(self, operation: _Optional[_Union[_operation_pb2.Operation, _Mapping]] = ..., idempotent_replay: _Optional[bool] = ...) -> None: ...

class VoidRequest(_message.Message):
    __slots__ = ("provider_account", "sale", "amount", "reason", "idempotency_key", "metadata", "validate_only")
    class MetadataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    PROVIDER_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    SALE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    provider_account: str
    sale: _sale_reference_pb2.SaleReference
    amount: _money_pb2.Money
    reason: str
    idempotency_key: str
    metadata: _containers.ScalarMap[str, str]
    validate_only: bool
    def __init__(self, provider_account: _Optional[str] = ..., sale: _Optional[_Union[_sale_reference_pb2.SaleReference, _Mapping]] = ..., amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., reason: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., metadata: _Optional[_Mapping[str, str]] = ..., validate_only: _Optional[bool] = ...) -> None: ...

class VoidResponse(_message.Message):
    __slots__ = ("operation", "idempotent_replay")
    OPERATION_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENT_REPLAY_FIELD_NUMBER: _ClassVar[int]
    operation: _operation_pb2.Operation
    idempotent_replay: bool
    def __init__(self, operation: _Optional[_Union[_operation_pb2.Operation, _Mapping]] = ..., idempotent_replay: _Optional[bool] = ...) -> None: ...

class GetStatusRequest(_message.Message):
    __slots__ = ("operation_id", "refresh")
    OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    REFRESH_FIELD_NUMBER: _ClassVar[int]
    operation_id: str
    refresh: bool
    def __init__(self, operation_id: _Optional[str] = ..., refresh: _Optional[bool] = ...) -> None: ...

class GetStatusResponse(_message.Message):
    __slots__ = ("operation",)
    OPERATION_FIELD_NUMBER: _ClassVar[int]
    operation: _operation_pb2.Operation
    def __init__(self, operation: _Optional[_Union[_operation_pb2.Operation, _Mapping]] = ...) -> None: ...

class WatchStatusRequest(_message.Message):
    __slots__ = ("operation_id",)
    OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    operation_id: str
    def __init__(self, operation_id: _Optional[str] = ...) -> None: ...

class WatchStatusResponse(_message.Message):
    __slots__ = ("operation",)
    OPERATION_FIELD_NUMBER: _ClassVar[int]
    operation: _operation_pb2.Operation
    def __init__(self, operation: _Optional[_Union[_operation_pb2.Operation, _Mapping]] = ...) -> None: ...

class ListOperationsRequest(_message.Message):
    __slots__ = ("provider_account", "sale", "statuses", "create_time_start", "create_time_end", "page_size", "page_token")
    PROVIDER_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    SALE_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_START_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_END_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    provider_account: str
    sale: _sale_reference_pb2.SaleReference
    statuses: _containers.RepeatedScalarFieldContainer[_operation_pb2.OperationStatus]
    create_time_start: _timestamp_pb2.Timestamp
    create_time_end: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, provider_account: _Optional[str] = ..., sale: _Optional[_Union[_sale_reference_pb2.SaleReference, _Mapping]] = ..., statuses: _Optional[_Iterable[_Union[_operation_pb2.OperationStatus, str]]] = ..., create_time_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOperationsResponse(_message.Message):
    __slots__ = ("operations", "next_page_token")
    OPERATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    operations: _containers.RepeatedCompositeFieldContainer[_operation_pb2.Operation]
    next_page_token: str
    def __init__(self, operations: _Optional[_Iterable[_Union[_operation_pb2.Operation, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Letter(_message.Message):
    __slots__ = ("operation_id", "language", "source", "content_type", "file_name", "content")
    OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    operation_id: str
    language: LetterLanguage
    source: LetterSource
    content_type: str
    file_name: str
    content: bytes
    def __init__(self, operation_id: _Optional[str] = ..., language: _Optional[_Union[LetterLanguage, str]] = ..., source: _Optional[_Union[LetterSource, str]] = ..., content_type: _Optional[str] = ..., file_name: _Optional[str] = ..., content: _Optional[bytes] = ...) -> None: ...

class GetLetterRequest(_message.Message):
    __slots__ = ("operation_id", "language")
    OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    operation_id: str
    language: LetterLanguage
    def __init__(self, operation_id: _Optional[str] = ..., language: _Optional[_Union[LetterLanguage, str]] = ...) -> None: ...

class GetLetterResponse(_message.Message):
    __slots__ = ("letter",)
    LETTER_FIELD_NUMBER: _ClassVar[int]
    letter: Letter
    def __init__(self, letter: _Optional[_Union[Letter, _Mapping]] = ...) -> None: ...

class BatchGetLettersRequest(_message.Message):
    __slots__ = ("operation_ids", "create_time_start", "create_time_end", "language", "as_zip")
    OPERATION_IDS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_START_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_END_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    AS_ZIP_FIELD_NUMBER: _ClassVar[int]
    operation_ids: _containers.RepeatedScalarFieldContainer[str]
    create_time_start: _timestamp_pb2.Timestamp
    create_time_end: _timestamp_pb2.Timestamp
    language: LetterLanguage
    as_zip: bool
    def __init__(self, operation_ids: _Optional[_Iterable[str]] = ..., create_time_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., language: _Optional[_Union[LetterLanguage, str]] = ..., as_zip: _Optional[bool] = ...) -> None: ...

class LetterFailure(_message.Message):
    __slots__ = ("operation_id", "reason", "message")
    OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    operation_id: str
    reason: str
    message: str
    def __init__(self, operation_id: _Optional[str] = ..., reason: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class BatchGetLettersResponse(_message.Message):
    __slots__ = ("letter", "failure", "zip_chunk")
    LETTER_FIELD_NUMBER: _ClassVar[int]
    FAILURE_FIELD_NUMBER: _ClassVar[int]
    ZIP_CHUNK_FIELD_NUMBER: _ClassVar[int]
    letter: Letter
    failure: LetterFailure
    zip_chunk: bytes
    def __init__(self, letter: _Optional[_Union[Letter, _Mapping]] = ..., failure: _Optional[_Union[LetterFailure, _Mapping]] = ..., zip_chunk: _Optional[bytes] = ...) -> None: ...
