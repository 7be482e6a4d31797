#pragma once
// RedisPuppetNickRecords: PuppetNickRecords on the `irc:display:<mxid>` and
// `irc:chosen-nick:<network>:<mxid>` strings under the keys' prefix. Thread-safe when the client
// is.
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "puppet_nick_records.hpp"

namespace mxedge::irc_worker {

class RedisPuppetNickRecords final : public PuppetNickRecords {
 public:
  // `client` must outlive this.
  RedisPuppetNickRecords(redis::RedisClient& client, IrcKeys keys);

  absl::StatusOr<std::optional<std::string>> DisplayName(std::string_view mxid) override;
  absl::Status SetDisplayName(std::string_view mxid, std::string_view name) override;
  absl::StatusOr<std::optional<std::string>> ChosenNick(std::string_view network,
                                                        std::string_view mxid) override;
  absl::Status SetChosenNick(std::string_view network, std::string_view mxid,
                             std::string_view nick) override;
  absl::Status ClearChosenNick(std::string_view network, std::string_view mxid) override;

  std::string DisplayKey(std::string_view mxid) const;
  std::string ChosenNickKey(std::string_view network, std::string_view mxid) const;

 private:
  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
