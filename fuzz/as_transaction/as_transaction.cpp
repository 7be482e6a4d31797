// Feeds arbitrary bytes as the body of an AS transaction (and as Matrix ids). Parsing must return
// a status, never crash, hang or throw; what it accepts must be self-consistent.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mxedge/common/check.hpp"
#include "mxedge/matrix/event.hpp"
#include "mxedge/matrix/ids.hpp"
#include "mxedge/matrix/mxc_uri.hpp"
#include "mxedge/matrix/transaction.hpp"

namespace {

using namespace mxedge::matrix;  // NOLINT(build/namespaces): a fuzz driver only

void CheckIds(std::string_view text) {
  if (absl::StatusOr<UserId> user = ParseUserId(text); user.ok()) {
    MXEDGE_CHECK(user->ToString() == text);
  } else {
    MXEDGE_CHECK(!user.status().message().empty());
  }
  if (absl::StatusOr<RoomId> room = ParseRoomId(text); room.ok()) {
    MXEDGE_CHECK(room->ToString() == text);
  }
  if (absl::StatusOr<RoomAlias> alias = ParseRoomAlias(text); alias.ok()) {
    MXEDGE_CHECK(alias->ToString() == text);
  }
  if (absl::StatusOr<ServerName> server = ParseServerName(text); server.ok()) {
    // Not byte-identical: a port may be written with leading zeros.
    absl::StatusOr<ServerName> again = ParseServerName(server->ToString());
    MXEDGE_CHECK(again.ok() && *again == *server);
  }
  if (absl::StatusOr<MxcUri> mxc = ParseMxcUri(text); mxc.ok()) {
    MXEDGE_CHECK(mxc->ToString() == text);
  }
  (void)ValidateEventId(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (size <= 300) {
    CheckIds(body);
  }
  for (bool skip : {false, true}) {
    TransactionLimits limits;
    limits.max_body_bytes = 1 << 20;
    limits.max_events = 200;
    limits.max_ephemeral = 200;
    limits.max_depth = 32;
    limits.skip_malformed_events = skip;
    absl::StatusOr<Transaction> txn = ParseTransaction(body, limits);
    if (!txn.ok()) {
      MXEDGE_CHECK(txn.status().code() == absl::StatusCode::kInvalidArgument);
      MXEDGE_CHECK(!txn.status().message().empty());
      continue;
    }
    MXEDGE_CHECK(skip || txn->rejected.empty());
    MXEDGE_CHECK(txn->events.size() <= limits.max_events);
    MXEDGE_CHECK(Fingerprint(txn->events).size() == 64);
    for (const Event& event : txn->events) {
      MXEDGE_CHECK(!event.event_id.empty());
      // What the router stores must parse back to the same event.
      absl::StatusOr<Event> again = ParseEvent(event.ToJson());
      MXEDGE_CHECK(again.ok());
      MXEDGE_CHECK(*again == event);
    }
    for (const EphemeralEvent& event : txn->ephemeral) {
      MXEDGE_CHECK(!event.ToJson().empty());
    }
    for (const RejectedEvent& rejected : txn->rejected) {
      MXEDGE_CHECK(!rejected.reason.ok());
    }
  }
  return 0;
}
