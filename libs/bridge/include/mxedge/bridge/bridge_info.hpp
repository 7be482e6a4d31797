#pragma once
// Bridge info state in portal rooms (MSC2346 `m.bridge` and its older name
// `uk.half-shot.bridge`) and the `irc` third-party protocol description for room directories.
#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"

namespace mxedge::bridge {

inline constexpr std::string_view kBridgeEventType = "m.bridge";
inline constexpr std::string_view kLegacyBridgeEventType = "uk.half-shot.bridge";
inline constexpr std::string_view kProtocolId = "irc";

// One configured IRC network as rooms and directories describe it.
struct NetworkInfo {
  std::string id;           // the network id ("libera")
  std::string displayname;  // "Libera.Chat"
  std::string domain;       // the server address users know ("irc.libera.chat")
  std::string icon;         // mxc:// URI, optional
};

// The state key of the bridge info for one channel: "mxedge://irc/<network>/<channel>" with
// '%' and '/' in the channel percent-encoded, so each (network, channel) has one key.
std::string BridgeInfoStateKey(std::string_view network, std::string_view channel);

// The content of both bridge info events: bridgebot, creator (the bot), protocol
// {id: irc, displayname: IRC}, network {id, displayname, external_url irc://domain, avatar_url}
// and channel {id, displayname, external_url irc://domain/channel}.
nlohmann::json BridgeInfoContent(std::string_view bot_user_id, const NetworkInfo& network,
                                 std::string_view channel);

// The answer to GET /_matrix/app/v1/thirdparty/protocol/irc: user fields (domain, nick),
// location fields (domain, channel) with their regexps and placeholders, and one instance per
// network whose fields carry its domain.
nlohmann::json ThirdPartyProtocol(const std::vector<NetworkInfo>& networks);

}  // namespace mxedge::bridge
