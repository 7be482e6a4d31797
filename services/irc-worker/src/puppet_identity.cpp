#include "puppet_identity.hpp"

namespace mxedge::irc_worker {

// "$LOCALPART[m]" → "alice[m]": characters a nick cannot hold become '_', at
// most 30 bytes.
std::string RenderNick(std::string_view nick_template, std::string_view mxid) {
  std::string_view localpart = mxid.substr(mxid.empty() ? 0 : 1);
  localpart = localpart.substr(0, localpart.find(':'));
  std::string nick(nick_template);
  if (std::size_t at = nick.find("$LOCALPART"); at != std::string::npos) {
    nick.replace(at, 10, localpart);
  }
  for (char& c : nick) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("[]\\`_^{|}-").find(c) != std::string_view::npos;
    if (!ok) {
      c = '_';
    }
  }
  if (nick.empty() || (nick[0] >= '0' && nick[0] <= '9') || nick[0] == '-') {
    nick = "_" + nick;  // not insert(0, …): GCC 12 -O2 warns (-Wrestrict) on it wrongly
  }
  return nick.substr(0, 30);
}

// The USER name of a puppet: the nick's letters and digits, at most 10 ("u0[m]" → "u0m"); servers
// such as ngIRCd refuse brackets there.
std::string RenderUsername(std::string_view nick) {
  std::string user;
  for (char c : nick) {
    if (((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) &&
        user.size() < 10) {
      user += c;
    }
  }
  return user.empty() ? "mxedge" : user;
}

}  // namespace mxedge::irc_worker
