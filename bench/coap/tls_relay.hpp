#pragma once
// A TLS-terminating TCP relay on 127.0.0.1 in front of a plain HTTP server: what an HTTPS client
// sends and receives, counted on the client-facing socket. Payload bytes are those OpenSSL read
// and wrote on that socket (TLS records); segments come from the kernel's TCP_INFO
// (tcpi_segs_in / tcpi_segs_out) when the client has closed the connection. Connections are
// served one at a time; each closed connection leaves one TlsConnectionTotals.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"

typedef struct ssl_ctx_st SSL_CTX;

namespace mxedge::coap_bench {

struct TlsConnectionTotals {
  std::uint64_t bytes_from_client = 0;
  std::uint64_t bytes_to_client = 0;
  std::uint64_t segments_in = 0;
  std::uint64_t segments_out = 0;
  bool timestamps = false;  // TCP timestamp option on: 12 more header bytes per segment
  std::string tls_version;

  std::uint64_t Segments() const { return segments_in + segments_out; }
  // IPv4 (20) + TCP (20) headers, + 12 per segment with timestamps; the SYN and SYN-ACK carry
  // 8 more option bytes each (MSS, SACK-permitted, window scale) on Linux.
  std::uint64_t IpBytes() const {
    return bytes_from_client + bytes_to_client + (timestamps ? 52 : 40) * Segments() + 16;
  }
};

class TlsRelay {
 public:
  static absl::StatusOr<std::unique_ptr<TlsRelay>> Start(const std::string& cert_file,
                                                         const std::string& key_file,
                                                         std::uint16_t upstream_port);
  ~TlsRelay();
  TlsRelay(const TlsRelay&) = delete;
  TlsRelay& operator=(const TlsRelay&) = delete;

  std::uint16_t port() const { return port_; }
  // Waits until `count` connections have closed; their totals in order.
  absl::StatusOr<std::vector<TlsConnectionTotals>> WaitForConnections(
      size_t count, std::chrono::milliseconds deadline);

 private:
  TlsRelay(SSL_CTX* ctx, int listen_fd, std::uint16_t port, std::uint16_t upstream_port)
      : ctx_(ctx), listen_fd_(listen_fd), port_(port), upstream_port_(upstream_port) {}
  void Run();
  void Serve(int client_fd);

  SSL_CTX* ctx_;
  int listen_fd_;
  std::uint16_t port_;
  std::uint16_t upstream_port_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<TlsConnectionTotals> closed_;
  std::thread thread_;
};

}  // namespace mxedge::coap_bench
