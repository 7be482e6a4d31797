#include "mxedge/bridge/ghost_namer.hpp"

#include <array>

#include "mxedge/bridge/localpart_escape.hpp"
#include "mxedge/bridge/network_id.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/matrix/ids.hpp"

namespace mxedge::bridge {
namespace {

constexpr std::array<std::string_view, 2> kVariables = {"NETWORK", "NICK"};

}  // namespace

absl::StatusOr<GhostNamer> GhostNamer::Create(std::string_view localpart_template,
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
  const std::string sample = parsed->Expand({{"NETWORK", "n"}, {"NICK", "n"}});
  if (!matrix::IsValidUserLocalpart(sample, matrix::UserIdGrammar::kStrict)) {
    return absl::InvalidArgumentError(
        common::Cat("ghost template \"", localpart_template,
                    "\": literal text must be strict localpart characters [a-z0-9._=/+-]"));
  }
  if (absl::StatusOr<matrix::ServerName> server = matrix::ParseServerName(server_name);
      !server.ok()) {
    return server.status();
  }
  return GhostNamer(*std::move(parsed), std::string(server_name));
}

absl::StatusOr<std::string> GhostNamer::UserIdFor(std::string_view network, std::string_view nick,
                                                  const irc::CaseMapping& case_mapping) const {
  if (absl::Status status = ValidateNetworkId(network); !status.ok()) {
    return status;
  }
  if (nick.empty()) {
    return absl::InvalidArgumentError("ghost user id: empty nick");
  }
  const std::string localpart = localpart_.Expand(
      {{"NETWORK", std::string(network)}, {"NICK", EscapeLocalpart(case_mapping.Fold(nick))}});
  std::string user_id = common::Cat("@", localpart, ":", server_name_);
  if (user_id.size() > matrix::kMaxIdBytes) {
    return absl::InvalidArgumentError(common::Cat("ghost user id for nick of ", nick.size(),
                                                  " bytes is over ", matrix::kMaxIdBytes,
                                                  " bytes"));
  }
  return user_id;
}

absl::StatusOr<GhostId> GhostNamer::Parse(std::string_view user_id) const {
  absl::StatusOr<matrix::UserId> parsed = matrix::ParseUserId(user_id);
  if (!parsed.ok()) {
    return absl::NotFoundError(common::Cat("not a user id: ", parsed.status().message()));
  }
  if (parsed->server_name != server_name_) {
    return absl::NotFoundError(common::Cat(user_id, " is not on ", server_name_));
  }
  absl::StatusOr<std::map<std::string, std::string, std::less<>>> values =
      localpart_.Match(parsed->localpart, [](std::string_view variable, char c) {
        return variable == "NETWORK" ? IsNetworkIdChar(c) : IsEscapedLocalpartChar(c);
      });
  if (!values.ok()) {
    return values.status();
  }
  absl::StatusOr<std::string> nick = UnescapeLocalpart(values->at("NICK"));
  if (!nick.ok()) {
    return nick.status();
  }
  return GhostId{.network = values->at("NETWORK"), .nick = *std::move(nick)};
}

}  // namespace mxedge::bridge
