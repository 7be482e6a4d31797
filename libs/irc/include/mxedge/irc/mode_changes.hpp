#pragma once
// Reading a channel MODE message ("MODE #chan +ov-k alice bob key") with the server's CHANMODES
// and PREFIX, so each change gets the argument that belongs to it.
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/irc/isupport.hpp"
#include "mxedge/irc/message.hpp"

namespace mxedge::irc {

struct ModeChange {
  bool add;   // '+' or '-'
  char mode;  // 'o', 'v', 'k', 'i', ...
  std::optional<std::string> argument;

  friend bool operator==(const ModeChange&, const ModeChange&) = default;
};

// The changes in a channel MODE message (or RPL_CHANNELMODEIS, 324: then the channel is the
// second parameter). Membership and list modes, B modes and C modes when set take the next
// argument; a mode the server did not announce takes none. InvalidArgumentError when the message
// is neither MODE nor 324, names no channel or no mode string, the mode string does not start
// with '+' or '-', or an argument is missing.
absl::StatusOr<std::vector<ModeChange>> ParseModeChanges(const Message& message,
                                                         const ISupport& isupport);

}  // namespace mxedge::irc
