#include "udp_relay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::coap_gateway::testing {
namespace {

sockaddr_in Loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

}  // namespace

absl::StatusOr<std::unique_ptr<UdpRelay>> UdpRelay::Start(std::uint16_t server_port) {
  const int listen_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const int upstream_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in local = Loopback(0);
  socklen_t length = sizeof(local);
  sockaddr_in server = Loopback(server_port);
  if (listen_fd < 0 || upstream_fd < 0 ||
      bind(listen_fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0 ||
      getsockname(listen_fd, reinterpret_cast<sockaddr*>(&local), &length) != 0 ||
      connect(upstream_fd, reinterpret_cast<sockaddr*>(&server), sizeof(server)) != 0) {
    const std::string error = std::strerror(errno);
    if (listen_fd >= 0) close(listen_fd);
    if (upstream_fd >= 0) close(upstream_fd);
    return absl::InternalError(common::Cat("udp relay: ", error));
  }
  std::unique_ptr<UdpRelay> relay(new UdpRelay(listen_fd, upstream_fd, ntohs(local.sin_port)));
  relay->thread_ = std::thread([raw = relay.get()] { raw->Run(); });
  return relay;
}

UdpRelay::~UdpRelay() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
  close(upstream_fd_);
}

UdpRelay::Totals UdpRelay::totals() const {
  return Totals{datagrams_to_server_.load(), bytes_to_server_.load(), datagrams_to_client_.load(),
                bytes_to_client_.load()};
}

void UdpRelay::Run() {
  sockaddr_in client{};
  bool have_client = false;
  char buffer[65536];
  while (!stop_) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {upstream_fd_, POLLIN, 0}};
    if (poll(fds, 2, 20) <= 0) {
      continue;
    }
    if (fds[0].revents & POLLIN) {
      socklen_t length = sizeof(client);
      const ssize_t n = recvfrom(listen_fd_, buffer, sizeof(buffer), 0,
                                 reinterpret_cast<sockaddr*>(&client), &length);
      if (n > 0) {
        have_client = true;
        ++datagrams_to_server_;
        bytes_to_server_ += static_cast<std::uint64_t>(n);
        send(upstream_fd_, buffer, static_cast<std::size_t>(n), 0);
      }
    }
    if (fds[1].revents & POLLIN) {
      const ssize_t n = recv(upstream_fd_, buffer, sizeof(buffer), 0);
      if (n > 0 && have_client) {
        ++datagrams_to_client_;
        bytes_to_client_ += static_cast<std::uint64_t>(n);
        sendto(listen_fd_, buffer, static_cast<std::size_t>(n), 0,
               reinterpret_cast<sockaddr*>(&client), sizeof(client));
      }
    }
  }
}

}  // namespace mxedge::coap_gateway::testing
