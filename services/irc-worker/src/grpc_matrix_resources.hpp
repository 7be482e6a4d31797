#pragma once
// GrpcMatrixResources: MatrixResources over the router's MatrixOut (UploadMedia, MediaLink,
// GetEvent), every call with the internal bearer token and a deadline. gRPC failures come back as
// their absl status; a homeserver refusal in a reply as UnavailableError for M_LIMIT_EXCEEDED and
// HTTP 5xx, FailedPreconditionError naming the errcode otherwise.
#include <chrono>
#include <memory>
#include <string>

#include "matrix_out_client.hpp"
#include "matrix_resources.hpp"

namespace mxedge::irc_worker {

class GrpcMatrixResources final : public MatrixResources {
 public:
  GrpcMatrixResources(std::shared_ptr<grpc::ChannelInterface> channel, std::string internal_token,
                      std::chrono::milliseconds timeout);

  absl::StatusOr<std::string> UploadText(std::string_view filename, std::string_view text) override;
  absl::StatusOr<std::string> MediaLink(std::string_view content_uri, std::string_view filename,
                                        std::chrono::milliseconds ttl) override;
  absl::StatusOr<EarlierEvent> GetEvent(std::string_view room_id,
                                        std::string_view event_id) override;

 private:
  MatrixOutClient client_;
};

}  // namespace mxedge::irc_worker
