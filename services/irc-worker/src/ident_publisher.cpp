#include "ident_publisher.hpp"

#include <utility>

#include "mxedge/common/log.hpp"

namespace mxedge::irc_worker {

IdentPublisher::IdentPublisher(IdentDirectory& directory, std::string user,
                               std::function<void()> wake)
    : directory_(directory), user_(std::move(user)), wake_(std::move(wake)) {}

void IdentPublisher::OnSocketOpen(const SocketPorts& ports) {
  absl::Status published = directory_.Publish(
      IdentQuery{.local_port = ports.local_port, .remote_port = ports.remote_port}, user_);
  if (!published.ok()) {
    common::LogWarn("ident record not published", {{"error", published.ToString()}});
    return;
  }
  if (wake_) {
    wake_();
  }
}

void IdentPublisher::OnSocketClosed(const SocketPorts& ports) {
  directory_.Withdraw(IdentQuery{.local_port = ports.local_port, .remote_port = ports.remote_port});
  if (wake_) {
    wake_();
  }
}

}  // namespace mxedge::irc_worker
