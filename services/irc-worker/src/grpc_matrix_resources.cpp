#include "grpc_matrix_resources.hpp"

namespace mxedge::irc_worker {

GrpcMatrixResources::GrpcMatrixResources(std::shared_ptr<grpc::ChannelInterface> channel,
                                         std::string internal_token,
                                         std::chrono::milliseconds timeout)
    : client_(std::move(channel), std::move(internal_token), timeout) {}

absl::StatusOr<std::string> GrpcMatrixResources::UploadText(std::string_view filename,
                                                            std::string_view text) {
  v1::UploadMediaRequest request;
  request.set_content_type("text/plain; charset=utf-8");
  request.set_filename(std::string(filename));
  request.set_data(std::string(text));
  absl::StatusOr<v1::UploadMediaReply> reply =
      client_.Call(&v1::MatrixOut::Stub::UploadMedia, std::move(request), "upload");
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->content_uri().empty()) {
    return absl::InternalError("upload answered without a content URI");
  }
  return reply->content_uri();
}

absl::StatusOr<std::string> GrpcMatrixResources::MediaLink(std::string_view content_uri,
                                                           std::string_view filename,
                                                           std::chrono::milliseconds ttl) {
  v1::MediaLinkRequest request;
  request.set_content_uri(std::string(content_uri));
  request.set_ttl_ms(ttl.count());
  request.set_filename(std::string(filename));
  absl::StatusOr<v1::MediaLinkReply> reply =
      client_.Call(&v1::MatrixOut::Stub::MediaLink, std::move(request), "media link");
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->url().empty()) {
    return absl::InternalError("media link answered without a URL");
  }
  return reply->url();
}

absl::StatusOr<EarlierEvent> GrpcMatrixResources::GetEvent(std::string_view room_id,
                                                           std::string_view event_id) {
  v1::GetEventRequest request;
  request.set_room_id(std::string(room_id));
  request.set_event_id(std::string(event_id));
  absl::StatusOr<v1::GetEventReply> reply =
      client_.Call(&v1::MatrixOut::Stub::GetEvent, std::move(request), "get event");
  if (!reply.ok()) {
    return reply.status();
  }
  return EarlierEvent{reply->event().sender(), reply->event().content_json()};
}

}  // namespace mxedge::irc_worker
