#pragma once
// Room aliases of portal rooms: "#irc_libera_#python:example.org" ↔ (libera, #python).
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/bridge/name_template.hpp"
#include "mxedge/irc/isupport.hpp"

namespace mxedge::bridge {

struct PortalChannel {
  std::string network;
  std::string channel;  // folded by the network's CASEMAPPING
  friend bool operator==(const PortalChannel&, const PortalChannel&) = default;
};

class PortalAliasNamer {
 public:
  static constexpr std::string_view kDefaultTemplate = "irc_$NETWORK_$CHANNEL";

  // `localpart_template` uses $NETWORK and $CHANNEL (both required).
  static absl::StatusOr<PortalAliasNamer> Create(std::string_view localpart_template,
                                                 std::string_view server_name);

  // The alias of `channel` on `network`, the channel folded by `isupport`'s CASEMAPPING.
  // InvalidArgumentError for a bad network id, or a channel name the server would refuse
  // (CHANTYPES, CHANNELLEN, forbidden bytes) or that holds a control character or ':'.
  absl::StatusOr<std::string> AliasFor(std::string_view network, std::string_view channel,
                                       const irc::ISupport& isupport) const;

  // What the server of a network announced; nullptr for a network the bridge does not serve.
  using ISupportLookup = std::function<const irc::ISupport*(std::string_view network)>;

  // The network and folded channel of an alias. NotFoundError when the alias is not ours
  // (another server, not the template's form, or an unknown network); InvalidArgumentError when
  // the channel part is not a valid channel name on that network.
  absl::StatusOr<PortalChannel> Parse(std::string_view alias, const ISupportLookup& lookup) const;

 private:
  PortalAliasNamer(NameTemplate localpart, std::string server_name)
      : localpart_(std::move(localpart)), server_name_(std::move(server_name)) {}

  NameTemplate localpart_;
  std::string server_name_;
};

}  // namespace mxedge::bridge
