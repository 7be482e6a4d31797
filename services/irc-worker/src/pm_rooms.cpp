#include "pm_rooms.hpp"

#include "irc_keys.hpp"

namespace mxedge::irc_worker {

absl::Status ValidatePmArgs(std::string_view network, std::string_view owner,
                            std::string_view folded_nick) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("matrix user id", owner); !s.ok()) {
    return s;
  }
  if (owner.front() != '@' || owner.find(':') == std::string_view::npos) {
    return absl::InvalidArgumentError("matrix user id must be @<localpart>:<server>");
  }
  // ':' separates the key's parts after the owner's server name; nicks never hold it.
  if (absl::Status s = ValidateKeyPart("nick", folded_nick); !s.ok()) {
    return s;
  }
  if (folded_nick.find(':') != std::string_view::npos) {
    return absl::InvalidArgumentError("nick must not contain ':'");
  }
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
