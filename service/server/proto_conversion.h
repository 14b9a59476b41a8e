#pragma once
// Domain ↔ cancela.v1 messages.

#include "cancela/v1/operation.pb.h"
#include "service/core/refund_engine.h"

namespace cancela::server {

v1::Operation ToProto(const core::OperationView& view);

}  // namespace cancela::server
