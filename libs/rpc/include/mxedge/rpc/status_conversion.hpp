#pragma once
// absl::Status <-> grpc::Status across our internal RPCs.
//
// The code maps one to one (both follow google.rpc.Code). The message sent is
// common::PublicMessage(status), so internal detail stays in the server's log. A Matrix errcode
// and a retry hint attached with common::WithMatrixErrcode / WithRetryAfter travel in the
// status details (the `grpc-status-details-bin` trailer) as the text
// `errcode=<E>;retry_after_ms=<N>` (each part optional), and FromGrpcStatus puts them back, so
// a caller sees the same errcode and hint the server attached.
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace mxedge::rpc {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

// The details text for an errcode / retry hint (empty when neither is set), and its parser.
// Unknown or malformed parts are ignored: details are a hint, never a reason to fail.
std::string EncodeStatusDetails(const absl::Status& status);
absl::Status ApplyStatusDetails(absl::Status status, std::string_view details);

}  // namespace mxedge::rpc
