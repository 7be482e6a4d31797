#include "mxedge/bridge/bridge_info.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::bridge {
namespace {

using nlohmann::json;

// '%', '/' and the bytes a URL path cannot hold as they are, percent-encoded.
std::string EncodeSegment(std::string_view text) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '%' || c == '/' || c == '?' || c == '#' || b <= 0x20 || b >= 0x7F) {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string BridgeInfoStateKey(std::string_view network, std::string_view channel) {
  return common::Cat("mxedge://irc/", network, "/", EncodeSegment(channel));
}

json BridgeInfoContent(std::string_view bot_user_id, const NetworkInfo& network,
                       std::string_view channel) {
  json network_json = {
      {"id", network.id},
      {"displayname", network.displayname.empty() ? network.id : network.displayname}};
  if (!network.domain.empty()) {
    network_json["external_url"] = common::Cat("irc://", network.domain);
  }
  if (!network.icon.empty()) {
    network_json["avatar_url"] = network.icon;
  }
  json channel_json = {{"id", std::string(channel)}, {"displayname", std::string(channel)}};
  if (!network.domain.empty()) {
    // RFC 7230-style irc:// URL: the leading '#' of the channel is implied.
    std::string_view name = channel;
    if (name.starts_with('#')) {
      name.remove_prefix(1);
    }
    channel_json["external_url"] = common::Cat("irc://", network.domain, "/", EncodeSegment(name));
  }
  return json{{"bridgebot", std::string(bot_user_id)},
              {"creator", std::string(bot_user_id)},
              {"protocol", {{"id", kProtocolId}, {"displayname", "IRC"}}},
              {"network", std::move(network_json)},
              {"channel", std::move(channel_json)}};
}

json ThirdPartyProtocol(const std::vector<NetworkInfo>& networks) {
  json instances = json::array();
  for (const NetworkInfo& network : networks) {
    json instance = {{"network_id", network.id},
                     {"desc", network.displayname.empty() ? network.id : network.displayname},
                     {"fields", {{"domain", network.domain}}}};
    if (!network.icon.empty()) {
      instance["icon"] = network.icon;
    }
    instances.push_back(std::move(instance));
  }
  return json{{"user_fields", {"domain", "nick"}},
              {"location_fields", {"domain", "channel"}},
              {"icon", networks.empty() ? std::string() : networks.front().icon},
              {"field_types",
               {{"domain", {{"regexp", "[a-z0-9.-]+"}, {"placeholder", "irc.example.org"}}},
                {"nick", {{"regexp", "[^\\s#&]\\S*"}, {"placeholder", "alice"}}},
                {"channel", {{"regexp", "[#&][^\\s,]+"}, {"placeholder", "#channel"}}}}},
              {"instances", std::move(instances)}};
}

}  // namespace mxedge::bridge
