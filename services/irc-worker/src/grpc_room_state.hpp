#pragma once
// GrpcRoomState: RoomState over the router's MatrixOut (GetState, SetState), each call with the
// internal token, a fresh request id and a deadline.
#include <chrono>
#include <memory>
#include <string>

#include "mxedge/v1/matrix_out.grpc.pb.h"
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
  void Prepare(grpc::ClientContext& context) const;

  std::unique_ptr<v1::MatrixOut::Stub> stub_;
  std::string internal_token_;
  std::chrono::milliseconds timeout_;
};

}  // namespace mxedge::irc_worker
