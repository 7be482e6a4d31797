#include "channel_receivers.hpp"

#include "irc_keys.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/ownership/owner_id.hpp"

namespace mxedge::irc_worker {

std::string Receiver::ToString() const { return common::Cat(worker_id, ":", mxid); }

absl::StatusOr<Receiver> ParseReceiver(std::string_view value) {
  const size_t colon = value.find(':');
  if (colon == std::string_view::npos) {
    return absl::InvalidArgumentError("channel receiver has no ':' between worker and user");
  }
  Receiver receiver{std::string(value.substr(0, colon)), std::string(value.substr(colon + 1))};
  if (absl::Status s = ownership::ValidateOwnerId(receiver.worker_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("receiver user id", receiver.mxid); !s.ok()) {
    return s;
  }
  return receiver;
}

absl::Status ValidateReceiverArgs(std::string_view network, std::string_view folded_channel,
                                  const Receiver& me) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("channel", folded_channel); !s.ok()) {
    return s;
  }
  if (absl::Status s = ownership::ValidateOwnerId(me.worker_id); !s.ok()) {
    return s;
  }
  return ValidateKeyPart("receiver user id", me.mxid);
}

}  // namespace mxedge::irc_worker
