#include "grpc_matrix_sender.hpp"

#include <nlohmann/json.hpp>

namespace mxedge::irc_worker {

GrpcMatrixSender::GrpcMatrixSender(std::shared_ptr<grpc::ChannelInterface> channel,
                                   std::string internal_token, std::chrono::milliseconds timeout)
    : client_(std::move(channel), std::move(internal_token), timeout) {}

absl::Status GrpcMatrixSender::Send(const GhostMessage& message) {
  v1::SendRequest request;
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
  return client_.Call(&v1::MatrixOut::Stub::Send, std::move(request), "send message").status();
}

}  // namespace mxedge::irc_worker
