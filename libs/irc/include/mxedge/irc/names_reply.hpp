#pragma once
// Reading RPL_NAMREPLY (353): the members of a channel with their prefixes.
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/irc/isupport.hpp"
#include "mxedge/irc/message.hpp"

namespace mxedge::irc {

struct ChannelMember {
  std::string nick;
  std::string modes;  // membership modes, highest first ("ov" for "@+alice" with multi-prefix)
  std::string user;   // with userhost-in-names, else empty
  std::string host;

  friend bool operator==(const ChannelMember&, const ChannelMember&) = default;
};

struct NamesReply {
  std::string channel;
  std::vector<ChannelMember> members;
};

// Parses ":srv 353 me <=|*|@> #chan :[prefixes]nick[!user@host] ...". Leading PREFIX symbols
// become modes (all of them under multi-prefix). InvalidArgumentError when the message is not
// 353, has fewer than 4 parameters, or lists an entry that is only prefixes.
absl::StatusOr<NamesReply> ParseNamesReply(const Message& message, const ISupport& isupport);

}  // namespace mxedge::irc
