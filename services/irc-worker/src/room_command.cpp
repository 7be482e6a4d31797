#include "room_command.hpp"

#include "absl/strings/ascii.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

absl::StatusOr<std::optional<bridge::AdminCommand>> ParseRoomCommand(
    std::string_view body, const irc::ISupport& isupport) {
  std::string_view line = body.substr(0, body.find_first_of("\r\n"));
  const size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) {
    return std::nullopt;
  }
  line.remove_prefix(start);
  const std::string name =
      absl::AsciiStrToLower(common::Absl(line.substr(0, line.find_first_of(" \t"))));
  if (name != "!plumb" && name != "!unlink") {
    return std::nullopt;
  }
  absl::StatusOr<bridge::AdminCommand> parsed =
      bridge::ParseAdminCommand(line, isupport, /*sender_is_admin=*/false);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(parsed.status().message());
  }
  return std::optional<bridge::AdminCommand>(*std::move(parsed));
}

}  // namespace mxedge::irc_worker
