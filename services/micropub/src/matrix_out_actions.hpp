#pragma once
// MatrixActions over the router's mxedge.v1.MatrixOut gRPC service. Each call has a deadline;
// a transport failure comes back as the gRPC status (FromGrpcStatus), a homeserver refusal
// (MatrixError with an errcode) as a status: 429 and 5xx Unavailable, 404 NotFound, 403
// PermissionDenied, anything else FailedPrecondition — each naming the errcode.
#include <chrono>
#include <memory>
#include <string>

#include "matrix_actions.hpp"
#include "mxedge/v1/matrix_out.grpc.pb.h"

namespace mxedge::micropub {

class MatrixOutActions final : public MatrixActions {
 public:
  MatrixOutActions(std::shared_ptr<mxedge::v1::MatrixOut::StubInterface> stub,
                   std::string bot_user_id, std::chrono::milliseconds deadline)
      : stub_(std::move(stub)), bot_user_id_(std::move(bot_user_id)), deadline_(deadline) {}

  absl::Status Notice(std::string_view room_id, std::string_view text,
                      std::string_view idempotency_key) override;
  absl::Status Join(std::string_view room_id) override;
  absl::StatusOr<std::string> CreateDirectRoom(std::string_view user_id) override;
  absl::StatusOr<indieweb::MediaFile> Download(std::string_view mxc_uri,
                                               int64_t max_bytes) override;

 private:
  std::shared_ptr<mxedge::v1::MatrixOut::StubInterface> stub_;
  std::string bot_user_id_;
  std::chrono::milliseconds deadline_;
};

// The status for a MatrixError reply; OK when its errcode is empty.
absl::Status MatrixErrorToStatus(const mxedge::v1::MatrixError& error, std::string_view call);

}  // namespace mxedge::micropub
