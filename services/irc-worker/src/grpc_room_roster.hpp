#pragma once
// GrpcRoomRoster: RoomRoster over the router's MatrixOut (GetJoinedMembers), each call with the
// internal token, a fresh request id and a deadline.
#include <chrono>
#include <memory>
#include <string>

#include "mxedge/v1/matrix_out.grpc.pb.h"
#include "room_roster.hpp"

namespace mxedge::irc_worker {

class GrpcRoomRoster final : public RoomRoster {
 public:
  GrpcRoomRoster(std::shared_ptr<grpc::ChannelInterface> channel, std::string internal_token,
                 std::chrono::milliseconds timeout);

  absl::StatusOr<std::vector<std::string>> JoinedMembers(std::string_view as_user,
                                                         std::string_view room_id) override;

 private:
  std::unique_ptr<v1::MatrixOut::Stub> stub_;
  std::string internal_token_;
  std::chrono::milliseconds timeout_;
};

}  // namespace mxedge::irc_worker
