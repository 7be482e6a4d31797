#include "mxedge/irc/ctcp.hpp"

#include "text.hpp"

namespace mxedge::irc {

std::optional<Ctcp> ParseCtcp(std::string_view text) {
  if (text.size() < 2 || text.front() != '\x01') {
    return std::nullopt;
  }
  text.remove_prefix(1);
  if (text.back() == '\x01') {
    text.remove_suffix(1);
  }
  const std::size_t space = text.find(' ');
  Ctcp ctcp;
  ctcp.command = std::string(text.substr(0, space));
  if (ctcp.command.empty()) {
    return std::nullopt;
  }
  for (char& c : ctcp.command) {
    c = internal::AsciiUpper(c);
  }
  if (space != std::string_view::npos) {
    ctcp.params = std::string(text.substr(space + 1));
  }
  return ctcp;
}

}  // namespace mxedge::irc
