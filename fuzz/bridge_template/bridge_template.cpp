// Fuzzes the name templates and the ids built from them. The first line of the input is a
// template, the rest a text to match. Neither may crash; a template that parses must read back
// what it expanded, and a ghost id or alias the bridge writes must parse back to the same network
// and folded name. A mismatch is a bug in our code and traps.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mxedge/bridge/ghost_namer.hpp"
#include "mxedge/bridge/name_template.hpp"
#include "mxedge/bridge/portal_alias_namer.hpp"

namespace {

constexpr std::array<std::string_view, 2> kVars = {"NETWORK", "NICK"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view source = input.substr(0, newline);
  const std::string_view text =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  absl::StatusOr<mxedge::bridge::NameTemplate> parsed =
      mxedge::bridge::NameTemplate::Parse(source, kVars);
  if (parsed.ok()) {
    const auto any = [](std::string_view, char c) { return c != '\x01'; };
    (void)parsed->Match(text, any);
    // Values without the template's literal bytes always read back.
    const std::string expanded = parsed->Expand({{"NETWORK", "\x02"}, {"NICK", "\x03"}});
    absl::StatusOr<std::map<std::string, std::string, std::less<>>> back = parsed->Match(
        expanded,
        [](std::string_view var, char c) { return c == (var == "NETWORK" ? '\x02' : '\x03'); });
    if (!back.ok()) {
      __builtin_trap();
    }
  }

  absl::StatusOr<mxedge::bridge::GhostNamer> ghosts =
      mxedge::bridge::GhostNamer::Create(source, "hs.test");
  if (ghosts.ok()) {
    (void)ghosts->Parse(text);
    const mxedge::irc::CaseMapping mapping;
    absl::StatusOr<std::string> id = ghosts->UserIdFor("net", text, mapping);
    if (id.ok()) {
      absl::StatusOr<mxedge::bridge::GhostId> ghost = ghosts->Parse(*id);
      if (!ghost.ok() || !mapping.Equal(ghost->nick, text)) {
        __builtin_trap();
      }
    }
  }

  absl::StatusOr<mxedge::bridge::PortalAliasNamer> aliases =
      mxedge::bridge::PortalAliasNamer::Create(mxedge::bridge::PortalAliasNamer::kDefaultTemplate,
                                               "hs.test");
  const mxedge::irc::ISupport isupport;
  const auto lookup = [&](std::string_view) { return &isupport; };
  (void)aliases->Parse(text, lookup);
  absl::StatusOr<std::string> alias = aliases->AliasFor("net", text, isupport);
  if (alias.ok()) {
    absl::StatusOr<mxedge::bridge::PortalChannel> channel = aliases->Parse(*alias, lookup);
    if (!channel.ok() || channel->channel != isupport.case_mapping().Fold(text)) {
      __builtin_trap();
    }
  }
  return 0;
}
