#pragma once
// RedisConnectionClaims: ConnectionClaims on `irc:conn`, `irc:owned`, `irc:want`, judged against
// `irc:workers` and `irc:worker:<id>` inside Lua scripts with Redis TIME. Thread-safe when the
// client is.
#include "connection_claims.hpp"
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::irc_worker {

class RedisConnectionClaims final : public ConnectionClaims {
 public:
  // `client` must outlive the claims.
  RedisConnectionClaims(redis::RedisClient& client, IrcKeys keys);

  absl::Status AddWanted(std::string_view network, std::string_view mxid) override;
  absl::Status RemoveWanted(std::string_view network, std::string_view mxid) override;
  absl::StatusOr<std::vector<WantedConnection>> ListWanted(
      std::string_view network, std::chrono::milliseconds owner_timeout) override;
  absl::StatusOr<ClaimResult> TryClaim(const ownership::Lease& self, std::string_view network,
                                       std::string_view mxid,
                                       std::chrono::milliseconds owner_timeout) override;
  absl::StatusOr<bool> Release(std::string_view worker_id, std::string_view network,
                               std::string_view mxid) override;
  absl::StatusOr<std::vector<OwnedConnection>> ListOwned(std::string_view worker_id,
                                                         std::string_view network) override;
  absl::StatusOr<bool> IsStillOwner(const ownership::Lease& self, std::string_view network,
                                    std::string_view mxid) override;

 private:
  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
