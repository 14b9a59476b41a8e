"""Walks through cancela's API from Python.

Refunds part of a sale with an idempotency key, retries it (a replay, no second refund), follows
the operation with WatchStatus until it is final, reads the machine-readable reason of a refused
request, and saves the operation's cancellation letter.

    python examples/refund_example.py --target localhost:50051 --token demo-token-acme

Against ``make run``, the defaults refund R$ 25.00 of a seeded sandbox card sale.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pathlib
import sys
import uuid
from typing import Optional, TextIO

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from cancela.v1 import money_pb2, operation_pb2, refund_service_pb2, refund_service_pb2_grpc
from cancela.v1 import sale_reference_pb2


@dataclasses.dataclass
class Config:
    target: str = "localhost:50051"
    token: str = "demo-token-acme"
    account: str = "cielo-ecommerce/loja-centro"
    payment_id: str = "5eed0000-0000-4000-8000-000000000002"
    amount: int = 2500  # centavos
    letter_dir: str = "."


@dataclasses.dataclass
class Rejection:
    """What a refused call says, machine-readably."""

    code: grpc.StatusCode
    reason: str  # ErrorInfo.reason, one of cancela.v1.ErrorReason's names
    metadata: dict[str, str]  # ErrorInfo.metadata, e.g. remainingMinorUnits


@dataclasses.dataclass
class Result:
    operation: operation_pb2.Operation  # the refund as first answered
    replayed: bool = False  # the retry with the same key was a replay
    watched: list[operation_pb2.Operation] = dataclasses.field(default_factory=list)
    refused: Optional[Rejection] = None  # the over-balance request's rejection
    letter_path: Optional[pathlib.Path] = None  # the saved letter, when letters are available
    no_letter: Optional[Rejection] = None  # why there is no letter, otherwise


def rejection_of(error: grpc.RpcError) -> Optional[Rejection]:
    """The gRPC code and the ErrorInfo that cancela attaches to every rejection."""
    status = rpc_status.from_call(error)
    if status is None:
        return None
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            if info.domain == "cancela":
                return Rejection(error.code(), info.reason, dict(info.metadata))
    return None


def describe(op: operation_pb2.Operation) -> str:
    text = operation_pb2.OperationStatus.Name(op.status)
    if op.status == operation_pb2.OPERATION_STATUS_PENDING:
        text += f" ({operation_pb2.PendingDetail.Name(op.pending_detail)})"
    return text


def run(config: Config, out: TextIO = sys.stdout, timeout: float = 120) -> Result:
    # The token goes in every call's metadata; it names the tenant.
    auth = (("authorization", f"Bearer {config.token}"),)
    with grpc.insecure_channel(config.target) as channel:
        client = refund_service_pb2_grpc.RefundServiceStub(channel)

        # 1. Refund, with a key that is unique per intended refund.
        sale = sale_reference_pb2.SaleReference(
            cielo_ecommerce=sale_reference_pb2.CieloEcommerceSale(payment_id=config.payment_id))
        request = refund_service_pb2.RefundRequest(
            provider_account=config.account,
            sale=sale,
            amount=money_pb2.Money(amount_minor_units=config.amount, currency_code="BRL"),
            reason="customer returned one item",
            idempotency_key=str(uuid.uuid4()),
        )
        first = client.Refund(request, metadata=auth, timeout=timeout)
        result = Result(operation=first.operation)
        print(f"refund {first.operation.operation_id}: {describe(first.operation)}", file=out)

        # 2. The same request again, as after a lost response: the same operation, no new refund.
        again = client.Refund(request, metadata=auth, timeout=timeout)
        result.replayed = again.idempotent_replay
        same = again.operation.operation_id == first.operation.operation_id
        print(f"retry: same operation {same}, replay {again.idempotent_replay}", file=out)

        # 3. Follow it until it is final.
        watch = refund_service_pb2.WatchStatusRequest(operation_id=first.operation.operation_id)
        for change in client.WatchStatus(watch, metadata=auth, timeout=timeout):
            result.watched.append(change.operation)
            print(f"watch: {describe(change.operation)}", file=out)

        # 4. A request cancela refuses: far more than what remains of the sale.
        overdrawn = refund_service_pb2.RefundRequest(
            provider_account=config.account,
            sale=sale,
            amount=money_pb2.Money(amount_minor_units=90_000_000, currency_code="BRL"),
            idempotency_key=str(uuid.uuid4()),
        )
        try:
            client.Refund(overdrawn, metadata=auth, timeout=timeout)
            raise RuntimeError("an over-balance refund was accepted")
        except grpc.RpcError as error:
            result.refused = rejection_of(error)
            if result.refused is None:
                raise
        print(f"refused: {result.refused.code.name} {result.refused.reason} "
              f"{result.refused.metadata}", file=out)

        # 5. The cancellation letter, as a PDF file.
        try:
            letter = client.GetLetter(
                refund_service_pb2.GetLetterRequest(operation_id=first.operation.operation_id),
                metadata=auth, timeout=timeout).letter
        except grpc.RpcError as error:
            result.no_letter = rejection_of(error)
            if result.no_letter is None:
                raise
            print(f"no letter: {result.no_letter.code.name} {result.no_letter.reason}", file=out)
            return result
        name = pathlib.Path(letter.file_name or f"{first.operation.operation_id}.pdf").name
        result.letter_path = pathlib.Path(config.letter_dir) / name
        result.letter_path.write_bytes(letter.content)
        print(f"letter saved: {result.letter_path}", file=out)
        return result


def main() -> None:
    defaults = Config()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default=os.environ.get("CANCELA_TARGET", defaults.target))
    parser.add_argument("--token", default=os.environ.get("CANCELA_TOKEN", defaults.token))
    parser.add_argument("--account", default=os.environ.get("CANCELA_ACCOUNT", defaults.account))
    parser.add_argument("--payment-id", default=os.environ.get("CANCELA_SALE", defaults.payment_id))
    parser.add_argument("--amount", type=int, default=defaults.amount, help="centavos")
    parser.add_argument("--letter-dir", default=defaults.letter_dir)
    args = parser.parse_args()
    run(Config(args.target, args.token, args.account, args.payment_id, args.amount,
               args.letter_dir))


if __name__ == "__main__":
    main()
