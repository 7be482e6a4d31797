// Fuzzes the IRC line parser. Whatever parses must format, parse back to the same message and
// format again to the same bytes; a mismatch is a bug in our code and traps. The helpers that
// read parsed messages (ISUPPORT, CAP, MODE, NAMES, CTCP, disconnect classes, splitting, nick
// sanitising) run on every parsed message and must not crash. The first input byte picks the
// limits.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mxedge/irc/cap.hpp"
#include "mxedge/irc/ctcp.hpp"
#include "mxedge/irc/disconnect_class.hpp"
#include "mxedge/irc/formatter.hpp"
#include "mxedge/irc/isupport.hpp"
#include "mxedge/irc/mode_changes.hpp"
#include "mxedge/irc/names_reply.hpp"
#include "mxedge/irc/parser.hpp"
#include "mxedge/irc/split_message.hpp"
#include "mxedge/irc/validation.hpp"

namespace {

using mxedge::irc::LineLimits;
using mxedge::irc::Message;

void ExerciseReaders(const Message& message, std::uint8_t selector) {
  mxedge::irc::ISupport isupport;
  if (message.Numeric() == 5) {
    (void)isupport.Apply(message);
  }
  if (message.IsCommand("CAP")) {
    absl::StatusOr<mxedge::irc::CapReply> reply = mxedge::irc::ParseCapReply(message);
    if (reply.ok()) {
      mxedge::irc::CapabilityState state;
      state.Apply(*reply);
    }
  }
  (void)mxedge::irc::ClassifyDisconnect(message);
  (void)mxedge::irc::ParseModeChanges(message, isupport);
  (void)mxedge::irc::ParseNamesReply(message, isupport);
  if (!message.params.empty()) {
    const std::string& last = message.params.back();
    const std::size_t budget = 4 + selector % 64;
    absl::StatusOr<std::vector<std::string>> lines = mxedge::irc::SplitMessage(last, budget);
    if (!lines.ok()) {
      __builtin_trap();  // every budget from 4 up is valid
    }
    for (const std::string& line : *lines) {
      if (line.empty() || line.size() > budget) {
        __builtin_trap();
      }
    }
    absl::StatusOr<std::string> nick = mxedge::irc::SanitizeNick(last, isupport);
    if (nick.ok() && !mxedge::irc::IsValidNick(*nick, isupport)) {
      __builtin_trap();
    }
    (void)mxedge::irc::IsValidChannelName(last, isupport);
    (void)mxedge::irc::ParseCtcp(last);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::uint8_t selector = data[0];
  LineLimits limits;
  if ((selector & 1) != 0) {
    limits.max_body_bytes = 2048;
  }
  if ((selector & 2) != 0) {
    limits.max_tag_section_bytes = 64;
  }
  const std::string_view line(reinterpret_cast<const char*>(data + 1), size - 1);
  absl::StatusOr<Message> first = mxedge::irc::ParseMessage(line, limits);
  if (!first.ok()) {
    return 0;
  }
  absl::StatusOr<std::string> formatted = mxedge::irc::FormatMessage(*first, limits);
  if (!formatted.ok()) {
    __builtin_trap();  // everything the parser accepts must be formattable
  }
  absl::StatusOr<Message> second = mxedge::irc::ParseMessage(*formatted, limits);
  if (!second.ok() || !(*second == *first)) {
    __builtin_trap();
  }
  absl::StatusOr<std::string> again = mxedge::irc::FormatMessage(*second, limits);
  if (!again.ok() || *again != *formatted) {
    __builtin_trap();
  }
  ExerciseReaders(*first, selector);
  return 0;
}
