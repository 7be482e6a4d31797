#include "tls_relay.hpp"

#include <arpa/inet.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
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

bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n <= 0) {
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TlsRelay>> TlsRelay::Start(const std::string& cert_file,
                                                          const std::string& key_file,
                                                          std::uint16_t upstream_port) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) {
    return absl::InternalError("tls relay: SSL_CTX_new failed");
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
  // Like the gateway: no session tickets (one full handshake per connection, nothing extra sent).
  SSL_CTX_set_num_tickets(ctx, 0);
  if (SSL_CTX_use_certificate_file(ctx, cert_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    SSL_CTX_free(ctx);
    return absl::InvalidArgumentError(absl::StrCat("tls relay: cannot load ", cert_file));
  }
  int listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local = Loopback(0);
  socklen_t length = sizeof(local);
  if (listen_fd < 0 || bind(listen_fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0 ||
      listen(listen_fd, 16) != 0 ||
      getsockname(listen_fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) {
    if (listen_fd >= 0) {
      close(listen_fd);
    }
    SSL_CTX_free(ctx);
    return absl::InternalError("tls relay: cannot listen on 127.0.0.1");
  }
  std::unique_ptr<TlsRelay> relay(
      new TlsRelay(ctx, listen_fd, ntohs(local.sin_port), upstream_port));
  relay->thread_ = std::thread([r = relay.get()] { r->Run(); });
  return relay;
}

TlsRelay::~TlsRelay() {
  stop_ = true;
  if (thread_.joinable()) {
    thread_.join();
  }
  close(listen_fd_);
  SSL_CTX_free(ctx_);
}

absl::StatusOr<std::vector<TlsConnectionTotals>> TlsRelay::WaitForConnections(
    size_t count, std::chrono::milliseconds deadline) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, deadline, [&] { return closed_.size() >= count; })) {
    return absl::DeadlineExceededError(
        absl::StrCat("tls relay: ", closed_.size(), " of ", count, " connections closed"));
  }
  return closed_;
}

void TlsRelay::Run() {
  while (!stop_) {
    pollfd listen_poll{listen_fd_, POLLIN, 0};
    if (poll(&listen_poll, 1, 50) <= 0) {  // 50 ms: how soon the stop flag is seen
      continue;
    }
    int client_fd = accept(listen_fd_, nullptr, nullptr);
    if (client_fd >= 0) {
      Serve(client_fd);
      close(client_fd);
    }
  }
}

void TlsRelay::Serve(int client_fd) {
  int upstream_fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in upstream = Loopback(upstream_port_);
  if (upstream_fd < 0 ||
      connect(upstream_fd, reinterpret_cast<sockaddr*>(&upstream), sizeof(upstream)) != 0) {
    if (upstream_fd >= 0) {
      close(upstream_fd);
    }
    return;
  }
  SSL* ssl = SSL_new(ctx_);
  SSL_set_fd(ssl, client_fd);
  TlsConnectionTotals totals;
  if (SSL_accept(ssl) == 1) {
    totals.tls_version = SSL_get_version(ssl);
    std::array<char, 16384> buffer{};
    bool open = true;
    while (open && !stop_) {
      pollfd fds[2] = {{client_fd, POLLIN, 0}, {upstream_fd, POLLIN, 0}};
      if (SSL_pending(ssl) == 0 && poll(fds, 2, 50) <= 0) {
        continue;
      }
      if (SSL_pending(ssl) > 0 || (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
        int n = SSL_read(ssl, buffer.data(), static_cast<int>(buffer.size()));
        if (n <= 0) {
          open = false;
        } else if (!WriteAll(upstream_fd, buffer.data(), static_cast<size_t>(n))) {
          open = false;
        }
      }
      if (open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
        ssize_t n = read(upstream_fd, buffer.data(), buffer.size());
        if (n <= 0 || SSL_write(ssl, buffer.data(), static_cast<int>(n)) <= 0) {
          open = false;
        }
      }
    }
  }
  totals.bytes_from_client = BIO_number_read(SSL_get_rbio(ssl));
  totals.bytes_to_client = BIO_number_written(SSL_get_wbio(ssl));
  tcp_info info{};
  socklen_t length = sizeof(info);
  if (getsockopt(client_fd, IPPROTO_TCP, TCP_INFO, &info, &length) == 0) {
    totals.segments_in = info.tcpi_segs_in;
    totals.segments_out = info.tcpi_segs_out;
    totals.timestamps = (info.tcpi_options & TCPI_OPT_TIMESTAMPS) != 0;
  }
  SSL_free(ssl);
  close(upstream_fd);
  {
    std::lock_guard lock(mutex_);
    closed_.push_back(std::move(totals));
  }
  changed_.notify_all();
}

}  // namespace mxedge::coap_bench
