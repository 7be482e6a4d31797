#include "matrix_out_client.hpp"

#include "mxedge/common/str_cat.hpp"
#include "mxedge/rpc/bearer_token.hpp"

namespace mxedge::irc_worker {

absl::Status MatrixErrorStatus(const v1::MatrixError& error, std::string_view operation) {
  if (error.errcode().empty() && error.http_status() == 0) {
    return absl::OkStatus();
  }
  std::string what =
      common::Cat(operation, ": ", error.errcode(), " (HTTP ", error.http_status(), ")");
  if (error.errcode() == "M_LIMIT_EXCEEDED" || error.http_status() >= 500) {
    return absl::UnavailableError(what);
  }
  if (error.errcode() == "M_ROOM_IN_USE") {
    return absl::AlreadyExistsError(what);
  }
  if (error.errcode() == "M_NOT_FOUND") {
    return absl::NotFoundError(what);
  }
  return absl::FailedPreconditionError(what);
}

MatrixOutClient::MatrixOutClient(std::shared_ptr<grpc::ChannelInterface> channel,
                                 std::string internal_token, std::chrono::milliseconds timeout)
    : stub_(v1::MatrixOut::NewStub(std::move(channel))),
      internal_token_(std::move(internal_token)),
      timeout_(timeout) {}

void MatrixOutClient::Prepare(grpc::ClientContext& context) const {
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  rpc::AttachBearerToken(context, internal_token_);
}

}  // namespace mxedge::irc_worker
