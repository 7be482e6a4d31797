#include "line_records.hpp"

#include "irc_keys.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/ownership/owner_id.hpp"

namespace mxedge::irc_worker {

absl::Status ValidateLineArgs(std::string_view network, std::string_view key,
                              std::string_view worker_id) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("line key", key); !s.ok()) {
    return s;
  }
  return ownership::ValidateOwnerId(worker_id);
}

absl::Status ValidatePendingListArgs(std::string_view network, std::string_view worker_id) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  return ownership::ValidateOwnerId(worker_id);
}

absl::Status ValidateLinePayload(std::string_view payload) {
  if (payload.size() > kMaxLinePayloadBytes) {
    return absl::InvalidArgumentError(
        common::Cat("line payload of ", payload.size(), " bytes is over ", kMaxLinePayloadBytes));
  }
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
