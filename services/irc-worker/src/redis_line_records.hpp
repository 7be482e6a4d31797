#pragma once
// RedisLineRecords: LineRecords on `irc:line:<network>:<key>` strings and per-worker
// `irc:line-pending:<network>:<worker>` hashes (key → payload), every check-then-write one Lua
// script. Thread-safe when the client is.
#include <chrono>

#include "irc_keys.hpp"
#include "line_records.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::irc_worker {

class RedisLineRecords final : public LineRecords {
 public:
  // `client` must outlive this.
  RedisLineRecords(redis::RedisClient& client, IrcKeys keys,
                   std::chrono::milliseconds ttl = kLineRecordTtl);

  absl::StatusOr<LineBegin> TryBegin(std::string_view network, std::string_view key,
                                     std::string_view worker_id, std::string_view payload) override;
  absl::Status MarkDone(std::string_view network, std::string_view key,
                        std::string_view worker_id) override;
  absl::StatusOr<std::vector<PendingLine>> ListPending(std::string_view network,
                                                       std::string_view worker_id) override;
  absl::StatusOr<bool> TakeOver(std::string_view network, std::string_view key,
                                std::string_view from_worker, std::string_view to_worker) override;

 private:
  redis::RedisClient& client_;
  IrcKeys keys_;
  std::chrono::milliseconds ttl_;
};

}  // namespace mxedge::irc_worker
