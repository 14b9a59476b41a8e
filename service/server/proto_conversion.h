#pragma once
// Domain ↔ cancela.v1 messages.

#include "cancela/v1/operation.pb.h"
#include "cancela/v1/refund_service.pb.h"
#include "service/core/refund_engine.h"

namespace cancela::server {

v1::Operation ToProto(const core::OperationView& view);
v1::Letter ToProto(const store::LetterRecord& letter);

}  // namespace cancela::server
