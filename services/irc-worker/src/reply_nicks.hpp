#pragma once
// ReplyNicks: the IRC nick a Matrix reply addresses ("Nick: text"). The replied-to sender is read
// from the reply fallback's first line ("> <@bob:hs> …"); a ghost's nick is read back from its user
// id (the network's ghost template), any other user's is their puppet's nick.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mxedge::irc_worker {

// The user id quoted on the first line of a reply fallback ("> <@bob:hs> …"), or nullopt when the
// body has none.
std::optional<std::string> ReplyFallbackSender(std::string_view body);

class ReplyNicks {
 public:
  // The puppet nick a Matrix user has (or would have) on a network.
  using PuppetNick = std::function<std::string(std::string_view network, std::string_view mxid)>;

  // `ghost_templates`: network → ghost localpart template ($NETWORK, $NICK), as IrcToMatrix's.
  ReplyNicks(std::map<std::string, std::string, std::less<>> ghost_templates,
             std::string server_name, PuppetNick puppet_nick);

  // The nick of `mxid` on `network`; nullopt for a network without a template or an id that is
  // not a user id.
  std::optional<std::string> NickOf(std::string_view network, std::string_view mxid) const;

 private:
  std::map<std::string, std::string, std::less<>> ghost_templates_;
  std::string server_name_;
  PuppetNick puppet_nick_;
};

}  // namespace mxedge::irc_worker
