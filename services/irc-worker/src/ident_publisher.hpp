#pragma once
// IdentPublisher: the SocketObserver of one puppet connection that publishes its port pair with
// the puppet's ident user name in the IdentDirectory while the socket is up, and asks for a flush
// (`wake`) after each change.
#include <functional>
#include <string>

#include "ident_directory.hpp"
#include "socket_observer.hpp"

namespace mxedge::irc_worker {

class IdentPublisher : public SocketObserver {
 public:
  // `directory` must outlive this; `wake` is called on the loop thread and must not block.
  IdentPublisher(IdentDirectory& directory, std::string user, std::function<void()> wake);

  void OnSocketOpen(const SocketPorts& ports) override;
  void OnSocketClosed(const SocketPorts& ports) override;

 private:
  IdentDirectory& directory_;
  std::string user_;
  std::function<void()> wake_;
};

}  // namespace mxedge::irc_worker
