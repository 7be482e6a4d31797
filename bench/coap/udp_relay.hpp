#pragma once
// A UDP relay on 127.0.0.1 between one client (the source of the first datagram) and a server
// port, counting datagrams and payload bytes in each direction: what a CoAP exchange costs on the
// wire, without capture privileges.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::coap_bench {

struct UdpTotals {
  std::uint64_t datagrams_to_server = 0;
  std::uint64_t bytes_to_server = 0;
  std::uint64_t datagrams_to_client = 0;
  std::uint64_t bytes_to_client = 0;

  std::uint64_t Datagrams() const { return datagrams_to_server + datagrams_to_client; }
  // IPv4 + UDP headers included: 28 bytes per datagram.
  std::uint64_t IpBytes() const { return bytes_to_server + bytes_to_client + 28 * Datagrams(); }
  UdpTotals operator-(const UdpTotals& earlier) const;
};

class UdpRelay {
 public:
  static absl::StatusOr<std::unique_ptr<UdpRelay>> Start(std::uint16_t server_port);
  ~UdpRelay();
  UdpRelay(const UdpRelay&) = delete;
  UdpRelay& operator=(const UdpRelay&) = delete;

  std::uint16_t port() const { return port_; }
  UdpTotals totals() const;
  // Every datagram relayed so far, in order: its size, positive towards the server, negative
  // towards the client.
  std::vector<long> datagrams() const;

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
  mutable std::mutex mutex_;
  std::vector<long> sizes_;
  std::thread thread_;
};

}  // namespace mxedge::coap_bench
