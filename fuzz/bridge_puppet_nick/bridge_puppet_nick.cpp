// Fuzzes the puppet nick: the first byte picks NICKLEN (1..64) and the template, the rest is a
// display name. The nick must be one the server accepts (irc::IsValidNick) for any input; anything
// else is a bug in our code and traps.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mxedge/bridge/puppet_namer.hpp"
#include "mxedge/irc/validation.hpp"

namespace {

constexpr std::array<std::string_view, 4> kTemplates = {"$DISPLAY[m]", "$LOCALPART|$DISPLAY",
                                                        "mx-$DISPLAY", "[$USERID]"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string_view display(reinterpret_cast<const char*>(data + 1), size - 1);
  mxedge::irc::ISupport isupport;
  if (!isupport.ApplyToken("NICKLEN=" + std::to_string(1 + data[0] % 64)).ok()) {
    __builtin_trap();
  }
  absl::StatusOr<mxedge::bridge::PuppetNamer> namer =
      mxedge::bridge::PuppetNamer::Create(kTemplates[(data[0] / 64) % kTemplates.size()]);
  if (!namer.ok()) {
    __builtin_trap();
  }
  absl::StatusOr<std::string> nick = namer->NickFor("@alice:hs.test", display, isupport);
  if (!nick.ok() || !mxedge::irc::IsValidNick(*nick, isupport)) {
    __builtin_trap();
  }
  return 0;
}
