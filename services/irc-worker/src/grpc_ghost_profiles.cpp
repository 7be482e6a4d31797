#include "grpc_ghost_profiles.hpp"

namespace mxedge::irc_worker {

GrpcGhostProfiles::GrpcGhostProfiles(std::shared_ptr<grpc::ChannelInterface> channel,
                                     std::string internal_token, std::chrono::milliseconds timeout)
    : client_(std::move(channel), std::move(internal_token), timeout) {}

absl::Status GrpcGhostProfiles::SetDisplayName(std::string_view as_user,
                                               std::string_view display_name) {
  v1::SetProfileRequest request;
  request.set_as_user(std::string(as_user));
  request.set_display_name(std::string(display_name));
  return client_.Call(&v1::MatrixOut::Stub::SetProfile, std::move(request), "set display name")
      .status();
}

}  // namespace mxedge::irc_worker
