#pragma once
// RecordingSender: a MatrixSender that keeps every message it accepts; set `result` to refuse.
#include <vector>

#include "irc_to_matrix.hpp"

namespace mxedge::irc_worker {

class RecordingSender final : public MatrixSender {
 public:
  absl::Status Send(const GhostMessage& message) override {
    if (!result.ok()) {
      return result;
    }
    sent.push_back(message);
    return absl::OkStatus();
  }

  absl::Status result;
  std::vector<GhostMessage> sent;
};

}  // namespace mxedge::irc_worker
