#pragma once
// Room events and ephemeral events as the homeserver pushes them to an Application Service.
// Content and unsigned stay compact JSON text: the router stores and forwards them, sinks parse
// what they need.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::matrix {

struct Event {
  std::string event_id;
  std::string room_id;
  std::string sender;
  std::string type;
  std::optional<std::string> state_key;
  int64_t origin_server_ts = 0;
  std::string content = "{}";        // compact JSON object
  std::string unsigned_data = "{}";  // compact JSON object ("unsigned" in the wire format)
  // content.membership of an m.room.member event whose content has it as a string.
  std::optional<std::string> membership;
  // Top-level "redacts" of an m.room.redaction (room versions before 11), else content.redacts.
  std::optional<std::string> redacts;

  bool IsState() const { return state_key.has_value(); }
  bool IsMembership() const { return type == "m.room.member" && state_key.has_value(); }
  // The user a membership event is about (its state key), for m.room.member events only.
  std::optional<std::string> MembershipTarget() const;
  // True when this is an m.room.member event with the given membership ("join", "leave", ...).
  bool HasMembership(std::string_view value) const;

  // The event as one compact JSON object with the fields above (what the router stores).
  std::string ToJson() const;
  friend bool operator==(const Event&, const Event&) = default;
};

// Parses one event object. Required: event_id, room_id, sender, type (strings), content
// (object). Optional: state_key (string), origin_server_ts (integer), unsigned (object),
// redacts (string). Errors are InvalidArgument naming the field.
absl::StatusOr<Event> ParseEvent(std::string_view json);

struct EphemeralEvent {
  std::string type;     // m.typing, m.receipt, m.presence, ...
  std::string room_id;  // empty for events without one (m.presence)
  std::string content = "{}";
  std::string sender;  // present on m.presence

  std::string ToJson() const;
  friend bool operator==(const EphemeralEvent&, const EphemeralEvent&) = default;
};

}  // namespace mxedge::matrix
