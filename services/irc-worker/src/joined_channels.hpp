#pragma once
// JoinedChannels: the channels one connection is in, followed from the server's lines: our own
// JOIN adds a channel, our own PART, a KICK of us and our own QUIT remove it. Channels are keyed
// by their folded name under the server's CASEMAPPING and shown as the server spelled them.
// Pure: fed parsed lines with the session's view of our nick and the case mapping.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/irc/case_mapping.hpp"
#include "mxedge/irc/message.hpp"

namespace mxedge::irc_worker {

class JoinedChannels {
 public:
  // Applies `message` when it changes our membership. `own_nick` is our current nick.
  void Observe(const irc::Message& message, std::string_view own_nick,
               const irc::CaseMapping& mapping);
  // Forgets everything (the connection closed).
  void Clear() { channels_.clear(); }

  std::size_t size() const { return channels_.size(); }
  bool Contains(std::string_view channel, const irc::CaseMapping& mapping) const;
  // The channels in folded-name order, as the server spelled them on JOIN.
  std::vector<std::string> List() const;

 private:
  std::map<std::string, std::string, std::less<>> channels_;  // folded → display
};

}  // namespace mxedge::irc_worker
