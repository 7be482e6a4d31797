#pragma once
// How a Matrix user's puppet introduces itself on IRC: its nick from the network's template and
// its USER name. Pure.
#include <string>
#include <string_view>

namespace mxedge::irc_worker {

// "$LOCALPART[m]" with "@alice:example.org" → "alice[m]": characters a nick cannot hold become
// '_', a leading digit or '-' gets a '_' in front, at most 30 bytes.
std::string RenderNick(std::string_view nick_template, std::string_view mxid);

// The USER name of a puppet: the nick's letters and digits, at most 10 ("u0[m]" → "u0m"), or
// "mxedge" when none are left; servers such as ngIRCd refuse brackets there.
std::string RenderUsername(std::string_view nick);

}  // namespace mxedge::irc_worker
