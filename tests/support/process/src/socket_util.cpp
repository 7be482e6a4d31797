#include "socket_util.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cat.hpp"

namespace mxedge::testing::internal {

absl::StatusOr<int> ConnectLoopback(int port, std::chrono::milliseconds timeout) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return absl::InternalError(Cat("socket: ", std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  int rc = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    rc = poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc == 0) {
      close(fd);
      return absl::DeadlineExceededError(Cat("connect 127.0.0.1:", port, ": timed out"));
    }
    int err = 0;
    socklen_t len = sizeof(err);
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      close(fd);
      return absl::UnavailableError(Cat("connect 127.0.0.1:", port, ": ", std::strerror(err)));
    }
    rc = 0;
  }
  if (rc != 0) {
    const int err = errno;
    close(fd);
    return absl::UnavailableError(Cat("connect 127.0.0.1:", port, ": ", std::strerror(err)));
  }
  // Back to blocking mode: reads and writes use poll() for their deadlines.
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

absl::Status SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(Cat("send: ", std::strerror(errno)));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status ReceiveSome(int fd, std::string& out, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  const int rc = poll(&p, 1, static_cast<int>(std::max<int64_t>(timeout.count(), 0)));
  if (rc == 0) return absl::DeadlineExceededError("no data before the deadline");
  if (rc < 0) return absl::InternalError(Cat("poll: ", std::strerror(errno)));
  char buffer[4096];
  const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
  if (n == 0) return absl::UnavailableError("connection closed by peer");
  if (n < 0) return absl::UnavailableError(Cat("recv: ", std::strerror(errno)));
  out.append(buffer, static_cast<size_t>(n));
  return absl::OkStatus();
}

}  // namespace mxedge::testing::internal
