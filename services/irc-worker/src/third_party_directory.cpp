#include "third_party_directory.hpp"

#include <utility>

#include "bot_identity.hpp"
#include "case_mapping_check.hpp"
#include "irc_to_matrix.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {
namespace {

// A nick as IRC servers accept one: no spaces, no channel prefix or separators, not empty.
bool PlausibleNick(std::string_view nick) {
  if (nick.empty() || nick.size() > 64 || nick[0] == '#' || nick[0] == '&' || nick[0] == ':' ||
      (nick[0] >= '0' && nick[0] <= '9') || nick[0] == '-') {
    return false;
  }
  for (char ch : nick) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte <= ' ' || byte == 0x7f || ch == ',' || ch == '!' || ch == '@' || ch == '*' ||
        ch == '?') {
      return false;
    }
  }
  return true;
}

std::string_view Field(const v1::ThirdPartyLookupRequest& request, std::string_view key) {
  for (const v1::ThirdPartyField& field : request.fields()) {
    if (field.key() == key) {
      return field.value();
    }
  }
  return {};
}

v1::ThirdPartyResult Result(
    std::string matrix_id,
    std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  v1::ThirdPartyResult result;
  result.set_matrix_id(std::move(matrix_id));
  result.set_protocol(std::string(ThirdPartyDirectory::kProtocol));
  for (const auto& [key, value] : fields) {
    (*result.mutable_fields())[std::string(key)] = std::string(value);
  }
  return result;
}

}  // namespace

absl::StatusOr<ThirdPartyDirectory> ThirdPartyDirectory::Create(
    std::map<std::string, ThirdPartyNetwork, std::less<>> networks, std::string server_name) {
  std::map<std::string, Network, std::less<>> built;
  for (auto& [id, names] : networks) {
    absl::StatusOr<bridge::GhostNamer> ghost_namer =
        bridge::GhostNamer::Create(names.ghost_template, server_name);
    if (!ghost_namer.ok()) {
      return absl::InvalidArgumentError(common::Cat(
          "networks.", id, ".ghost_localpart_template: ", ghost_namer.status().message()));
    }
    built.emplace(id, Network{std::move(names), *std::move(ghost_namer)});
  }
  return ThirdPartyDirectory(std::move(built), std::move(server_name));
}

v1::ThirdPartyProtocolReply ThirdPartyDirectory::Protocol() const {
  v1::ThirdPartyProtocolReply reply;
  reply.add_user_fields("network");
  reply.add_user_fields("nickname");
  reply.add_location_fields("network");
  reply.add_location_fields("channel");
  auto& types = *reply.mutable_field_types();
  types["network"].set_regexp("[a-z0-9]{1,32}");
  types["network"].set_placeholder("libera");
  types["channel"].set_regexp("[#&][^\\s,:\\x07]+");
  types["channel"].set_placeholder("#channel");
  types["nickname"].set_regexp("[^\\s#&:,!@*?0-9-][^\\s,!@*?]*");
  types["nickname"].set_placeholder("nick");
  for (const auto& [id, network] : networks_) {
    v1::ThirdPartyProtocolInstance* instance = reply.add_instances();
    instance->set_desc(network.names.description.empty() ? id : network.names.description);
    instance->set_network_id(id);
    (*instance->mutable_fields())["network"] = id;
  }
  return reply;
}

absl::StatusOr<std::vector<v1::ThirdPartyResult>> ThirdPartyDirectory::Lookup(
    const v1::ThirdPartyLookupRequest& request) const {
  switch (request.kind()) {
    case v1::THIRD_PARTY_LOOKUP_KIND_LOCATION:
    case v1::THIRD_PARTY_LOOKUP_KIND_USER:
      if (request.protocol() != kProtocol) {
        return absl::InvalidArgumentError(
            common::Cat("protocol ", request.protocol(), " is not bridged by irc-worker"));
      }
      return request.kind() == v1::THIRD_PARTY_LOOKUP_KIND_LOCATION
                 ? Locations(Field(request, "network"), Field(request, "channel"))
                 : Users(Field(request, "network"), Field(request, "nickname"));
    case v1::THIRD_PARTY_LOOKUP_KIND_LOCATION_BY_ALIAS:
      return LocationsByAlias(request.matrix_id());
    case v1::THIRD_PARTY_LOOKUP_KIND_USER_BY_MATRIX_ID:
      return UsersByMatrixId(request.matrix_id());
    default:
      return absl::InvalidArgumentError("lookup kind not set");
  }
}

