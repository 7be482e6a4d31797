#pragma once
// A TCP proxy on 127.0.0.1 between a client under test and a server (e.g. an irc-worker and its
// Redis), for cutting the path without touching either process. One thread, poll(), no Asio.
//
// Pause(kHold): nothing is forwarded in either direction; accepted and new connections stay open
// and their bytes wait in the kernel buffers (a network partition: the client sees timeouts).
// Pause(kDrop): every connection is closed, and new ones are closed as soon as they are accepted
// (the client sees resets). Resume() forwards again, including what a hold kept back.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::testing {

enum class ProxyPause { kHold, kDrop };

class TcpProxy {
 public:
  // Listens on a free loopback port and forwards each connection to 127.0.0.1:upstream_port.
  static absl::StatusOr<std::unique_ptr<TcpProxy>> Start(int upstream_port);
  ~TcpProxy();  // closes every connection and stops the thread
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  int port() const { return port_; }
  void Pause(ProxyPause mode);
  void Resume();
  bool paused() const { return mode_.load() != kForwarding; }
  // Connections accepted so far, and bytes forwarded (both directions).
  int64_t accepted() const { return accepted_.load(); }
  int64_t forwarded_bytes() const { return forwarded_.load(); }

 private:
  static constexpr int kForwarding = -1;
  struct Pair;

  TcpProxy(int listen_fd, int port, int upstream_port, int wake_read, int wake_write);
  void Run();
  void Wake();

  int listen_fd_;
  int port_;
  int upstream_port_;
  int wake_read_;
  int wake_write_;
  std::atomic<int> mode_{kForwarding};  // kForwarding or a ProxyPause value
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> accepted_{0};
  std::atomic<int64_t> forwarded_{0};
  std::thread thread_;
};

}  // namespace mxedge::testing
