#pragma once
// InMemoryConnectRate: ConnectRate in process memory with the Redis bucket's arithmetic; the given
// clock's wall time plays Redis TIME. Share one instance between simulated workers. Thread-safe.
#include <map>
#include <mutex>
#include <string>

#include "connect_rate.hpp"
#include "mxedge/common/clock.hpp"

namespace mxedge::irc_worker {

class InMemoryConnectRate final : public ConnectRate {
 public:
  // `clock` must outlive this.
  explicit InMemoryConnectRate(const common::Clock& clock);

  absl::StatusOr<ConnectPermit> TryAcquire(std::string_view network,
                                           const ConnectRateLimit& limit) override;

 private:
  struct Bucket {
    double tokens = 0;
    int64_t ts_unix_ms = 0;
  };

  const common::Clock& clock_;
  std::mutex mu_;
  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace mxedge::irc_worker
