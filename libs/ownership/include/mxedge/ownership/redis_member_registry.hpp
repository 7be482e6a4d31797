#pragma once
// RedisMemberRegistry: MemberRegistry on one Redis sorted set (member id → heartbeat unix ms, e.g.
// `mxedge:irc:workers`). "Now" is the registry's Clock, so every member of a group must run with a
// synchronised wall clock (NTP); heartbeat and eviction are scripts, atomic on the server.
// Thread-safe when the client is.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/common/clock.hpp"
#include "mxedge/ownership/member_registry.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::ownership {

class RedisMemberRegistry final : public MemberRegistry {
 public:
  // `client` and `clock` must outlive the registry.
  RedisMemberRegistry(redis::RedisClient& client, std::string set_key, const common::Clock& clock);

  absl::Status Register(std::string_view member_id) override;
  absl::Status Heartbeat(std::string_view member_id) override;
  absl::StatusOr<std::vector<Member>> ListLive(std::chrono::milliseconds timeout) override;
  absl::StatusOr<bool> IsLive(std::string_view member_id,
                              std::chrono::milliseconds timeout) override;
  absl::StatusOr<std::vector<Member>> EvictStale(std::chrono::milliseconds timeout) override;
  absl::Status Remove(std::string_view member_id) override;

  const std::string& set_key() const { return set_key_; }

 private:
  redis::RedisClient& client_;
  std::string set_key_;
  const common::Clock& clock_;
};

}  // namespace mxedge::ownership
