#pragma once
// IdentRecords on Redis: `<prefix>irc:ident:<local port>:<remote port>` strings with PX.
#include <string>

#include "ident_records.hpp"
#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::irc_worker {

class RedisIdentRecords : public IdentRecords {
 public:
  // `client` must outlive this.
  RedisIdentRecords(redis::RedisClient& client, IrcKeys keys);

  absl::Status Put(const IdentQuery& ports, std::string_view user,
                   std::chrono::milliseconds ttl) override;
  absl::Status Remove(const IdentQuery& ports, std::string_view user) override;
  absl::StatusOr<std::optional<std::string>> Lookup(const IdentQuery& ports) override;

  // The key of `ports`.
  std::string Key(const IdentQuery& ports) const;

 private:
  redis::RedisClient& client_;
  IrcKeys keys_;
};

}  // namespace mxedge::irc_worker
