#pragma once
// Call setup and status conversion shared by the gRPC sink clients, over libs/rpc.
#include <chrono>
#include <string_view>

#include "absl/status/status.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace mxedge::appservice_router {

// Deadline from now, `authorization: Bearer <token>` (when the token is not empty) and
// `x-request-id` (when not empty).
void PrepareSinkCallContext(grpc::ClientContext& context, std::string_view bearer_token,
                            std::chrono::milliseconds deadline, std::string_view request_id);

// The same code as `status` (gRPC and absl codes coincide), with the method and address first.
absl::Status SinkStatusFromGrpc(const grpc::Status& status, std::string_view method,
                                std::string_view address);

}  // namespace mxedge::appservice_router
