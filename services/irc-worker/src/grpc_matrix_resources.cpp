#include "grpc_matrix_resources.hpp"

#include "mxedge/common/request_id.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::irc_worker {
namespace {

// The status of a MatrixOut reply's error field (OK when it holds none); `what` names the call.
absl::Status ReplyErrorStatus(const v1::MatrixError& error, std::string_view what) {
  if (error.errcode().empty() && error.http_status() == 0) {
    return absl::OkStatus();
  }
  if (error.errcode() == "M_LIMIT_EXCEEDED" || error.http_status() >= 500) {
    return absl::UnavailableError(common::Cat("homeserver busy during ", what, ": ",
                                              error.errcode(), " (HTTP ", error.http_status(),
                                              ")"));
  }
  return absl::FailedPreconditionError(common::Cat(
      "homeserver refused ", what, ": ", error.errcode(), " (HTTP ", error.http_status(), ")"));
}

}  // namespace

GrpcMatrixResources::GrpcMatrixResources(std::shared_ptr<grpc::ChannelInterface> channel,
                                         std::string internal_token,
                                         std::chrono::milliseconds timeout)
    : stub_(v1::MatrixOut::NewStub(std::move(channel))),
      internal_token_(std::move(internal_token)),
      timeout_(timeout) {}

void GrpcMatrixResources::Prepare(grpc::ClientContext& context) const {
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  rpc::AttachBearerToken(context, internal_token_);
}

absl::StatusOr<std::string> GrpcMatrixResources::UploadText(std::string_view filename,
                                                            std::string_view text) {
  v1::UploadMediaRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_content_type("text/plain; charset=utf-8");
  request.set_filename(std::string(filename));
  request.set_data(std::string(text));
  grpc::ClientContext context;
  Prepare(context);
  v1::UploadMediaReply reply;
  if (grpc::Status s = stub_->UploadMedia(&context, request, &reply); !s.ok()) {
    return rpc::FromGrpcStatus(s);
  }
  if (absl::Status s = ReplyErrorStatus(reply.error(), "the upload"); !s.ok()) {
    return s;
  }
  if (reply.content_uri().empty()) {
    return absl::InternalError("upload answered without a content URI");
  }
  return reply.content_uri();
}

absl::StatusOr<std::string> GrpcMatrixResources::MediaLink(std::string_view content_uri,
                                                           std::string_view filename,
                                                           std::chrono::milliseconds ttl) {
  v1::MediaLinkRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_content_uri(std::string(content_uri));
  request.set_ttl_ms(ttl.count());
  request.set_filename(std::string(filename));
  grpc::ClientContext context;
  Prepare(context);
  v1::MediaLinkReply reply;
  if (grpc::Status s = stub_->MediaLink(&context, request, &reply); !s.ok()) {
    return rpc::FromGrpcStatus(s);
  }
  if (absl::Status s = ReplyErrorStatus(reply.error(), "the media link"); !s.ok()) {
    return s;
  }
  if (reply.url().empty()) {
    return absl::InternalError("media link answered without a URL");
  }
  return reply.url();
}

absl::StatusOr<EarlierEvent> GrpcMatrixResources::GetEvent(std::string_view room_id,
                                                           std::string_view event_id) {
  v1::GetEventRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_room_id(std::string(room_id));
  request.set_event_id(std::string(event_id));
  grpc::ClientContext context;
  Prepare(context);
  v1::GetEventReply reply;
  if (grpc::Status s = stub_->GetEvent(&context, request, &reply); !s.ok()) {
    return rpc::FromGrpcStatus(s);
  }
  if (absl::Status s = ReplyErrorStatus(reply.error(), "reading the event"); !s.ok()) {
    return s;
  }
  return EarlierEvent{reply.event().sender(), reply.event().content_json()};
}

}  // namespace mxedge::irc_worker
