#pragma once
// GrpcMatrixRooms: MatrixRooms over the router's MatrixOut (CreateRoom, ResolveAlias, Send, Join,
// Leave, Invite), each call with the internal token and a deadline.
#include <chrono>
#include <memory>
#include <string>

#include "matrix_out_client.hpp"
#include "matrix_rooms.hpp"

namespace mxedge::irc_worker {

class GrpcMatrixRooms final : public MatrixRooms {
 public:
  GrpcMatrixRooms(std::shared_ptr<grpc::ChannelInterface> channel, std::string internal_token,
                  std::chrono::milliseconds timeout);

  absl::StatusOr<std::string> CreateRoom(const RoomCreation& creation) override;
  absl::StatusOr<std::string> ResolveAlias(std::string_view alias) override;
  absl::Status SendNotice(std::string_view as_user, std::string_view room_id, std::string_view body,
                          std::string_view idempotency_key) override;
  absl::Status Join(std::string_view as_user, std::string_view room_id) override;
  absl::Status Leave(std::string_view as_user, std::string_view room_id) override;
  absl::Status Invite(std::string_view as_user, std::string_view room_id,
                      std::string_view invitee) override;

 private:
  MatrixOutClient client_;
};

}  // namespace mxedge::irc_worker
