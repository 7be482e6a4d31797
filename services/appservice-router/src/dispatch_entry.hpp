#pragma once
// The intake stream entry as the dispatcher reads it: one Matrix event of an application service
// transaction in `<prefix>as:events:<n>` (consumer group `router`), written by the intake (see
// intake_store.hpp for the writer's side). Fields, all strings:
//   event        the event as the homeserver sent it, compact JSON
//   kind         "room" (a persistent room event) or "ephemeral" (typing, receipt, presence)
//   txn          the homeserver's transaction id
//   received_ms  when the router received the transaction, unix milliseconds
//   sinks        ephemeral only: comma-separated names of the sinks subscribed to it
// Unknown fields are ignored so the format can grow.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/stream_commands.hpp"

namespace mxedge::appservice_router {

inline constexpr std::string_view kDispatchGroup = "router";

inline constexpr std::string_view kEntryEvent = "event";
inline constexpr std::string_view kEntryKind = "kind";
inline constexpr std::string_view kEntryTxn = "txn";
inline constexpr std::string_view kEntryReceivedMs = "received_ms";
inline constexpr std::string_view kEntrySinks = "sinks";

inline constexpr std::string_view kEntryKindRoom = "room";
inline constexpr std::string_view kEntryKindEphemeral = "ephemeral";

enum class EntryKind { kPersistent, kEphemeral };

struct DispatchEntry {
  std::string stream_id;  // the entry's id in its stream (empty before XADD)
  EntryKind kind = EntryKind::kPersistent;
  std::string event_json;
  std::string txn_id;
  int64_t received_unix_ms = 0;
  std::vector<std::string> sinks;  // ephemeral only
};

// `<prefix>as:events:<shard>`.
std::string DispatchStreamKey(std::string_view key_prefix, int shard);

// The stream fields of `entry` in the order above (`sinks` only for ephemeral entries).
std::vector<redis::FieldValue> EncodeEntryFields(const DispatchEntry& entry);

// Reads an entry strictly: InvalidArgumentError naming the entry id and the missing or malformed
// field (a deleted entry, an unknown kind, a received_ms that is not a unix time in ms).
absl::StatusOr<DispatchEntry> ParseEntry(const redis::StreamEntry& entry);

}  // namespace mxedge::appservice_router
