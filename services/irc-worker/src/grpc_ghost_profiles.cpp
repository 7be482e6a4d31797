#include "grpc_ghost_profiles.hpp"

#include "grpc_matrix_rooms.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::irc_worker {

GrpcGhostProfiles::GrpcGhostProfiles(std::shared_ptr<grpc::ChannelInterface> channel,
                                     std::string internal_token, std::chrono::milliseconds timeout)
    : stub_(v1::MatrixOut::NewStub(std::move(channel))),
      internal_token_(std::move(internal_token)),
      timeout_(timeout) {}

absl::Status GrpcGhostProfiles::SetDisplayName(std::string_view as_user,
                                               std::string_view display_name) {
  v1::SetProfileRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(std::string(as_user));
  request.set_display_name(std::string(display_name));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  rpc::AttachBearerToken(context, internal_token_);
  v1::SetProfileReply reply;
  if (grpc::Status status = stub_->SetProfile(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  return MatrixErrorStatus(reply.error(), "set display name");
}

}  // namespace mxedge::irc_worker
