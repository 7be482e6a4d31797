#pragma once
// Durable intake: a transaction's events land in the shard streams `mxedge:as:events:<n>` and its
// marker `mxedge:as:txn:<txnId>` is set, atomically, before the homeserver gets its 200.
//
// Stream entry fields (read by the dispatcher):
//   event        the event as compact JSON (matrix::Event::ToJson / EphemeralEvent::ToJson)
//   kind         "room" or "ephemeral"
//   txn          the homeserver's transaction id
//   received_ms  Unix ms when the router received the transaction
//   sinks        ephemeral only: comma-separated sink names (SinkRef::Name) subscribed to it
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::appservice_router {

inline constexpr std::string_view kIntakeGroup = "router";
inline constexpr std::string_view kFieldEvent = "event";
inline constexpr std::string_view kFieldKind = "kind";
inline constexpr std::string_view kFieldTxn = "txn";
inline constexpr std::string_view kFieldReceivedMs = "received_ms";
inline constexpr std::string_view kFieldSinks = "sinks";
inline constexpr std::string_view kKindRoom = "room";
inline constexpr std::string_view kKindEphemeral = "ephemeral";

// "<prefix>as:events:<shard>" and "<prefix>as:txn:<txn_id>"; the prefix is "mxedge:" outside tests.
std::string ShardStreamKey(std::string_view prefix, int shard);
std::string TxnMarkerKey(std::string_view prefix, std::string_view txn_id);
// crc32(routing_key) % shards, crc32 as in zlib (IEEE 802.3).
int ShardFor(std::string_view routing_key, int shards);

struct IntakeEntry {
  std::string routing_key;  // room id; the sender for room-less ephemeral events (presence)
  std::string json;
  bool ephemeral = false;
  std::string sinks;  // ephemeral only
};

struct IntakeBatch {
  std::string txn_id;
  std::string fingerprint;  // matrix::Fingerprint of the room events
  int64_t received_ms = 0;
  std::vector<IntakeEntry> entries;
};

enum class IntakeOutcome {
  kStored,     // new transaction id
  kDuplicate,  // same id and fingerprint as a stored one: a retry, nothing written
  kReplaced,   // same id, different fingerprint: the homeserver restarted its counter; stored
};
std::string_view IntakeOutcomeName(IntakeOutcome outcome);

class IntakeStore {
 public:
  virtual ~IntakeStore() = default;
  // Creates the consumer group on every shard (idempotent) after checking the store is safe to
  // use (Redis: maxmemory-policy noeviction). kFailedPrecondition when it is not; kUnavailable
  // when the store cannot be reached.
  virtual absl::Status Prepare() = 0;
  // Stores the batch atomically. kUnavailable when the store cannot be reached (nothing or
  // everything was written; a retry with the same fingerprint is then a duplicate or a store).
  virtual absl::StatusOr<IntakeOutcome> Store(const IntakeBatch& batch) = 0;
};

}  // namespace mxedge::appservice_router
