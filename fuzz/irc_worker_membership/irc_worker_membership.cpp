// Feeds arbitrary bytes, split into lines, to one MembershipReader (as one connection's server
// lines). A line the reader refuses must be InvalidArgument; every event but a server reply must
// name its nick; JOIN, PART, MODE and a user's TOPIC name a channel, QUIT and NICK none; a NICK
// names the new nick.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "membership_event.hpp"
#include "mxedge/irc/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using mxedge::irc_worker::MembershipEvent;
  using mxedge::irc_worker::MembershipKind;
  using mxedge::irc_worker::MembershipReader;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  MembershipReader reader;
  while (!input.empty()) {
    const std::size_t end = input.find('\n');
    const std::string_view text = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    absl::StatusOr<mxedge::irc::Message> message = mxedge::irc::ParseMessage(text);
    if (!message.ok()) {
      continue;
    }
    absl::StatusOr<std::optional<MembershipEvent>> event = reader.Read(*message);
    if (!event.ok()) {
      if (event.status().code() != absl::StatusCode::kInvalidArgument) {
        std::abort();
      }
      continue;
    }
    if (!event->has_value()) {
      continue;
    }
    const MembershipEvent& e = **event;
    const bool from_user_in_channel =
        e.kind == MembershipKind::kJoin || e.kind == MembershipKind::kPart ||
        e.kind == MembershipKind::kMode || (e.kind == MembershipKind::kTopic && !e.nick.empty());
    if (from_user_in_channel && e.channel.empty()) {
      std::abort();
    }
    if ((e.kind == MembershipKind::kQuit || e.kind == MembershipKind::kNick) &&
        !e.channel.empty()) {
      std::abort();
    }
    const bool server_reply =
        e.kind == MembershipKind::kNames || (e.kind == MembershipKind::kTopic && e.nick.empty());
    if (!server_reply && e.nick.empty()) {
      std::abort();
    }
    if (e.kind == MembershipKind::kNick && e.target.empty()) {
      std::abort();
    }
  }
  return 0;
}
