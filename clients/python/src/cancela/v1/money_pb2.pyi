from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class Money(_message.Message):
    __slots__ = ("amount_minor_units", "currency_code")
    AMOUNT_MINOR_UNITS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    amount_minor_units: int
    currency_code: str
    def __init__(self, amount_minor_units: _Optional[int] = ..., currency_code: _Optional[str] = ...) -> None: ...
