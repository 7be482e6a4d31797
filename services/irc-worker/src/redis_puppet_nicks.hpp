#pragma once
// RedisPuppetNicks: PuppetNicks on `irc:nick:<network>:<folded nick>` strings; release is a
// compare-and-delete script. Thread-safe when the client is.
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "puppet_nicks.hpp"

namespace mxedge::irc_worker {

class RedisPuppetNicks final : public PuppetNicks {
 public:
  // `client` must outlive this.
  RedisPuppetNicks(redis::RedisClient& client, IrcKeys keys);

  absl::Status Set(std::string_view network, std::string_view folded_nick,
                   std::string_view mxid) override;
  absl::StatusOr<bool> Release(std::string_view network, std::string_view folded_nick,
                               std::string_view mxid) override;
  absl::StatusOr<std::optional<std::string>> Lookup(std::string_view network,
                                                    std::string_view folded_nick) override;

 private:
  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
