#pragma once
// GrpcGhostProfiles: GhostProfiles over MatrixOut.SetProfile, with the internal token and a
// deadline.
#include <chrono>
#include <memory>
#include <string>

#include "ghost_profiles.hpp"
#include "matrix_out_client.hpp"

namespace mxedge::irc_worker {

class GrpcGhostProfiles final : public GhostProfiles {
 public:
  GrpcGhostProfiles(std::shared_ptr<grpc::ChannelInterface> channel, std::string internal_token,
                    std::chrono::milliseconds timeout);

  absl::Status SetDisplayName(std::string_view as_user, std::string_view display_name) override;

 private:
  MatrixOutClient client_;
};

}  // namespace mxedge::irc_worker
