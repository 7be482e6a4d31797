// Fuzzes the display name a user's own m.room.member join announces: the input is the event's
// content JSON. Reading it must never crash; a name read must give a valid puppet nick with the
// default template, and must survive the store's cut to a UTF-8 boundary. Anything else traps.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "member_display_name.hpp"
#include "mxedge/irc/validation.hpp"
#include "nick_template.hpp"
#include "puppet_nick_records.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  mxedge::v1::MatrixEvent event;
  event.set_type("m.room.member");
  event.set_sender("@alice:hs.test");
  event.set_state_key("@alice:hs.test");
  event.set_content_json(std::string(content));
  absl::StatusOr<std::optional<std::string>> name =
      mxedge::irc_worker::OwnJoinDisplayName("@alice:hs.test", event);
  if (!name.ok() || !name->has_value()) {
    return 0;
  }
  const std::string_view cut = mxedge::irc_worker::CutDisplayName(**name);
  // The cut is a prefix within the limit, never ending inside a UTF-8 sequence.
  if (cut.size() > mxedge::irc_worker::kMaxStoredDisplayNameBytes ||
      (*name)->compare(0, cut.size(), cut) != 0 ||
      (cut.size() < (*name)->size() &&
       (static_cast<unsigned char>((**name)[cut.size()]) & 0xC0) == 0x80)) {
    __builtin_trap();
  }
  absl::StatusOr<mxedge::bridge::PuppetNamer> namer =
      mxedge::irc_worker::ParseNickTemplate("$DISPLAY[m]");
  mxedge::irc::ISupport isupport;
  absl::StatusOr<std::string> nick = namer->NickFor("@alice:hs.test", cut, isupport);
  if (!nick.ok() || !mxedge::irc::IsValidNick(*nick, isupport)) {
    __builtin_trap();
  }
  return 0;
}
