#include "udp_relay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace mxedge::coap_bench {
namespace {

sockaddr_in Loopback(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  return addr;
}

}  // namespace

UdpTotals UdpTotals::operator-(const UdpTotals& earlier) const {
  return {
      datagrams_to_server - earlier.datagrams_to_server, bytes_to_server - earlier.bytes_to_server,
      datagrams_to_client - earlier.datagrams_to_client, bytes_to_client - earlier.bytes_to_client};
}

absl::StatusOr<std::unique_ptr<UdpRelay>> UdpRelay::Start(std::uint16_t server_port) {
  int listen_fd = socket(AF_INET, SOCK_DGRAM, 0);
  int upstream_fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (listen_fd < 0 || upstream_fd < 0) {
    return absl::InternalError("udp relay: socket() failed");
  }
  sockaddr_in local = Loopback(0);
  socklen_t length = sizeof(local);
  sockaddr_in server = Loopback(server_port);
  if (bind(listen_fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0 ||
      getsockname(listen_fd, reinterpret_cast<sockaddr*>(&local), &length) != 0 ||
      connect(upstream_fd, reinterpret_cast<sockaddr*>(&server), sizeof(server)) != 0) {
    close(listen_fd);
    close(upstream_fd);
    return absl::InternalError(absl::StrCat("udp relay: cannot bind or connect to ", server_port));
  }
  std::unique_ptr<UdpRelay> relay(new UdpRelay(listen_fd, upstream_fd, ntohs(local.sin_port)));
  relay->thread_ = std::thread([r = relay.get()] { r->Run(); });
  return relay;
}

UdpRelay::~UdpRelay() {
  stop_ = true;
  if (thread_.joinable()) {
    thread_.join();
  }
  close(listen_fd_);
  close(upstream_fd_);
}

std::vector<long> UdpRelay::datagrams() const {
  std::lock_guard lock(mutex_);
  return sizes_;
}

UdpTotals UdpRelay::totals() const {
  return {datagrams_to_server_.load(), bytes_to_server_.load(), datagrams_to_client_.load(),
          bytes_to_client_.load()};
}

void UdpRelay::Run() {
  std::array<char, 65536> buffer{};
  sockaddr_in client{};
  bool have_client = false;
  while (!stop_) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {upstream_fd_, POLLIN, 0}};
    if (poll(fds, 2, 50) <= 0) {  // 50 ms: how soon the destructor's stop flag is seen
      continue;
    }
    if (fds[0].revents & POLLIN) {
      socklen_t length = sizeof(client);
      ssize_t n = recvfrom(listen_fd_, buffer.data(), buffer.size(), 0,
                           reinterpret_cast<sockaddr*>(&client), &length);
      if (n >= 0) {
        have_client = true;
        ++datagrams_to_server_;
        bytes_to_server_ += static_cast<std::uint64_t>(n);
        {
          std::lock_guard lock(mutex_);
          sizes_.push_back(static_cast<long>(n));
        }
        (void)send(upstream_fd_, buffer.data(), static_cast<size_t>(n), 0);
      }
    }
    if (fds[1].revents & POLLIN) {
      ssize_t n = recv(upstream_fd_, buffer.data(), buffer.size(), 0);
      if (n >= 0 && have_client) {
        ++datagrams_to_client_;
        bytes_to_client_ += static_cast<std::uint64_t>(n);
        {
          std::lock_guard lock(mutex_);
          sizes_.push_back(-static_cast<long>(n));
        }
        (void)sendto(listen_fd_, buffer.data(), static_cast<size_t>(n), 0,
                     reinterpret_cast<sockaddr*>(&client), sizeof(client));
      }
    }
  }
}

}  // namespace mxedge::coap_bench
