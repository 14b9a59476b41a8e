"""Runs examples/refund_example.py against a live server.

tests/clients/live_server.sh starts one (with its sandbox) and sets CANCELA_TARGET, CANCELA_SALE
and CANCELA_SALE_AMOUNT: ``ctest -L clients``.
"""

import io
import os
import pathlib
import sys

import grpc

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "examples"))
import refund_example  # noqa: E402  (the example is a script, not part of the package)

from cancela.v1 import error_reason_pb2, operation_pb2  # noqa: E402

def test_walkthrough(tmp_path):
    # A live server is required, never skipped: tests/clients/live_server.sh starts one.
    assert "CANCELA_TARGET" in os.environ, \
        "CANCELA_TARGET not set: run through tests/clients/live_server.sh (ctest -L clients)"
    config = refund_example.Config(
        target=os.environ["CANCELA_TARGET"],
        token=os.environ["CANCELA_TOKEN"],
        account=os.environ["CANCELA_ACCOUNT"],
        payment_id=os.environ["CANCELA_SALE"],
        amount=2500,
        letter_dir=str(tmp_path),
    )
    out = io.StringIO()
    result = refund_example.run(config, out, timeout=60)
    print(out.getvalue())

    assert result.operation.operation_id.startswith("op_")
    assert result.operation.amount.amount_minor_units == 2500
    assert result.replayed, "the retry with the same idempotency key was not a replay"

    assert result.watched, "WatchStatus streamed nothing"
    assert result.watched[-1].status == operation_pb2.OPERATION_STATUS_SUCCEEDED
    assert all(op.status == operation_pb2.OPERATION_STATUS_PENDING for op in result.watched[:-1])

    remaining = int(os.environ["CANCELA_SALE_AMOUNT"]) - 2500
    assert result.refused.code == grpc.StatusCode.FAILED_PRECONDITION
    assert result.refused.reason == error_reason_pb2.ErrorReason.Name(
        error_reason_pb2.REFUND_EXCEEDS_BALANCE)
    assert result.refused.metadata["remainingMinorUnits"] == str(remaining)

    if os.environ.get("CANCELA_EXPECT_LETTERS") == "1":
        assert result.letter_path is not None, f"no letter saved: {result.no_letter}"
        assert result.letter_path.read_bytes().startswith(b"%PDF-")
    else:
        # Until letters exist the server says so, machine-readably.
        assert result.letter_path is None
        assert result.no_letter.code == grpc.StatusCode.UNIMPLEMENTED
        assert result.no_letter.reason == error_reason_pb2.ErrorReason.Name(
            error_reason_pb2.RPC_NOT_IMPLEMENTED)
