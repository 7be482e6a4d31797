#include "mxedge/bridge/portal_alias_namer.hpp"

#include <array>

#include "mxedge/bridge/network_id.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/validation.hpp"
#include "mxedge/matrix/ids.hpp"

namespace mxedge::bridge {
namespace {

constexpr std::array<std::string_view, 2> kVariables = {"NETWORK", "CHANNEL"};

bool IsAliasChannelChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte > 0x20 && byte != 0x7F && c != ':' && c != ',';
}

absl::Status ValidateChannel(std::string_view channel, const irc::ISupport& isupport) {
  for (char c : channel) {
    if (!IsAliasChannelChar(c)) {
      return absl::InvalidArgumentError(
          common::Cat("channel name has a byte an alias cannot hold (0x",
                      absl::Hex(static_cast<unsigned char>(c)), ")"));
    }
  }
  if (!irc::IsValidChannelName(channel, isupport)) {
    return absl::InvalidArgumentError(
        common::Cat("\"", channel, "\" is not a channel name on this network (CHANTYPES ",
                    isupport.chan_types(), ", CHANNELLEN ", isupport.channel_len(), ")"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PortalAliasNamer> PortalAliasNamer::Create(std::string_view localpart_template,
                                                          std::string_view server_name) {
  absl::StatusOr<NameTemplate> parsed =
      NameTemplate::Parse(localpart_template, kVariables, kVariables);
  if (!parsed.ok()) {
    return parsed.status();
  }
  if (IsNetworkIdChar(parsed->CharBefore("NETWORK")) ||
      IsNetworkIdChar(parsed->CharAfter("NETWORK"))) {
    return absl::InvalidArgumentError(common::Cat(
        "template \"", localpart_template,
        "\": the text around $NETWORK must not be a-z, 0-9 or '-', or the network id could not "
        "be read back"));
  }
  const std::string sample = parsed->Expand({{"NETWORK", "n"}, {"CHANNEL", "#c"}});
  if (absl::StatusOr<matrix::RoomAlias> alias =
          matrix::ParseRoomAlias(common::Cat("#", sample, ":", server_name));
      !alias.ok()) {
    return absl::InvalidArgumentError(common::Cat("portal alias template \"", localpart_template,
                                                  "\": ", alias.status().message()));
  }
  return PortalAliasNamer(*std::move(parsed), std::string(server_name));
}

absl::StatusOr<std::string> PortalAliasNamer::AliasFor(std::string_view network,
                                                       std::string_view channel,
                                                       const irc::ISupport& isupport) const {
  if (absl::Status status = ValidateNetworkId(network); !status.ok()) {
    return status;
  }
  if (absl::Status status = ValidateChannel(channel, isupport); !status.ok()) {
    return status;
  }
  const std::string folded = isupport.case_mapping().Fold(channel);
  std::string alias =
      common::Cat("#", localpart_.Expand({{"NETWORK", std::string(network)}, {"CHANNEL", folded}}),
                  ":", server_name_);
  if (alias.size() > matrix::kMaxIdBytes) {
    return absl::InvalidArgumentError(
        common::Cat("portal alias would be over ", matrix::kMaxIdBytes, " bytes"));
  }
  return alias;
}

absl::StatusOr<PortalChannel> PortalAliasNamer::Parse(std::string_view alias,
                                                      const ISupportLookup& lookup) const {
  absl::StatusOr<matrix::RoomAlias> parsed = matrix::ParseRoomAlias(alias);
  if (!parsed.ok()) {
    return absl::NotFoundError(common::Cat("not a room alias: ", parsed.status().message()));
  }
  if (parsed->server_name != server_name_) {
    return absl::NotFoundError(common::Cat(alias, " is not on ", server_name_));
  }
  absl::StatusOr<std::map<std::string, std::string, std::less<>>> values =
      localpart_.Match(parsed->localpart, [](std::string_view variable, char c) {
        return variable == "NETWORK" ? IsNetworkIdChar(c) : IsAliasChannelChar(c);
      });
  if (!values.ok()) {
    return values.status();
  }
  const std::string& network = values->at("NETWORK");
  const irc::ISupport* isupport = lookup(network);
  if (isupport == nullptr) {
    return absl::NotFoundError(common::Cat("no bridged network \"", network, "\""));
  }
  const std::string& channel = values->at("CHANNEL");
  if (absl::Status status = ValidateChannel(channel, *isupport); !status.ok()) {
    return status;
  }
  return PortalChannel{.network = network, .channel = isupport->case_mapping().Fold(channel)};
}

}  // namespace mxedge::bridge
