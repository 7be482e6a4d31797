#pragma once
// RedisConnectRate: ConnectRate as a hash {tokens, ts} at `irc:connect-rate:<network>`, refilled
// and taken in one Lua script on Redis TIME. The key expires once the bucket would be full again.
// Thread-safe when the client is.
#include "connect_rate.hpp"
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::irc_worker {

class RedisConnectRate final : public ConnectRate {
 public:
  // `client` must outlive this.
  RedisConnectRate(redis::RedisClient& client, IrcKeys keys);

  absl::StatusOr<ConnectPermit> TryAcquire(std::string_view network,
                                           const ConnectRateLimit& limit) override;

 private:
  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
