#pragma once
// DispatchEvent: an intake entry with its event parsed once, ready for sink selection and for
// DeliverRequest.
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "dispatch_entry.hpp"
#include "mxedge/v1/events.pb.h"

namespace mxedge::appservice_router {

struct DispatchEvent {
  DispatchEntry entry;
  // Persistent events: the proto form (event_id, sender, type, state_key, content...).
  v1::MatrixEvent pdu;
  // Ephemeral events: the proto form.
  v1::EphemeralEvent edu;
  // content.membership of an m.room.member event, empty otherwise.
  std::string membership;

  bool persistent() const { return entry.kind == EntryKind::kPersistent; }
  // The event id, empty for an ephemeral event.
  const std::string& event_id() const { return pdu.event_id(); }
  const std::string& sender() const { return persistent() ? pdu.sender() : edu.sender(); }
  const std::string& type() const { return persistent() ? pdu.type() : edu.type(); }
  // The room id; empty for presence.
  const std::string& room_id() const { return persistent() ? pdu.room_id() : edu.room_id(); }
};

// Parses `entry.event_json`. InvalidArgumentError naming the stream entry when the JSON is not an
// object, or a persistent event lacks a string event_id, room_id, sender or type, or an ephemeral
// event lacks its type, or content is present and not an object.
absl::StatusOr<DispatchEvent> ParseDispatchEvent(DispatchEntry entry);

}  // namespace mxedge::appservice_router
