#include "sink_grpc_status.hpp"

#include <string>
#include "dispatch_text.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;

void PrepareSinkCallContext(grpc::ClientContext& context, std::string_view bearer_token,
                            std::chrono::milliseconds deadline, std::string_view request_id) {
  context.set_deadline(std::chrono::system_clock::now() + deadline);
  if (!bearer_token.empty()) {
    context.AddMetadata("authorization", Cat("Bearer ", bearer_token));
  }
  if (!request_id.empty()) {
    context.AddMetadata("x-request-id", std::string(request_id));
  }
}

absl::Status SinkStatusFromGrpc(const grpc::Status& status, std::string_view method,
                                std::string_view address) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      Cat("sink ", method, " at ", address, ": ", status.error_message()));
}

}  // namespace mxedge::appservice_router
