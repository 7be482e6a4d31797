#pragma once
// GhostMessage: one message for Matrix, sent as an IRC user's ghost.
#include <string>
#include <vector>

namespace mxedge::irc_worker {

struct GhostMessage {
  std::string room_id;
  std::string ghost_mxid;
  std::string msgtype;  // m.text, m.notice or m.emote
  std::string body;
  std::string formatted_body;         // org.matrix.custom.html; empty: none
  std::vector<std::string> mentions;  // m.mentions user ids
  std::string idempotency_key;

  friend bool operator==(const GhostMessage&, const GhostMessage&) = default;
};

}  // namespace mxedge::irc_worker
