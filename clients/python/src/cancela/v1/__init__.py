"""cancela.v1: the generated messages (``*_pb2``) and RefundService stub (``refund_service_pb2_grpc``).

Regenerated from proto/cancela/v1 by ``make clients``; do not edit the ``*_pb2*`` files.
"""
