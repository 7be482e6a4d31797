#pragma once
// A network's `nick_template`: bridge::PuppetNamer's variables ($DISPLAY, $LOCALPART, $USERID),
// and it must name the user with $DISPLAY or $LOCALPART, so that two Matrix users do not ask for
// the same nick. The default is bridge::PuppetNamer::kDefaultNickTemplate ("$DISPLAY[m]").
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/bridge/puppet_namer.hpp"

namespace mxedge::irc_worker {

// InvalidArgumentError naming the problem (without the key) for a template that does not parse or
// has neither $DISPLAY nor $LOCALPART.
absl::StatusOr<bridge::PuppetNamer> ParseNickTemplate(std::string_view nick_template);

}  // namespace mxedge::irc_worker
