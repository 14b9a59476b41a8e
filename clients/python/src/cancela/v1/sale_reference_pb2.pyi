from cancela.v1 import money_pb2 as _money_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CieloUnicaProduct(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CIELO_UNICA_PRODUCT_UNSPECIFIED: _ClassVar[CieloUnicaProduct]
    CIELO_UNICA_PRODUCT_CREDIT: _ClassVar[CieloUnicaProduct]
    CIELO_UNICA_PRODUCT_DEBIT: _ClassVar[CieloUnicaProduct]
    CIELO_UNICA_PRODUCT_VOUCHER: _ClassVar[CieloUnicaProduct]
    CIELO_UNICA_PRODUCT_PIX: _ClassVar[CieloUnicaProduct]
    CIELO_UNICA_PRODUCT_PRE_AUTHORIZATION: _ClassVar[CieloUnicaProduct]
CIELO_UNICA_PRODUCT_UNSPECIFIED: CieloUnicaProduct
CIELO_UNICA_PRODUCT_CREDIT: CieloUnicaProduct
CIELO_UNICA_PRODUCT_DEBIT: CieloUnicaProduct
CIELO_UNICA_PRODUCT_VOUCHER: CieloUnicaProduct
CIELO_UNICA_PRODUCT_PIX: CieloUnicaProduct
CIELO_UNICA_PRODUCT_PRE_AUTHORIZATION: CieloUnicaProduct

class SaleReference(_message.Message):
    __slots__ = ("cielo_ecommerce", "cielo_checkout", "cielo_unica", "payu", "zoop")
    CIELO_ECOMMERCE_FIELD_NUMBER: _ClassVar[int]
    CIELO_CHECKOUT_FIELD_NUMBER: _ClassVar[int]
    CIELO_UNICA_FIELD_NUMBER: _ClassVar[int]
    PAYU_FIELD_NUMBER: _ClassVar[int]
    ZOOP_FIELD_NUMBER: _ClassVar[int]
    cielo_ecommerce: CieloEcommerceSale
    cielo_checkout: CieloCheckoutSale
    cielo_unica: CieloUnicaSale
    payu: PayuSale
    zoop: ZoopSale
    def __init__(self, cielo_ecommerce: _Optional[_Union[CieloEcommerceSale, _Mapping]] = ..., cielo_checkout: _Optional[_Union[CieloCheckoutSale, _Mapping]] = ..., cielo_unica: _Optional[_Union[CieloUnicaSale, _Mapping]] = ..., payu: _Optional[_Union[PayuSale, _Mapping]] = ..., zoop: _Optional[_Union[ZoopSale, _Mapping]] = ...) -> None: ...

class CieloEcommerceSale(_message.Message):
    __slots__ = ("payment_id",)
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    payment_id: str
    def __init__(self, payment_id: _Optional[str] = ...) -> None: ...

class CieloCheckoutSale(_message.Message):
    __slots__ = ("order_number",)
    ORDER_NUMBER_FIELD_NUMBER: _ClassVar[int]
    order_number: str
    def __init__(self, order_number: _Optional[str] = ...) -> None: ...

class CieloUnicaSale(_message.Message):
    __slots__ = ("merchant_id", "authorization_code", "nsu", "tid", "sale_date", "sale_amount", "card_last_four", "product", "brand")
    MERCHANT_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHORIZATION_CODE_FIELD_NUMBER: _ClassVar[int]
    NSU_FIELD_NUMBER: _ClassVar[int]
    TID_FIELD_NUMBER: _ClassVar[int]
    SALE_DATE_FIELD_NUMBER: _ClassVar[int]
    SALE_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CARD_LAST_FOUR_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    BRAND_FIELD_NUMBER: _ClassVar[int]
    merchant_id: str
    authorization_code: str
    nsu: str
    tid: str
    sale_date: str
    sale_amount: _money_pb2.Money
    card_last_four: str
    product: CieloUnicaProduct
    brand: str
    def __init__(self, merchant_id: _Optional[str] = ..., authorization_code: _Optional[str] = ..., nsu: _Optional[str] = ..., tid: _Optional[str] = ..., sale_date: _Optional[str] = ..., sale_amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., card_last_four: _Optional[str] = ..., product: _Optional[_Union[CieloUnicaProduct, str]] = ..., brand: _Optional[str] = ...) -> None: ...

class PayuSale(_message.Message):
    __slots__ = ("order_id", "parent_transaction_id")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    parent_transaction_id: str
    def __init__(self, order_id: _Optional[str] = ..., parent_transaction_id: _Optional[str] = ...) -> None: ...

class ZoopSale(_message.Message):
    __slots__ = ("transaction_id", "on_behalf_of")
    TRANSACTION_ID_FIELD_NUMBER: _ClassVar[int]
    ON_BEHALF_OF_FIELD_NUMBER: _ClassVar[int]
    transaction_id: str
    on_behalf_of: str
    def __init__(self, transaction_id: _Optional[str] = ..., on_behalf_of: _Optional[str] = ...) -> None: ...
