#pragma once
// RedisChannelReceivers: ChannelReceivers on `irc:recv:<network>:<folded channel>` strings with PX
// leases; acquire/renew and release are scripts. Thread-safe when the client is.
#include "channel_receivers.hpp"
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::irc_worker {

class RedisChannelReceivers final : public ChannelReceivers {
 public:
  // `client` must outlive this.
  RedisChannelReceivers(redis::RedisClient& client, IrcKeys keys);

  absl::StatusOr<ReceiverClaim> TryAcquire(std::string_view network,
                                           std::string_view folded_channel, const Receiver& me,
                                           std::chrono::milliseconds lease) override;
  absl::StatusOr<bool> Release(std::string_view network, std::string_view folded_channel,
                               const Receiver& me) override;
  absl::StatusOr<std::optional<Receiver>> Current(std::string_view network,
                                                  std::string_view folded_channel) override;

 private:
  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
