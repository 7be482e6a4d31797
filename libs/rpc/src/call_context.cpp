#include "mxedge/rpc/call_context.hpp"

#include "mxedge/rpc/bearer_token.hpp"

namespace mxedge::rpc {

void SetDeadlineFromNow(grpc::ClientContext& context, std::chrono::milliseconds timeout) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

void PrepareCallContext(grpc::ClientContext& context, const CallOptions& options) {
  if (!options.bearer_token.empty()) {
    AttachBearerToken(context, options.bearer_token);
  }
  SetDeadlineFromNow(context, options.deadline);
  if (!options.request_id.empty()) {
    context.AddMetadata(std::string(kRequestIdKey), options.request_id);
  }
  context.set_wait_for_ready(options.wait_for_ready);
}

}  // namespace mxedge::rpc
