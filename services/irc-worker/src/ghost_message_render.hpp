#pragma once
// RenderGhostMessage: one IRC PRIVMSG/NOTICE/ACTION as the Matrix message its ghost sends, shared
// by channel lines (IrcToMatrix) and private lines (PmFromIrc): the text decoded with the
// network's fallback charset, mIRC formatting as HTML, and pills for the nicks of our puppets
// (one PuppetNicks lookup per distinct word of the line).
#include <string_view>

#include "mxedge/irc/case_mapping.hpp"

#include "absl/status/statusor.h"
#include "ghost_message.hpp"
#include "mxedge/bridge/charset.hpp"
#include "puppet_nicks.hpp"

namespace mxedge::irc_worker {

struct IrcTextLine {
  std::string_view network;
  std::string_view source;  // nick!user@host
  std::string_view command;
  std::string_view target;  // channel or nick
  std::string_view text;
};

// NotFoundError for CTCP requests and replies that are not messages; a PuppetNicks error is
// returned as is (the caller retries the line). `key_mapping` folds the nicks looked up (the
// network's `casemapping`, as the PuppetNicks records).
absl::StatusOr<GhostMessage> RenderGhostMessage(const IrcTextLine& line,
                                                bridge::FallbackCharset charset, PuppetNicks& nicks,
                                                irc::CaseMapping key_mapping = irc::CaseMapping());

}  // namespace mxedge::irc_worker
