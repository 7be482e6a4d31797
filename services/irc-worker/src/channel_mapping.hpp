#pragma once
// ChannelMapping: a network's static channel ↔ room table from config (`channels` entries
// "<#channel>=<!room_id>"). Matrix → IRC looks up the channel of a room; IRC → Matrix the room of
// a channel, compared under the network's case mapping (rfc1459 until the server says otherwise).
// With a PortalLookup set, rooms created at run time (portals) answer when the static table does
// not: static mappings always win.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/irc/case_mapping.hpp"

namespace mxedge::irc_worker {

struct ChannelRoom {
  std::string channel;  // as configured, e.g. "#matrix"
  std::string room_id;  // e.g. "!abc:example.org"

  friend bool operator==(const ChannelRoom&, const ChannelRoom&) = default;
};

// Parses one "<#channel>=<!room_id>" entry. InvalidArgumentError saying what is wrong: no '=',
// a channel that is not a valid channel name (default CHANTYPES "#&", at most 50 bytes), or a
// room id that is not "!<opaque>:<server>" of printable ASCII.
absl::StatusOr<ChannelRoom> ParseChannelRoom(std::string_view entry);

// Portal rooms, asked when the static table has no answer. Implementations are thread-safe.
class PortalLookup {
 public:
  virtual ~PortalLookup() = default;
  // The portal room of a folded channel, nullopt when none (or it could not be found out).
  virtual std::optional<std::string> PortalRoom(std::string_view network,
                                                std::string_view folded_channel) const = 0;
  // The folded channel of a portal room of `network`, nullopt when none.
  virtual std::optional<std::string> PortalChannel(std::string_view network,
                                                   std::string_view room_id) const = 0;
};

class ChannelMapping {
 public:
  ChannelMapping() = default;

  // Every entry parsed; a channel or room mapped twice is an InvalidArgumentError.
  static absl::StatusOr<ChannelMapping> Parse(const std::vector<std::string>& entries,
                                              irc::CaseMapping case_mapping = irc::CaseMapping());

  // The channel bridged to `room_id`, if any.
  std::optional<std::string> ChannelOf(std::string_view room_id) const;
  // The room bridged to `channel` (any case under the mapping), if any.
  std::optional<std::string> RoomOf(std::string_view channel) const;
  // The configured channels, in configuration order (what puppets join).
  const std::vector<ChannelRoom>& entries() const { return entries_; }

  // Makes ChannelOf/RoomOf ask `portals` for `network` after the static table.
  void SetPortals(std::string network, std::shared_ptr<const PortalLookup> portals);

 private:
  std::string network_;
  std::shared_ptr<const PortalLookup> portals_;
  irc::CaseMapping case_mapping_;
  std::vector<ChannelRoom> entries_;
  std::map<std::string, std::size_t, std::less<>> by_room_;
  std::map<std::string, std::size_t, std::less<>> by_folded_channel_;
};

}  // namespace mxedge::irc_worker
