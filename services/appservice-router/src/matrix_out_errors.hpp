#pragma once
// How MatrixOut answers a failed intent (see matrix_out.proto): a refusal by the homeserver (the
// status carries a Matrix errcode, e.g. M_FORBIDDEN, M_LIMIT_EXCEEDED with its retry delay) is an
// answer: gRPC OK with the reply's MatrixError filled in. Anything else (no HTTP answer, an
// answer without a Matrix error body, our own validation) is a gRPC error with the same code,
// its errcode and retry hint kept in the status details (rpc::ToGrpcStatus).
#include "absl/status/status.h"
#include "grpcpp/support/status.h"
#include "mxedge/v1/matrix_out.pb.h"

namespace mxedge::appservice_router {

// True when `status` is a refusal the homeserver put into words (an errcode is attached).
bool IsHomeserverRefusal(const absl::Status& status);

// Fills `error` from a refusal: errcode, the homeserver's text, its HTTP status, retry delay.
void FillMatrixError(const absl::Status& status, v1::MatrixError& error);

// OK → OK; a refusal → OK with `error` filled; otherwise the gRPC error.
grpc::Status AnswerFor(const absl::Status& status, v1::MatrixError& error);

}  // namespace mxedge::appservice_router
