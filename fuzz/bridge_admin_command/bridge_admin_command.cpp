// Fuzzes the admin room command parser, as an admin and as a user. It must never crash; a
// parsed command must hold only what its kind allows, and a user must never get !cmd.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mxedge/bridge/admin_command.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const mxedge::irc::ISupport isupport;
  for (const bool admin : {false, true}) {
    absl::StatusOr<mxedge::bridge::AdminCommand> command =
        mxedge::bridge::ParseAdminCommand(input, isupport, admin);
    if (!command.ok()) {
      continue;
    }
    if (!admin && command->kind == mxedge::bridge::AdminCommandKind::kCmd) {
      __builtin_trap();
    }
    if (command->kind == mxedge::bridge::AdminCommandKind::kStorePass &&
        command->password.empty()) {
      __builtin_trap();
    }
    if (command->raw.find_first_of("\r\n") != std::string::npos) {
      __builtin_trap();
    }
  }
  return 0;
}
