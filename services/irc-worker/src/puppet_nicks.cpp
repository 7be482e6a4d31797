#include "puppet_nicks.hpp"

#include "irc_keys.hpp"

namespace mxedge::irc_worker {

absl::Status ValidateNickArgs(std::string_view network, std::string_view folded_nick) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  return ValidateKeyPart("nick", folded_nick);
}

}  // namespace mxedge::irc_worker
