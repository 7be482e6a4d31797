#include "grpc_matrix_rooms.hpp"

#include <nlohmann/json.hpp>

namespace mxedge::irc_worker {

GrpcMatrixRooms::GrpcMatrixRooms(std::shared_ptr<grpc::ChannelInterface> channel,
                                 std::string internal_token, std::chrono::milliseconds timeout)
    : client_(std::move(channel), std::move(internal_token), timeout) {}

absl::StatusOr<std::string> GrpcMatrixRooms::CreateRoom(const RoomCreation& creation) {
  v1::CreateRoomRequest request;
  request.set_as_user(creation.as_user);
  request.set_alias_localpart(creation.alias_localpart);
  request.set_name(creation.name);
  request.set_topic(creation.topic);
  request.set_visibility(v1::ROOM_VISIBILITY_PRIVATE);
  request.set_preset(creation.public_chat ? v1::ROOM_PRESET_PUBLIC_CHAT
                                          : v1::ROOM_PRESET_PRIVATE_CHAT);
  request.set_is_direct(creation.is_direct);
  for (const std::string& invitee : creation.invite) {
    request.add_invite(invitee);
  }
  for (const StateEvent& state : creation.initial_state) {
    v1::InitialStateEvent* event = request.add_initial_state();
    event->set_type(state.type);
    event->set_state_key(state.state_key);
    event->set_content_json(state.content_json);
  }
  absl::StatusOr<v1::CreateRoomReply> reply =
      client_.Call(&v1::MatrixOut::Stub::CreateRoom, std::move(request), "create room");
  if (!reply.ok()) {
    return reply.status();
  }
  return reply->room_id();
}

absl::StatusOr<std::string> GrpcMatrixRooms::ResolveAlias(std::string_view alias) {
  v1::ResolveAliasRequest request;
  request.set_alias(std::string(alias));
  absl::StatusOr<v1::ResolveAliasReply> reply =
      client_.Call(&v1::MatrixOut::Stub::ResolveAlias, std::move(request), "resolve alias");
  if (!reply.ok()) {
    return reply.status();
  }
  return reply->room_id();
}

absl::Status GrpcMatrixRooms::SendNotice(std::string_view as_user, std::string_view room_id,
                                         std::string_view body, std::string_view idempotency_key) {
  v1::SendRequest request;
  request.set_as_user(std::string(as_user));
  request.set_room_id(std::string(room_id));
  request.set_event_type("m.room.message");
  request.set_content_json(nlohmann::json{{"msgtype", "m.notice"}, {"body", body}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace));
  request.set_idempotency_key(std::string(idempotency_key));
  return client_.Call(&v1::MatrixOut::Stub::Send, std::move(request), "send notice").status();
}

absl::Status GrpcMatrixRooms::Join(std::string_view as_user, std::string_view room_id) {
  v1::JoinRequest request;
  request.set_as_user(std::string(as_user));
  request.set_room_id_or_alias(std::string(room_id));
  return client_.Call(&v1::MatrixOut::Stub::Join, std::move(request), "join").status();
}

absl::Status GrpcMatrixRooms::Leave(std::string_view as_user, std::string_view room_id) {
  v1::LeaveRequest request;
  request.set_as_user(std::string(as_user));
  request.set_room_id(std::string(room_id));
  return client_.Call(&v1::MatrixOut::Stub::Leave, std::move(request), "leave").status();
}

absl::Status GrpcMatrixRooms::Invite(std::string_view as_user, std::string_view room_id,
                                     std::string_view invitee) {
  v1::InviteRequest request;
  request.set_as_user(std::string(as_user));
  request.set_room_id(std::string(room_id));
  request.set_invitee(std::string(invitee));
  return client_.Call(&v1::MatrixOut::Stub::Invite, std::move(request), "invite").status();
}

}  // namespace mxedge::irc_worker
