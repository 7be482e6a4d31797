#include "sink_grpc_status.hpp"

#include <string>

#include "dispatch_text.hpp"
#include "mxedge/rpc/call_context.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;

void PrepareSinkCallContext(grpc::ClientContext& context, std::string_view bearer_token,
                            std::chrono::milliseconds deadline, std::string_view request_id) {
  rpc::CallOptions options;
  options.bearer_token = std::string(bearer_token);
  options.deadline = deadline;
  options.request_id = std::string(request_id);
  rpc::PrepareCallContext(context, options);
}

absl::Status SinkStatusFromGrpc(const grpc::Status& status, std::string_view method,
                                std::string_view address) {
  return dispatch_text::WithContext(rpc::FromGrpcStatus(status),
                                    Cat("sink ", method, " at ", address));
}

}  // namespace mxedge::appservice_router
