#pragma once
// A UDP relay on 127.0.0.1 between one client and a server port, counting datagrams and bytes in
// each direction: how the tests measure what a DTLS handshake costs on the wire.
#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

#include "absl/status/statusor.h"

namespace mxedge::coap_gateway::testing {

class UdpRelay {
 public:
  struct Totals {
    std::uint64_t datagrams_to_server = 0;
    std::uint64_t bytes_to_server = 0;
    std::uint64_t datagrams_to_client = 0;
    std::uint64_t bytes_to_client = 0;
    // IP + UDP headers included (IPv4: 28 bytes per datagram).
    std::uint64_t IpBytes() const {
      return bytes_to_server + bytes_to_client + 28 * (datagrams_to_server + datagrams_to_client);
    }
  };

  static absl::StatusOr<std::unique_ptr<UdpRelay>> Start(std::uint16_t server_port);
  ~UdpRelay();
  UdpRelay(const UdpRelay&) = delete;
  UdpRelay& operator=(const UdpRelay&) = delete;

  std::uint16_t port() const { return port_; }
  Totals totals() const;

 private:
  UdpRelay(int listen_fd, int upstream_fd, std::uint16_t port)
      : listen_fd_(listen_fd), upstream_fd_(upstream_fd), port_(port) {}
  void Run();

  int listen_fd_;
  int upstream_fd_;
  std::uint16_t port_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> datagrams_to_server_{0}, bytes_to_server_{0};
  std::atomic<std::uint64_t> datagrams_to_client_{0}, bytes_to_client_{0};
  std::thread thread_;
};

}  // namespace mxedge::coap_gateway::testing
