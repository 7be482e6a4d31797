#pragma once
// IntakeStore on Redis: one Lua script checks the transaction marker, XADDs every event to its
// shard stream and sets the marker with its TTL, atomically (every key it touches is declared).
#include <chrono>
#include <string>

#include "intake_store.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "mxedge/redis/script.hpp"

namespace mxedge::appservice_router {

struct RedisIntakeStoreOptions {
  std::string key_prefix = "mxedge:";
  int shards = 16;
  std::chrono::milliseconds marker_ttl{24 * 3600 * 1000};
};

class RedisIntakeStore final : public IntakeStore {
 public:
  RedisIntakeStore(RedisIntakeStoreOptions options, redis::RedisClient& client);

  absl::Status Prepare() override;
  absl::StatusOr<IntakeOutcome> Store(const IntakeBatch& batch) override;

 private:
  RedisIntakeStoreOptions options_;
  redis::RedisClient& client_;
  redis::Script script_;
};

}  // namespace mxedge::appservice_router
