#pragma once
// GrpcRoomState: RoomState over the router's MatrixOut (GetState, SetState), each call with the
// internal token, a fresh request id and a deadline.
#include <chrono>
#include <memory>
#include <string>

#include "matrix_out_client.hpp"
#include "room_state.hpp"

namespace mxedge::irc_worker {

class GrpcRoomState final : public RoomState {
 public:
  GrpcRoomState(std::shared_ptr<grpc::ChannelInterface> channel, std::string internal_token,
                std::chrono::milliseconds timeout);

  absl::StatusOr<std::string> GetState(std::string_view as_user, const StateKey& key) override;
  absl::StatusOr<std::string> SetState(std::string_view as_user, const StateKey& key,
                                       std::string_view content_json) override;

 private:
  MatrixOutClient client_;
};

}  // namespace mxedge::irc_worker
