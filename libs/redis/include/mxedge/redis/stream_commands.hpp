#pragma once
// Typed helpers for Redis streams and consumer groups (Redis >= 7.0), over any RedisClient.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::redis {

struct StreamEntry {
  std::string id;
  std::vector<FieldValue> fields;  // in stream order
  // True for an entry still in a pending list whose payload was deleted (XREADGROUP history with
  // id 0 answers [id, nil] for it); fields are then empty.
  bool deleted = false;

  // The value of the first field named `name`, nullopt when absent.
  std::optional<std::string_view> Field(std::string_view name) const;
  friend bool operator==(const StreamEntry&, const StreamEntry&) = default;
};

struct XAddOptions {
  std::string id = "*";
  std::optional<int64_t> max_len_approx;  // MAXLEN ~ n
  std::optional<std::string> min_id;      // MINID ~ id
  // NOMKSTREAM: a missing stream is then a NotFoundError instead of being created.
  bool no_mkstream = false;
};
// Returns the id of the new entry.
absl::StatusOr<std::string> XAdd(RedisClient& client, std::string_view key,
                                 std::span<const FieldValue> fields,
                                 const XAddOptions& options = {});

// XGROUP CREATE key group start_id MKSTREAM. An existing group (BUSYGROUP) is success.
absl::Status XGroupCreate(RedisClient& client, std::string_view key, std::string_view group,
                          std::string_view start_id = "$");

struct XReadGroupOptions {
  std::optional<int64_t> count;  // COUNT
  // BLOCK (must be > 0: blocking forever is refused). The call timeout becomes block + 1 s unless
  // `timeout` is given.
  std::optional<std::chrono::milliseconds> block;
  bool no_ack = false;  // NOACK
  std::optional<std::chrono::milliseconds> timeout;
};
struct StreamRead {
  std::string key;
  std::string id = ">";  // ">" = new entries; "0" = this consumer's pending history
};
struct StreamEntries {
  std::string key;
  std::vector<StreamEntry> entries;
  friend bool operator==(const StreamEntries&, const StreamEntries&) = default;
};
// XREADGROUP over several streams; a BLOCK that times out gives an empty vector.
absl::StatusOr<std::vector<StreamEntries>> XReadGroup(RedisClient& client, std::string_view group,
                                                      std::string_view consumer,
                                                      std::span<const StreamRead> streams,
                                                      const XReadGroupOptions& options = {});
// XREADGROUP over one stream.
absl::StatusOr<std::vector<StreamEntry>> XReadGroup(RedisClient& client, std::string_view group,
                                                    std::string_view consumer, std::string_view key,
                                                    std::string_view id = ">",
                                                    const XReadGroupOptions& options = {});

// Returns the number of entries acknowledged.
absl::StatusOr<int64_t> XAck(RedisClient& client, std::string_view key, std::string_view group,
                             std::span<const std::string> ids);

struct AutoClaimResult {
  std::string next_cursor;               // "0-0" when the scan is complete
  std::vector<StreamEntry> entries;      // now owned by the claiming consumer
  std::vector<std::string> deleted_ids;  // pending ids whose entries no longer exist (dropped)
};
// XAUTOCLAIM key group consumer min_idle start COUNT count.
absl::StatusOr<AutoClaimResult> XAutoClaim(RedisClient& client, std::string_view key,
                                           std::string_view group, std::string_view consumer,
                                           std::chrono::milliseconds min_idle,
                                           std::string_view start = "0-0", int64_t count = 100);

struct PendingSummary {
  int64_t count = 0;
  std::string min_id;  // empty when count == 0
  std::string max_id;
  std::vector<std::pair<std::string, int64_t>> consumers;  // consumer -> pending count
};
absl::StatusOr<PendingSummary> XPendingSummary(RedisClient& client, std::string_view key,
                                               std::string_view group);

struct PendingEntry {
  std::string id;
  std::string consumer;
  int64_t idle_ms = 0;
  int64_t deliveries = 0;
  friend bool operator==(const PendingEntry&, const PendingEntry&) = default;
};
struct XPendingQuery {
  std::string start = "-";
  std::string end = "+";
  int64_t count = 100;
  std::optional<std::chrono::milliseconds> min_idle;  // IDLE
  std::optional<std::string> consumer;
};
absl::StatusOr<std::vector<PendingEntry>> XPendingRange(RedisClient& client, std::string_view key,
                                                        std::string_view group,
                                                        const XPendingQuery& query = {});

// XTRIM key MINID [~] min_id; returns the number of entries removed.
absl::StatusOr<int64_t> XTrimMinId(RedisClient& client, std::string_view key,
                                   std::string_view min_id, bool approximate = false);
absl::StatusOr<std::vector<StreamEntry>> XRange(RedisClient& client, std::string_view key,
                                                std::string_view start = "-",
                                                std::string_view end = "+",
                                                std::optional<int64_t> count = {});
absl::StatusOr<int64_t> XLen(RedisClient& client, std::string_view key);

}  // namespace mxedge::redis
