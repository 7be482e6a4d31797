#include "grpc_matrix_sender.hpp"

#include <nlohmann/json.hpp>

#include "mxedge/common/request_id.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::irc_worker {

GrpcMatrixSender::GrpcMatrixSender(std::shared_ptr<grpc::ChannelInterface> channel,
                                   std::string internal_token, std::chrono::milliseconds timeout)
    : stub_(v1::MatrixOut::NewStub(std::move(channel))),
      internal_token_(std::move(internal_token)),
      timeout_(timeout) {}

absl::Status GrpcMatrixSender::Send(const GhostMessage& message) {
  v1::SendRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_as_user(message.ghost_mxid);
  request.set_room_id(message.room_id);
  request.set_event_type("m.room.message");
  nlohmann::json content = {{"msgtype", message.msgtype}, {"body", message.body}};
  if (!message.formatted_body.empty()) {
    content["format"] = "org.matrix.custom.html";
    content["formatted_body"] = message.formatted_body;
  }
  // Always present: a ghost's message notifies exactly the users it names as pills.
  content["m.mentions"] = nlohmann::json::object();
  if (!message.mentions.empty()) {
    content["m.mentions"]["user_ids"] = message.mentions;
  }
  request.set_content_json(content.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  request.set_idempotency_key(message.idempotency_key);

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  rpc::AttachBearerToken(context, internal_token_);
  v1::SendReply reply;
  grpc::Status status = stub_->Send(&context, request, &reply);
  if (!status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  const v1::MatrixError& error = reply.error();
  if (!error.errcode().empty() || error.http_status() != 0) {
    if (error.errcode() == "M_LIMIT_EXCEEDED" || error.http_status() >= 500) {
      return absl::UnavailableError(
          common::Cat("homeserver busy: ", error.errcode(), " (HTTP ", error.http_status(), ")"));
    }
    return absl::FailedPreconditionError(common::Cat(
        "homeserver refused the message: ", error.errcode(), " (HTTP ", error.http_status(), ")"));
  }
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
