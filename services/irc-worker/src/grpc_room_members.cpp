#include "grpc_room_members.hpp"

namespace mxedge::irc_worker {

GrpcRoomMembers::GrpcRoomMembers(std::shared_ptr<grpc::ChannelInterface> channel,
                                 std::string internal_token, std::chrono::milliseconds timeout)
    : client_(std::move(channel), std::move(internal_token), timeout) {}

absl::Status GrpcRoomMembers::Join(std::string_view as_user, std::string_view room_id) {
  v1::JoinRequest request;
  request.set_as_user(std::string(as_user));
  request.set_room_id_or_alias(std::string(room_id));
  return client_.Call(&v1::MatrixOut::Stub::Join, std::move(request), "join").status();
}

absl::Status GrpcRoomMembers::Leave(std::string_view as_user, std::string_view room_id,
                                    std::string_view reason) {
  v1::LeaveRequest request;
  request.set_as_user(std::string(as_user));
  request.set_room_id(std::string(room_id));
  request.set_reason(std::string(reason));
  return client_.Call(&v1::MatrixOut::Stub::Leave, std::move(request), "leave").status();
}

absl::Status GrpcRoomMembers::Kick(std::string_view as_user, std::string_view room_id,
                                   std::string_view target, std::string_view reason) {
  v1::KickRequest request;
  request.set_as_user(std::string(as_user));
  request.set_room_id(std::string(room_id));
  request.set_target(std::string(target));
  request.set_reason(std::string(reason));
  return client_.Call(&v1::MatrixOut::Stub::Kick, std::move(request), "kick").status();
}

absl::Status GrpcRoomMembers::SetDisplayName(std::string_view as_user, std::string_view name) {
  v1::SetProfileRequest request;
  request.set_as_user(std::string(as_user));
  request.set_display_name(std::string(name));
  return client_.Call(&v1::MatrixOut::Stub::SetProfile, std::move(request), "set display name")
      .status();
}

}  // namespace mxedge::irc_worker
