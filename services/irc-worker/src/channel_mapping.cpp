#include "channel_mapping.hpp"

#include "absl/strings/str_cat.h"
#include "mxedge/irc/isupport.hpp"
#include "mxedge/irc/validation.hpp"

namespace mxedge::irc_worker {
namespace {

constexpr std::size_t kMaxRoomIdBytes = 255;

absl::Status ValidateRoomId(std::string_view room_id) {
  if (room_id.size() < 4 || room_id.front() != '!') {
    return absl::InvalidArgumentError("room id must start with '!'");
  }
  if (room_id.size() > kMaxRoomIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("room id longer than ", kMaxRoomIdBytes, " bytes"));
  }
  for (char ch : room_id) {
    if (ch <= ' ' || ch > '~') {
      return absl::InvalidArgumentError("room id holds a space or a non-printable character");
    }
  }
  const std::size_t colon = room_id.find(':');
  if (colon == std::string_view::npos || colon == 1 || colon + 1 == room_id.size()) {
    return absl::InvalidArgumentError("room id must be !<opaque>:<server>");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ChannelRoom> ParseChannelRoom(std::string_view entry) {
  const std::size_t eq = entry.find('=');
  if (eq == std::string_view::npos) {
    return absl::InvalidArgumentError("channel mapping must be <#channel>=<!room_id>");
  }
  const std::string_view channel = entry.substr(0, eq);
  const std::string_view room_id = entry.substr(eq + 1);
  static const irc::ISupport kDefaults;
  if (!irc::IsValidChannelName(channel, kDefaults)) {
    return absl::InvalidArgumentError(
        "channel mapping: not a channel name (# or & first, at most 50 bytes, no space or comma)");
  }
  if (absl::Status s = ValidateRoomId(room_id); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("channel mapping: ", s.message()));
  }
  return ChannelRoom{std::string(channel), std::string(room_id)};
}

absl::StatusOr<ChannelMapping> ChannelMapping::Parse(const std::vector<std::string>& entries,
                                                     irc::CaseMapping case_mapping) {
  ChannelMapping mapping;
  mapping.case_mapping_ = case_mapping;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    absl::StatusOr<ChannelRoom> parsed = ParseChannelRoom(entries[i]);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("channels[", i, "]: ", parsed.status().message()));
    }
    const std::size_t index = mapping.entries_.size();
    if (!mapping.by_room_.emplace(parsed->room_id, index).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("channels[", i, "]: room mapped to two channels"));
    }
    if (!mapping.by_folded_channel_.emplace(case_mapping.Fold(parsed->channel), index).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("channels[", i, "]: channel mapped to two rooms"));
    }
    mapping.entries_.push_back(*std::move(parsed));
  }
  return mapping;
}

void ChannelMapping::SetPortals(std::string network, std::shared_ptr<const PortalLookup> portals) {
  network_ = std::move(network);
  portals_ = std::move(portals);
}

std::optional<std::string> ChannelMapping::ChannelOf(std::string_view room_id) const {
  auto it = by_room_.find(room_id);
  if (it == by_room_.end()) {
    return portals_ ? portals_->PortalChannel(network_, room_id) : std::nullopt;
  }
  return entries_[it->second].channel;
}

std::optional<std::string> ChannelMapping::RoomOf(std::string_view channel) const {
  const std::string folded = case_mapping_.Fold(channel);
  auto it = by_folded_channel_.find(folded);
  if (it == by_folded_channel_.end()) {
    return portals_ ? portals_->PortalRoom(network_, folded) : std::nullopt;
  }
  return entries_[it->second].room_id;
}

}  // namespace mxedge::irc_worker
