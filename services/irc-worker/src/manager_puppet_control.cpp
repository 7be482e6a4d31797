#include "manager_puppet_control.hpp"

#include "mxedge/common/log.hpp"

namespace mxedge::irc_worker {

ManagerPuppetControl::ManagerPuppetControl(PuppetLines& lines, ConnectionManager& manager,
                                           ConnectionClaims& claims, Reopen reopen,
                                           std::string quit_message)
    : lines_(lines),
      manager_(manager),
      claims_(claims),
      reopen_(std::move(reopen)),
      quit_message_(std::move(quit_message)) {}

absl::StatusOr<PuppetReadiness> ManagerPuppetControl::Prepare(std::string_view network,
                                                              std::string_view mxid) {
  return lines_.Prepare(network, mxid);
}

std::optional<PuppetStatus> ManagerPuppetControl::Status(std::string_view network,
                                                         std::string_view mxid) {
  std::optional<ConnectionInfo> info =
      manager_.Find(ConnectionKey{std::string(network), std::string(mxid)});
  if (!info.has_value()) {
    return std::nullopt;
  }
  return PuppetStatus{.nick = info->nick,
                      .registered = info->state == ConnectionState::kRegistered,
                      .channels = info->channels};
}

absl::Status ManagerPuppetControl::SendLine(std::string_view network, std::string_view mxid,
                                            std::string line) {
  return manager_.Send(
      ConnectionKey{std::string(network), std::string(mxid)}, std::move(line),
      [network = std::string(network)](const absl::Status& s) {
        if (!s.ok()) {
          common::LogWarn("admin line not sent", {{"network", network}, {"error", s.ToString()}});
        }
      });
}

absl::Status ManagerPuppetControl::Reconnect(std::string_view network, std::string_view mxid) {
  ConnectionKey key{std::string(network), std::string(mxid)};
  if (absl::Status s = manager_.Close(key, "Reconnecting"); !s.ok() && !absl::IsNotFound(s)) {
    return s;
  }
  return reopen_(key);
}

absl::Status ManagerPuppetControl::Quit(std::string_view network, std::string_view mxid) {
  if (absl::Status s = claims_.RemoveWanted(network, mxid); !s.ok()) {
    return s;
  }
  absl::Status closed =
      manager_.Close(ConnectionKey{std::string(network), std::string(mxid)}, quit_message_);
  return absl::IsNotFound(closed) ? absl::OkStatus() : closed;
}

}  // namespace mxedge::irc_worker
