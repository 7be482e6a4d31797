#pragma once
// ManagerPuppetControl: PuppetControl over the worker's real parts: readiness from PuppetLines
// (the App's reconcile-backed Prepare), state and lines through the ConnectionManager, !quit as
// "no longer wanted" in the connection claims (the owner QUITs and releases it on its next round)
// plus an immediate QUIT, and !reconnect as a close and a new open through `reopen` (the App runs
// it on its reconcile thread).
#include <functional>
#include <string>

#include "connection_claims.hpp"
#include "connection_key.hpp"
#include "connection_manager.hpp"
#include "puppet_control.hpp"
#include "puppet_lines.hpp"

namespace mxedge::irc_worker {

class ManagerPuppetControl final : public PuppetControl {
 public:
  using Reopen = std::function<absl::Status(const ConnectionKey&)>;

  // Everything passed by reference must outlive this.
  ManagerPuppetControl(PuppetLines& lines, ConnectionManager& manager, ConnectionClaims& claims,
                       Reopen reopen, std::string quit_message);

  absl::StatusOr<PuppetReadiness> Prepare(std::string_view network, std::string_view mxid) override;
  std::optional<PuppetStatus> Status(std::string_view network, std::string_view mxid) override;
  absl::Status SendLine(std::string_view network, std::string_view mxid, std::string line) override;
  absl::Status Reconnect(std::string_view network, std::string_view mxid) override;
  absl::Status Quit(std::string_view network, std::string_view mxid) override;

 private:
  PuppetLines& lines_;
  ConnectionManager& manager_;
  ConnectionClaims& claims_;
  Reopen reopen_;
  std::string quit_message_;
};

}  // namespace mxedge::irc_worker
