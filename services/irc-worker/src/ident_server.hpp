#pragma once
// IdentServer: an RFC 1413 listener. Each TCP client sends one query line; the answer is
// "<lport> , <rport> : USERID : UNIX : <user>" when the lookup knows the port pair, else
// "... : ERROR : NO-USER" ("INVALID-PORT" for a query that does not parse, "UNKNOWN-ERROR" when the
// lookup failed), then the connection is closed. Limits: a query line of kMaxIdentQueryBytes, a
// deadline per client from accept to answer, and a cap on clients served at once (further ones
// are closed at once and counted). One thread with its own io_context; the lookup runs on it.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "asio/io_context.hpp"
#include "asio/ip/tcp.hpp"
#include "ident_query.hpp"
#include "mxedge/common/metrics_registry.hpp"

namespace mxedge::irc_worker {

struct IdentServerOptions {
  std::string listen = "0.0.0.0:113";  // host:port; port 0 picks a free one
  std::chrono::milliseconds timeout{10'000};
  int max_concurrent = 64;
};

class IdentServer {
 public:
  using Lookup = std::function<absl::StatusOr<std::optional<std::string>>(const IdentQuery&)>;

  // Binds and starts serving. `metrics` may be null. Errors name the address.
  static absl::StatusOr<std::unique_ptr<IdentServer>> Start(IdentServerOptions options,
                                                            Lookup lookup,
                                                            common::MetricsRegistry* metrics);
  ~IdentServer();
  IdentServer(const IdentServer&) = delete;
  IdentServer& operator=(const IdentServer&) = delete;

  std::uint16_t port() const { return port_; }
  // Closes the listener and every client, joins the thread. Idempotent.
  void Stop();

 private:
  class Session;
  enum class Result { kUser, kNoUser, kInvalid, kError, kTimeout, kRefused };

  IdentServer(IdentServerOptions options, Lookup lookup, common::MetricsRegistry* metrics);
  void Accept();
  void Count(Result result);

  IdentServerOptions options_;
  Lookup lookup_;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  int active_ = 0;  // io thread only
  std::atomic<bool> stopped_{false};
  common::Counter* results_[6] = {};
};

}  // namespace mxedge::irc_worker
