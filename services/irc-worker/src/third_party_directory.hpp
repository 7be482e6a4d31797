#pragma once
// ThirdPartyDirectory: the `irc` protocol of the Application Service third-party API, answered by
// the worker for room directories and user search:
// - the protocol: user fields `network`, `nickname`; location fields `network`, `channel`; each
//   field's regexp and placeholder; one instance per configured network;
// - location lookups (`network`, `channel`) → the portal alias of the channel (folded by the
//   network's CASEMAPPING); user lookups (`network`, `nickname`) → the ghost user id the bridge
//   sends that nick's messages as; without `network`, every network answers;
// - reverse lookups: a portal alias → its network and channel, a ghost user id → its network and
//   nick.
// A field that is missing or invalid (a channel the server would refuse, a nick with spaces)
// gives no result rather than an error: a directory search simply finds nothing.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "config.hpp"
#include "mxedge/bridge/ghost_namer.hpp"
#include "mxedge/bridge/portal_alias_namer.hpp"
#include "mxedge/irc/isupport.hpp"
#include "mxedge/v1/sink.pb.h"

namespace mxedge::irc_worker {

struct ThirdPartyNetwork {
  std::string description;     // shown by clients, e.g. the network's host
  std::string ghost_template;  // ghost localpart template ($NETWORK, $NICK)
  bridge::PortalAliasNamer alias_namer;
  irc::ISupport isupport;  // CHANTYPES, CHANNELLEN, CASEMAPPING of the network's server
};

class ThirdPartyDirectory {
 public:
  static constexpr std::string_view kProtocol = "irc";

  // `networks`: network id → how its names are made. InvalidArgumentError for a ghost template
  // bridge::GhostNamer refuses.
  static absl::StatusOr<ThirdPartyDirectory> Create(
      std::map<std::string, ThirdPartyNetwork, std::less<>> networks, std::string server_name);

  // The protocol description (request_id left empty).
  v1::ThirdPartyProtocolReply Protocol() const;

  // The results of a lookup. InvalidArgumentError for an unset kind or a forward lookup of
  // another protocol.
  absl::StatusOr<std::vector<v1::ThirdPartyResult>> Lookup(
      const v1::ThirdPartyLookupRequest& request) const;

 private:
  struct Network {
    ThirdPartyNetwork names;
    bridge::GhostNamer ghost_namer;
  };
  ThirdPartyDirectory(std::map<std::string, Network, std::less<>> networks, std::string server_name)
      : networks_(std::move(networks)), server_name_(std::move(server_name)) {}

  std::vector<v1::ThirdPartyResult> Locations(std::string_view network,
                                              std::string_view channel) const;
  std::vector<v1::ThirdPartyResult> Users(std::string_view network, std::string_view nick) const;
  std::vector<v1::ThirdPartyResult> LocationsByAlias(std::string_view alias) const;
  std::vector<v1::ThirdPartyResult> UsersByMatrixId(std::string_view user_id) const;

  std::map<std::string, Network, std::less<>> networks_;
  std::string server_name_;
};

// The directory of `config`'s networks: their ghost templates, their `portal_alias_template`
// (as the PortalCreator makes aliases), the server's default ISUPPORT, the host as description.
// InvalidArgumentError naming the key for a template the namers refuse.
absl::StatusOr<ThirdPartyDirectory> BuildThirdPartyDirectory(const Config& config);

}  // namespace mxedge::irc_worker
