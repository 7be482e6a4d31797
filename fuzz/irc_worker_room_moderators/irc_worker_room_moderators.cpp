// Fuzz target: what `!plumb` / `!unlink` read from a room, on arbitrary bytes split at the first
// newline: the first line is a message body, the rest a JSON text read both as the room's
// m.room.power_levels content and as its m.room.create content.
// - ParseRoomCommand: nullopt for chat, a !plumb with a channel or an !unlink, or an
//   InvalidArgumentError; never anything else.
// - StatePowerOf: a result or an InvalidArgumentError; without power levels only the creator
//   reaches the required level, and Allowed() agrees with the levels.
// - CreatorOf: never throws.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "room_command.hpp"
#include "room_moderators.hpp"

namespace {

void Require(bool condition) {
  if (!condition) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view body = input.substr(0, newline);
  const std::string_view json =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  const mxedge::irc::ISupport isupport;
  absl::StatusOr<std::optional<mxedge::bridge::AdminCommand>> command =
      mxedge::irc_worker::ParseRoomCommand(body, isupport);
  if (!command.ok()) {
    Require(absl::IsInvalidArgument(command.status()));
  } else if (command->has_value()) {
    const mxedge::bridge::AdminCommand& cmd = **command;
    Require(cmd.kind == mxedge::bridge::AdminCommandKind::kPlumb ||
            cmd.kind == mxedge::bridge::AdminCommandKind::kUnlink);
    Require(cmd.kind != mxedge::bridge::AdminCommandKind::kPlumb || !cmd.channel.empty());
  }

  const std::string creator = mxedge::irc_worker::CreatorOf(json);
  const std::string user = "@u:hs";
  absl::StatusOr<mxedge::irc_worker::StatePower> power =
      mxedge::irc_worker::StatePowerOf(json, creator, user);
  if (!power.ok()) {
    Require(absl::IsInvalidArgument(power.status()));
  } else {
    Require(power->Allowed() == (power->user_level >= power->required_level));
  }
  absl::StatusOr<mxedge::irc_worker::StatePower> absent =
      mxedge::irc_worker::StatePowerOf(std::nullopt, creator, user);
  Require(absent.ok());
  Require(absent->Allowed() == (!creator.empty() && creator == user));
  return 0;
}
