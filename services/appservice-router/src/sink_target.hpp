#pragma once
// SinkTarget: where the dispatcher delivers an event. Names match SinkRef::Name() of the router's
// namespaces ("irc:<network>" or "micropub"); they appear in idempotency keys
// (`ev:<event_id>:<name>`), in parked events and in the `sink` metric label.
#include <optional>
#include <string>
#include <string_view>

namespace mxedge::appservice_router {

inline constexpr std::string_view kMicropubSinkName = "micropub";
inline constexpr std::string_view kIrcSinkPrefix = "irc:";

struct SinkTarget {
  std::string name;
  std::string network;  // the IRC network; empty for micropub

  bool is_irc() const { return !network.empty(); }

  static SinkTarget Irc(std::string_view network);
  static SinkTarget Micropub();
  // Parses a name; nullopt for anything but "micropub" and "irc:<non-empty network>".
  static std::optional<SinkTarget> FromName(std::string_view name);

  friend bool operator==(const SinkTarget&, const SinkTarget&) = default;
};

// Which sink owns a user id (an IRC ghost or bridge bot, the micropub bot); implemented over the
// router's namespaces.
class UserSinkLookup {
 public:
  virtual ~UserSinkLookup() = default;
  virtual std::optional<SinkTarget> SinkOfUser(std::string_view user_id) const = 0;
};

}  // namespace mxedge::appservice_router
