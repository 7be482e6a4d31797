#pragma once
// SocketObserver: told when an IRC connection's TCP socket is up and when it is gone, with the
// local and remote ports (what an RFC 1413 query names). Called on the connection's loop thread;
// implementations must not block.
#include <cstdint>

namespace mxedge::irc_worker {

struct SocketPorts {
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
};

class SocketObserver {
 public:
  virtual ~SocketObserver() = default;
  // The TCP connection is established (before TLS and registration).
  virtual void OnSocketOpen(const SocketPorts& ports) = 0;
  // That socket is closed (a close, a reconnect's new attempt, or the connection's end).
  virtual void OnSocketClosed(const SocketPorts& ports) = 0;
};

}  // namespace mxedge::irc_worker
