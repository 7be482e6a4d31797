#pragma once
// IrcRouter: the router's half of irc-worker addressing. An event for (network, mxid) goes to
// - the owner of `<prefix>irc:conn:<network>:<mxid>` ("<worker_id>:<epoch>") when that worker is
//   live in the worker registry (`<prefix>irc:workers`),
// - else the live worker ranked first by rendezvous hashing of "<network>:<mxid>",
// and is sent to the gRPC address in hash `<prefix>irc:worker:<id>` (field `grpc_address`).
// Workers the caller excludes (they answered NOT_MINE) are skipped. A Matrix user without a
// connection is added to `<prefix>irc:want:<network>` so the workers reconcile one.
#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/ownership/member_registry.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::appservice_router {

struct IrcRoutingOptions {
  std::string key_prefix = "mxedge:";
  // A worker is live while its heartbeat is younger than this (the workers' owner_timeout).
  std::chrono::milliseconds worker_timeout{30000};
};

struct IrcRoute {
  std::string worker_id;
  std::string address;      // the worker's gRPC host:port
  std::string routing_key;  // "<network>:<mxid>"
  bool owner = false;       // true when the worker holds the connection, false for rendezvous
};

class IrcRouter {
 public:
  // `client` and `workers` (the `irc:workers` registry) must outlive the router.
  IrcRouter(redis::RedisClient& client, ownership::MemberRegistry& workers,
            IrcRoutingOptions options);

  // The worker for (network, mxid). With `want_connection`, a user without a live owner is added to
  // the want set. UnavailableError when no live worker with an address remains (retry later);
  // InvalidArgumentError for an empty network or mxid.
  absl::StatusOr<IrcRoute> Resolve(std::string_view network, std::string_view mxid,
                                   bool want_connection,
                                   std::span<const std::string> excluded_workers = {});

 private:
  absl::StatusOr<std::string> AddressOf(std::string_view worker_id);

  redis::RedisClient& client_;
  ownership::MemberRegistry& workers_;
  IrcRoutingOptions options_;
};

}  // namespace mxedge::appservice_router
