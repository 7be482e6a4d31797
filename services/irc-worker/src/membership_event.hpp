#pragma once
// MembershipEvent: one change of a channel's members, modes or topic as a connection saw it, and
// MembershipReader, which turns one connection's server lines into such events.
// The reader keeps the connection's ISUPPORT (005: PREFIX, CHANMODES, CASEMAPPING) to read MODE
// and NAMES, and collects a channel's 353 lines until 366 (end of NAMES) into one kNames event.
// Malformed lines are refused with the reader's InvalidArgumentError and produce no event.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/irc/isupport.hpp"
#include "mxedge/irc/message.hpp"
#include "mxedge/irc/mode_changes.hpp"
#include "mxedge/irc/names_reply.hpp"

namespace mxedge::irc_worker {

enum class MembershipKind {
  kNames,  // the channel's members after our JOIN (353 … 366)
  kJoin,
  kPart,
  kQuit,   // no channel: every channel the nick is in
  kKick,   // `nick` kicked `target`
  kNick,   // `nick` is now `target`; no channel
  kMode,   // `nick` set `modes` on the channel
  kTopic,  // `nick` set the topic `text` (TOPIC); `nick` empty for 332 on our join
};

struct MembershipEvent {
  MembershipKind kind = MembershipKind::kJoin;
  std::string channel;
  std::string nick;
  std::string target;
  std::string text;  // PART/QUIT reason, KICK reason as the room shows it, topic
  std::vector<irc::ChannelMember> members;
  std::vector<irc::ModeChange> modes;
  irc::CaseMapping case_mapping;
};

class MembershipReader {
 public:
  // The event `message` completes, nullopt when it is none (other commands, a 353 that is not
  // the last of its list, a MODE on a user). InvalidArgumentError for a malformed line.
  absl::StatusOr<std::optional<MembershipEvent>> Read(const irc::Message& message);

  const irc::ISupport& isupport() const { return isupport_; }

 private:
  MembershipEvent Event(MembershipKind kind, std::string_view channel, std::string_view nick) const;

  irc::ISupport isupport_;
  // Folded channel → the members its 353 lines listed so far.
  std::map<std::string, std::vector<irc::ChannelMember>> names_;
};

}  // namespace mxedge::irc_worker
