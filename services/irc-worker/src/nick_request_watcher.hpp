#pragma once
// NickRequestWatcher: PuppetControl for the admin room that passes everything on to `inner` and
// tells PuppetNickSync about each NICK line the user sends (!nick, !cmd NICK), so a nick the server
// confirms becomes the user's choice. NICKs the bridge sends itself do not go through it.
#include "puppet_control.hpp"
#include "puppet_nick_sync.hpp"

namespace mxedge::irc_worker {

class NickRequestWatcher final : public PuppetControl {
 public:
  // Both must outlive this.
  NickRequestWatcher(PuppetControl& inner, PuppetNickSync& sync) : inner_(inner), sync_(sync) {}

  absl::StatusOr<PuppetReadiness> Prepare(std::string_view network, std::string_view mxid) override;
  std::optional<PuppetStatus> Status(std::string_view network, std::string_view mxid) override;
  absl::Status SendLine(std::string_view network, std::string_view mxid, std::string line) override;
  absl::Status Reconnect(std::string_view network, std::string_view mxid) override;
  absl::Status Quit(std::string_view network, std::string_view mxid) override;

 private:
  PuppetControl& inner_;
  PuppetNickSync& sync_;
};

}  // namespace mxedge::irc_worker
