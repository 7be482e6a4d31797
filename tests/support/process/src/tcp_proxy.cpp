#include "mxedge/testing/tcp_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "cat.hpp"
#include "socket_util.hpp"

namespace mxedge::testing {
namespace {

constexpr size_t kChunk = 16 * 1024;
constexpr std::chrono::milliseconds kUpstreamConnectTimeout{2000};

// Writes all of `data` to a blocking socket; false when the peer is gone.
bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

struct TcpProxy::Pair {
  int client = -1;
  int upstream = -1;
  bool closed = false;

  void Close() {
    if (client >= 0) {
      close(client);
    }
    if (upstream >= 0) {
      close(upstream);
    }
    client = upstream = -1;
    closed = true;
  }
};

absl::StatusOr<std::unique_ptr<TcpProxy>> TcpProxy::Start(int upstream_port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return absl::InternalError(internal::Cat("socket: ", std::strerror(errno)));
  }
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(fd, 64) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int err = errno;
    close(fd);
    return absl::InternalError(internal::Cat("proxy listen on 127.0.0.1: ", std::strerror(err)));
  }
  int wake[2];
  if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) {
    const int err = errno;
    close(fd);
    return absl::InternalError(internal::Cat("pipe: ", std::strerror(err)));
  }
  std::unique_ptr<TcpProxy> proxy(
      new TcpProxy(fd, static_cast<int>(ntohs(addr.sin_port)), upstream_port, wake[0], wake[1]));
  proxy->thread_ = std::thread([p = proxy.get()] { p->Run(); });
  return proxy;
}

TcpProxy::TcpProxy(int listen_fd, int port, int upstream_port, int wake_read, int wake_write)
    : listen_fd_(listen_fd),
      port_(port),
      upstream_port_(upstream_port),
      wake_read_(wake_read),
      wake_write_(wake_write) {}

TcpProxy::~TcpProxy() {
  stop_.store(true);
  Wake();
  if (thread_.joinable()) {
    thread_.join();
  }
  close(listen_fd_);
  close(wake_read_);
  close(wake_write_);
}

void TcpProxy::Pause(ProxyPause mode) {
  mode_.store(static_cast<int>(mode));
  Wake();
}

void TcpProxy::Resume() {
  mode_.store(kForwarding);
  Wake();
}

void TcpProxy::Wake() {
  const char byte = 1;
  (void)!write(wake_write_, &byte, 1);
}

void TcpProxy::Run() {
  std::vector<Pair> pairs;
  std::vector<char> buffer(kChunk);
  while (!stop_.load()) {
    const int mode = mode_.load();
    if (mode == static_cast<int>(ProxyPause::kDrop)) {
      for (Pair& pair : pairs) {
        pair.Close();
      }
    }
    std::erase_if(pairs, [](const Pair& pair) { return pair.closed; });
    // fds: wake pipe, listener, then (client, upstream) of each pair while forwarding.
    std::vector<pollfd> fds = {{wake_read_, POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    if (mode == kForwarding) {
      for (const Pair& pair : pairs) {
        fds.push_back({pair.client, POLLIN, 0});
        fds.push_back({pair.upstream, POLLIN, 0});
      }
    }
    if (poll(fds.data(), fds.size(), 1000) < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;
    }
    if (fds[0].revents != 0) {
      char drain[64];
      while (read(wake_read_, drain, sizeof(drain)) > 0) {
      }
    }
    if (fds[1].revents & POLLIN) {
      const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0) {
        accepted_.fetch_add(1);
        if (mode_.load() == static_cast<int>(ProxyPause::kDrop)) {
          close(client);
        } else if (absl::StatusOr<int> upstream =
                       internal::ConnectLoopback(upstream_port_, kUpstreamConnectTimeout);
                   upstream.ok()) {
          pairs.push_back(Pair{client, *upstream, false});
        } else {
          close(client);
        }
      }
    }
    if (mode != kForwarding) {
      continue;
    }
    // Pairs accepted in this round are not in `fds`; they are polled from the next round on.
    for (size_t i = 2; i + 1 < fds.size(); i += 2) {
      Pair& pair = pairs[(i - 2) / 2];
      for (auto [from, to] :
           {std::pair{fds[i], pair.upstream}, std::pair{fds[i + 1], pair.client}}) {
        if (pair.closed || from.revents == 0) {
          continue;
        }
        ssize_t n = recv(from.fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
          continue;
        }
        if (n <= 0 || !WriteAll(to, buffer.data(), static_cast<size_t>(n))) {
          pair.Close();
          continue;
        }
        forwarded_.fetch_add(n);
      }
    }
  }
  for (Pair& pair : pairs) {
    pair.Close();
  }
}

}  // namespace mxedge::testing
