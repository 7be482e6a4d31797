#include "bot_channels.hpp"

#include <optional>

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

BotChannels::BotChannels(BridgedRooms& rooms, PuppetControl& puppets, RemotePuppetLines* remote)
    : rooms_(rooms), puppets_(puppets), remote_(remote) {}

absl::Status BotChannels::Join(std::string_view network, std::string_view bot_mxid,
                               std::string_view folded_channel) {
  if (absl::Status s = rooms_.AddUserChannel(network, bot_mxid, folded_channel); !s.ok()) {
    return s;
  }
  const bool sent = Send(network, bot_mxid, Cat("JOIN ", folded_channel));
  common::LogInfo("bridge bot channel added", {{"network", std::string(network)},
                                               {"channel", std::string(folded_channel)},
                                               {"joined_now", sent}});
  return absl::OkStatus();
}

absl::Status BotChannels::Part(std::string_view network, std::string_view bot_mxid,
                               std::string_view folded_channel) {
  absl::Status removed = rooms_.RemoveUserChannel(network, bot_mxid, folded_channel);
  const bool sent = Send(network, bot_mxid, Cat("PART ", folded_channel));
  common::LogInfo("bridge bot channel removed", {{"network", std::string(network)},
                                                 {"channel", std::string(folded_channel)},
                                                 {"parted_now", sent}});
  return removed;
}

bool BotChannels::Send(std::string_view network, std::string_view bot_mxid,
                       const std::string& line) {
  if (std::optional<PuppetStatus> local = puppets_.Status(network, bot_mxid)) {
    // Ours: a connection still registering joins its channels when it is registered.
    return local->registered && puppets_.SendLine(network, bot_mxid, line).ok();
  }
  if (remote_ == nullptr) {
    return false;
  }
  absl::Status s = remote_->SendLine(network, bot_mxid, line);
  if (!s.ok()) {
    // NotFound: no worker holds the bot's connection now; it joins on its next registration.
    common::LogDebug("bridge bot line not sent to its worker",
                     {{"network", std::string(network)}, {"error", s.ToString()}});
  }
  return s.ok();
}

}  // namespace mxedge::irc_worker
