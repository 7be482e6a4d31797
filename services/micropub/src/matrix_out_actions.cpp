#include "matrix_out_actions.hpp"

#include <grpcpp/grpcpp.h>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/rpc/status_conversion.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::micropub {
namespace {

void SetDeadline(grpc::ClientContext& context, std::chrono::milliseconds deadline) {
  context.set_deadline(std::chrono::system_clock::now() + deadline);
}

}  // namespace

absl::Status MatrixErrorToStatus(const mxedge::v1::MatrixError& error, std::string_view call) {
  if (error.errcode().empty()) {
    return absl::OkStatus();
  }
  const std::string message =
      common::Cat("MatrixOut.", call, ": ", error.errcode(), " (", error.http_status(), ")");
  const int http = error.http_status();
  if (http == 429 || http >= 500) {
    return absl::UnavailableError(message);
  }
  if (http == 404) {
    return absl::NotFoundError(message);
  }
  if (http == 403) {
    return absl::PermissionDeniedError(message);
  }
  return absl::FailedPreconditionError(message);
}

absl::Status MatrixOutActions::Notice(std::string_view room_id, std::string_view text,
                                      std::string_view idempotency_key) {
  mxedge::v1::SendRequest request;
  request.set_as_user(bot_user_id_);
  request.set_room_id(std::string(room_id));
  request.set_event_type("m.room.message");
  request.set_content_json(
      nlohmann::json{{"msgtype", "m.notice"}, {"body", std::string(text)}}.dump(
          -1, ' ', false, nlohmann::json::error_handler_t::replace));
  request.set_idempotency_key(std::string(idempotency_key));
  mxedge::v1::SendReply reply;
  grpc::ClientContext context;
  SetDeadline(context, deadline_);
  if (grpc::Status status = stub_->Send(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  return MatrixErrorToStatus(reply.error(), "Send");
}

absl::Status MatrixOutActions::Join(std::string_view room_id) {
  mxedge::v1::JoinRequest request;
  request.set_as_user(bot_user_id_);
  request.set_room_id_or_alias(std::string(room_id));
  mxedge::v1::JoinReply reply;
  grpc::ClientContext context;
  SetDeadline(context, deadline_);
  if (grpc::Status status = stub_->Join(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  return MatrixErrorToStatus(reply.error(), "Join");
}

absl::StatusOr<std::string> MatrixOutActions::CreateDirectRoom(std::string_view user_id) {
  mxedge::v1::CreateRoomRequest request;
  request.set_as_user(bot_user_id_);
  request.set_preset(mxedge::v1::ROOM_PRESET_TRUSTED_PRIVATE_CHAT);
  request.add_invite(std::string(user_id));
  request.set_is_direct(true);
  mxedge::v1::CreateRoomReply reply;
  grpc::ClientContext context;
  SetDeadline(context, deadline_);
  if (grpc::Status status = stub_->CreateRoom(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  if (absl::Status error = MatrixErrorToStatus(reply.error(), "CreateRoom"); !error.ok()) {
    return error;
  }
  return reply.room_id();
}

absl::StatusOr<indieweb::MediaFile> MatrixOutActions::Download(std::string_view mxc_uri,
                                                               int64_t max_bytes) {
  mxedge::v1::DownloadMediaRequest request;
  request.set_content_uri(std::string(mxc_uri));
  request.set_max_bytes(max_bytes);
  mxedge::v1::DownloadMediaReply reply;
  grpc::ClientContext context;
  SetDeadline(context, deadline_);
  if (grpc::Status status = stub_->DownloadMedia(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  if (absl::Status error = MatrixErrorToStatus(reply.error(), "DownloadMedia"); !error.ok()) {
    return error;
  }
  return indieweb::MediaFile{reply.filename(), reply.content_type(), reply.data()};
}

}  // namespace mxedge::micropub
