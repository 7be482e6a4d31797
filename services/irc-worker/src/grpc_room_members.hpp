#pragma once
// GrpcRoomMembers: RoomMembers over the router's MatrixOut (Join, Leave, Kick, SetProfile), each
// call with the internal token, a fresh request id and a deadline.
#include <chrono>
#include <memory>
#include <string>

#include "matrix_out_client.hpp"
#include "room_members.hpp"

namespace mxedge::irc_worker {

class GrpcRoomMembers final : public RoomMembers {
 public:
  GrpcRoomMembers(std::shared_ptr<grpc::ChannelInterface> channel, std::string internal_token,
                  std::chrono::milliseconds timeout);

  absl::Status Join(std::string_view as_user, std::string_view room_id) override;
  absl::Status Leave(std::string_view as_user, std::string_view room_id,
                     std::string_view reason) override;
  absl::Status Kick(std::string_view as_user, std::string_view room_id, std::string_view target,
                    std::string_view reason) override;
  absl::Status SetDisplayName(std::string_view as_user, std::string_view name) override;

 private:
  MatrixOutClient client_;
};

}  // namespace mxedge::irc_worker
