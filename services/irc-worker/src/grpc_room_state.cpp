#include "grpc_room_state.hpp"

#include <nlohmann/json.hpp>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

GrpcRoomState::GrpcRoomState(std::shared_ptr<grpc::ChannelInterface> channel,
                             std::string internal_token, std::chrono::milliseconds timeout)
    : client_(std::move(channel), std::move(internal_token), timeout) {}

absl::StatusOr<std::string> GrpcRoomState::GetState(std::string_view as_user, const StateKey& key) {
  v1::GetStateRequest request;
  request.set_as_user(std::string(as_user));
  request.set_room_id(key.room_id);
  request.set_event_type(key.type);
  request.set_state_key(key.state_key);
  absl::StatusOr<v1::GetStateReply> reply =
      client_.Call(&v1::MatrixOut::Stub::GetState, std::move(request), Cat("get ", key.type));
  if (!reply.ok()) {
    return reply.status();
  }
  nlohmann::json content = nlohmann::json::parse(reply->content_json(), nullptr, false);
  if (content.is_discarded() || !content.is_object()) {
    return absl::InternalError(Cat("get ", key.type, ": the router answered a non-object content"));
  }
  return reply->content_json();
}

absl::StatusOr<std::string> GrpcRoomState::SetState(std::string_view as_user, const StateKey& key,
                                                    std::string_view content_json) {
  v1::SetStateRequest request;
  request.set_as_user(std::string(as_user));
  request.set_room_id(key.room_id);
  request.set_event_type(key.type);
  request.set_state_key(key.state_key);
  request.set_content_json(std::string(content_json));
  absl::StatusOr<v1::SetStateReply> reply =
      client_.Call(&v1::MatrixOut::Stub::SetState, std::move(request), Cat("set ", key.type));
  if (!reply.ok()) {
    return reply.status();
  }
  return reply->event_id();
}

}  // namespace mxedge::irc_worker
