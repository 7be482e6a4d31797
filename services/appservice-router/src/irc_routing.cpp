#include "irc_routing.hpp"

#include <algorithm>
#include <vector>
#include "dispatch_text.hpp"

#include "mxedge/common/log.hpp"
#include "mxedge/ownership/lease.hpp"
#include "mxedge/ownership/rendezvous.hpp"
#include "mxedge/redis/commands.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;
namespace {

bool Contains(std::span<const std::string> ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

IrcRouter::IrcRouter(redis::RedisClient& client, ownership::MemberRegistry& workers,
                     IrcRoutingOptions options)
    : client_(client), workers_(workers), options_(std::move(options)) {}

absl::StatusOr<std::string> IrcRouter::AddressOf(std::string_view worker_id) {
  absl::StatusOr<std::optional<std::string>> address =
      redis::HGet(client_, Cat(options_.key_prefix, "irc:worker:", worker_id), "grpc_address");
  if (!address.ok()) {
    return address.status();
  }
  if (!address->has_value() || (*address)->empty()) {
    return absl::NotFoundError(Cat("irc worker ", worker_id, " has no grpc_address"));
  }
  return **address;
}

absl::StatusOr<IrcRoute> IrcRouter::Resolve(std::string_view network, std::string_view mxid,
                                            bool want_connection,
                                            std::span<const std::string> excluded_workers) {
  if (network.empty() || mxid.empty()) {
    return absl::InvalidArgumentError("irc routing needs a network and a user id");
  }
  IrcRoute route;
  route.routing_key = Cat(network, ":", mxid);
  absl::StatusOr<std::vector<ownership::Member>> live = workers_.ListLive(options_.worker_timeout);
  if (!live.ok()) {
    return absl::Status(live.status().code(), Cat("listing irc workers for ", route.routing_key,
                                                  ": ", live.status().message()));
  }
  std::vector<std::string> live_ids;
  live_ids.reserve(live->size());
  for (const ownership::Member& member : *live) {
    live_ids.push_back(member.id);
  }
  absl::StatusOr<std::optional<std::string>> conn =
      redis::Get(client_, Cat(options_.key_prefix, "irc:conn:", route.routing_key));
  if (!conn.ok()) {
    return absl::Status(conn.status().code(), Cat("reading irc owner of ", route.routing_key, ": ",
                                                  conn.status().message()));
  }
  bool owner_live = false;
  if (conn->has_value()) {
    absl::StatusOr<ownership::Lease> lease = ownership::ParseLease(**conn);
    if (!lease.ok()) {
      common::LogWarn("irc owner record is not a lease", {{"routing_key", route.routing_key}});
    } else if (Contains(live_ids, lease->owner_id)) {
      owner_live = true;
      if (!Contains(excluded_workers, lease->owner_id)) {
        absl::StatusOr<std::string> address = AddressOf(lease->owner_id);
        if (address.ok()) {
          route.worker_id = lease->owner_id;
          route.address = *std::move(address);
          route.owner = true;
          return route;
        }
      }
    }
  }
  if (!owner_live && want_connection) {
    std::string member(mxid);
    absl::StatusOr<int64_t> added =
        redis::SAdd(client_, Cat(options_.key_prefix, "irc:want:", network), {&member, 1});
    if (!added.ok()) {
      return absl::Status(added.status().code(), Cat("adding ", mxid, " to irc want of ", network,
                                                     ": ", added.status().message()));
    }
  }
  std::vector<std::string> ranked = ownership::RankByRendezvous(route.routing_key, live_ids);
  for (const std::string& worker : ranked) {
    if (Contains(excluded_workers, worker)) {
      continue;
    }
    absl::StatusOr<std::string> address = AddressOf(worker);
    if (!address.ok()) {
      if (!absl::IsNotFound(address.status())) {
        return address.status();
      }
      continue;
    }
    route.worker_id = worker;
    route.address = *std::move(address);
    return route;
  }
  return absl::UnavailableError(Cat("no live irc worker for ", route.routing_key, " (",
                                    live_ids.size(), " live, ", excluded_workers.size(),
                                    " excluded)"));
}

}  // namespace mxedge::appservice_router
