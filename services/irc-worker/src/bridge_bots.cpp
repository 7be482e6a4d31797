#include "bridge_bots.hpp"

#include "bot_identity.hpp"
#include "case_mapping_check.hpp"
#include "channel_mapping.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/case_mapping.hpp"

namespace mxedge::irc_worker {

using common::Cat;

std::string BridgeBotMxid(const NetworkConfig& network, std::string_view server_name) {
  absl::StatusOr<std::string> mxid = BotUserId(network.bot_localpart, network.id, server_name);
  return mxid.ok() ? *mxid : Cat("@irc_", network.id, ":", server_name);
}

BridgeBots::BridgeBots(const Config& config, ConnectionClaims& claims, BridgedRooms& rooms)
    : claims_(claims), rooms_(rooms) {
  for (const NetworkConfig& net : config.networks) {
    const irc::CaseMapping case_mapping = KeyCaseMapping(net);
    Bot bot;
    bot.mxid = BridgeBotMxid(net, config.homeserver.server_name);
    // The localpart: between '@' and ':'.
    const std::string localpart = bot.mxid.substr(1, bot.mxid.find(':') - 1);
    bot.nick = net.bot_nick.empty() ? localpart : net.bot_nick;
    if (absl::StatusOr<ChannelMapping> mapping = ChannelMapping::Parse(net.channels, case_mapping);
        mapping.ok()) {
      for (const ChannelRoom& entry : mapping->entries()) {
        bot.folded_channels.push_back(case_mapping.Fold(entry.channel));
      }
    }
    bots_.emplace(net.id, std::move(bot));
  }
}

bool BridgeBots::IsBot(const ConnectionKey& key) const { return NickOf(key).has_value(); }

std::optional<std::string> BridgeBots::NickOf(const ConnectionKey& key) const {
  auto it = bots_.find(key.network);
  if (it == bots_.end() || it->second.mxid != key.mxid) {
    return std::nullopt;
  }
  return it->second.nick;
}

absl::Status BridgeBots::Enroll() {
  if (enrolled_) {
    return absl::OkStatus();
  }
  for (const auto& [network, bot] : bots_) {
    for (const std::string& channel : bot.folded_channels) {
      if (absl::Status s = rooms_.AddUserChannel(network, bot.mxid, channel); !s.ok()) {
        return s;
      }
    }
    if (absl::Status s = claims_.AddWanted(network, bot.mxid); !s.ok()) {
      return s;
    }
  }
  enrolled_ = true;
  common::LogInfo("bridge bots enrolled", {{"networks", bots_.size()}});
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
