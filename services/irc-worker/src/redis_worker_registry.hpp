#pragma once
// RedisWorkerRegistry: WorkerRegistry on `irc:workers` + `irc:worker:<id>` + `irc:worker-epoch`.
// Every read-check-write is one Lua script and every age is Redis TIME, so workers with skewed
// clocks agree on who is live. Thread-safe when the client is.
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "mxedge/redis/script.hpp"
#include "worker_registry.hpp"

namespace mxedge::irc_worker {

class RedisWorkerRegistry final : public WorkerRegistry {
 public:
  // `client` must outlive the registry.
  RedisWorkerRegistry(redis::RedisClient& client, IrcKeys keys);

  absl::StatusOr<int64_t> Register(const WorkerAdvert& advert) override;
  absl::Status Heartbeat(std::string_view worker_id, int64_t epoch, int64_t connections) override;
  absl::StatusOr<std::vector<WorkerInfo>> LiveWorkers(
      std::chrono::milliseconds owner_timeout) override;
  absl::Status SetDraining(std::string_view worker_id, int64_t epoch) override;
  absl::Status Deregister(std::string_view worker_id, int64_t epoch) override;
  absl::StatusOr<std::vector<std::string>> EvictStale(std::chrono::milliseconds age) override;

 private:
  // Runs a script answering {1} done, {0} not registered or {2, epoch} another epoch.
  absl::Status RunFenced(std::string_view operation, const redis::Script& script,
                         std::string_view worker_id, int64_t epoch, std::string extra_arg);

  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
