#pragma once
// GrpcMatrixSender: MatrixSender over the router's MatrixOut.Send. The ghost is the `as_user`
// (the router registers it on first use); the idempotency key becomes the Client-Server txnId, so
// a re-send of a pending line turns into the same event.
// Errors: gRPC failures as their absl status (UNAVAILABLE, DEADLINE_EXCEEDED retry later); a
// homeserver refusal in the reply as MatrixErrorStatus says (UnavailableError for
// M_LIMIT_EXCEEDED and 5xx, worth retrying; an error naming the errcode otherwise).
#include <chrono>
#include <memory>
#include <string>

#include "irc_to_matrix.hpp"
#include "matrix_out_client.hpp"

namespace mxedge::irc_worker {

class GrpcMatrixSender final : public MatrixSender {
 public:
  GrpcMatrixSender(std::shared_ptr<grpc::ChannelInterface> channel, std::string internal_token,
                   std::chrono::milliseconds timeout);

  absl::Status Send(const GhostMessage& message) override;

 private:
  MatrixOutClient client_;
};

}  // namespace mxedge::irc_worker
