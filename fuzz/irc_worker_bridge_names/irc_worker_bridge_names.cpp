// Fuzz target: the irc-worker's bridge names and admins from config, on arbitrary bytes split at
// newlines: the first line is a user id, the rest are `bridge.admins` entries, each also tried as
// a `bot_localpart` and a `portal_alias_template`.
// - BridgeAdmins::Parse: every rejection is an InvalidArgumentError; an accepted entry without
//   '*' matches itself and an accepted list of entries matches each entry's own text.
// - GlobMatch: "*" matches anything, a pattern matches itself.
// - RenderBotLocalpart / PortalAliasLocalpartTemplate: results or InvalidArgumentError, a rendered
//   localpart is never empty and holds no '$'.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "bot_identity.hpp"
#include "bridge_admins.hpp"

namespace {

void Require(bool condition) {
  if (!condition) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) {
      end = input.size();
    }
    lines.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  const std::string user = lines.front();
  const std::vector<std::string> entries(lines.begin() + 1, lines.end());
  absl::StatusOr<mxedge::irc_worker::BridgeAdmins> admins =
      mxedge::irc_worker::BridgeAdmins::Parse(entries);
  if (admins.ok()) {
    (void)admins->Contains(user);
    for (const std::string& entry : entries) {
      Require(admins->Contains(entry) || entry.find('*') != std::string::npos);
    }
  } else {
    Require(absl::IsInvalidArgument(admins.status()));
  }
  Require(mxedge::irc_worker::GlobMatch("*", user));
  Require(mxedge::irc_worker::GlobMatch(user, user) || user.find('*') != std::string::npos);
  for (const std::string& entry : entries) {
    (void)mxedge::irc_worker::GlobMatch(entry, user);
    absl::StatusOr<std::string> bot = mxedge::irc_worker::RenderBotLocalpart(entry, "libera");
    if (bot.ok()) {
      Require(!bot->empty() && bot->find('$') == std::string::npos);
    } else {
      Require(absl::IsInvalidArgument(bot.status()));
    }
    absl::StatusOr<std::string> alias = mxedge::irc_worker::PortalAliasLocalpartTemplate(entry);
    Require(alias.ok() ? entry == "#" + *alias : absl::IsInvalidArgument(alias.status()));
  }
  return 0;
}