std::vector<v1::ThirdPartyResult> ThirdPartyDirectory::Locations(std::string_view network,
                                                                 std::string_view channel) const {
  std::vector<v1::ThirdPartyResult> results;
  if (channel.empty()) {
    return results;
  }
  for (const auto& [id, net] : networks_) {
    if (!network.empty() && network != id) {
      continue;
    }
    absl::StatusOr<std::string> alias =
        net.names.alias_namer.AliasFor(id, channel, net.names.isupport);
    if (!alias.ok()) {
      continue;
    }
    const std::string folded = net.names.isupport.case_mapping().Fold(channel);
    results.push_back(Result(*std::move(alias), {{"network", id}, {"channel", folded}}));
  }
  return results;
}

std::vector<v1::ThirdPartyResult> ThirdPartyDirectory::Users(std::string_view network,
                                                             std::string_view nick) const {
  std::vector<v1::ThirdPartyResult> results;
  if (!PlausibleNick(nick)) {
    return results;
  }
  for (const auto& [id, net] : networks_) {
    if (!network.empty() && network != id) {
      continue;
    }
    results.push_back(Result(GhostUserId(net.names.ghost_template, id, nick, server_name_),
                             {{"network", id}, {"nickname", nick}}));
  }
  return results;
}

std::vector<v1::ThirdPartyResult> ThirdPartyDirectory::LocationsByAlias(
    std::string_view alias) const {
  std::vector<v1::ThirdPartyResult> results;
  for (const auto& [id, net] : networks_) {
    absl::StatusOr<bridge::PortalChannel> parsed = net.names.alias_namer.Parse(
        alias, [this](std::string_view network) -> const irc::ISupport* {
          auto it = networks_.find(network);
          return it != networks_.end() ? &it->second.names.isupport : nullptr;
        });
    if (parsed.ok() && parsed->network == id) {
      results.push_back(
          Result(std::string(alias), {{"network", id}, {"channel", parsed->channel}}));
      break;
    }
  }
  return results;
}

std::vector<v1::ThirdPartyResult> ThirdPartyDirectory::UsersByMatrixId(
    std::string_view user_id) const {
  std::vector<v1::ThirdPartyResult> results;
  for (const auto& [id, net] : networks_) {
    absl::StatusOr<bridge::GhostId> ghost = net.ghost_namer.Parse(user_id);
    if (ghost.ok() && ghost->network == id) {
      results.push_back(Result(std::string(user_id), {{"network", id}, {"nickname", ghost->nick}}));
      break;
    }
  }
  return results;
}

absl::StatusOr<ThirdPartyDirectory> BuildThirdPartyDirectory(const Config& config) {
  std::map<std::string, ThirdPartyNetwork, std::less<>> networks;
  for (const NetworkConfig& net : config.networks) {
    absl::StatusOr<std::string> alias_template =
        PortalAliasLocalpartTemplate(net.portal_alias_template);
    absl::StatusOr<bridge::PortalAliasNamer> namer =
        alias_template.ok()
            ? bridge::PortalAliasNamer::Create(*alias_template, config.homeserver.server_name)
            : absl::StatusOr<bridge::PortalAliasNamer>(alias_template.status());
    if (!namer.ok()) {
      return absl::InvalidArgumentError(
          common::Cat("networks.", net.id, ".portal_alias_template: ", namer.status().message()));
    }
    networks.emplace(net.id, ThirdPartyNetwork{.description = net.host,
                                               .ghost_template = net.ghost_localpart_template,
                                               .alias_namer = *std::move(namer),
                                               .isupport = KeyIsupport(net)});
  }
  return ThirdPartyDirectory::Create(std::move(networks), config.homeserver.server_name);
}

}  // namespace mxedge::irc_worker
