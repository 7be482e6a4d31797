#pragma once
// IrcMembership: the members, membership modes and topic of bridged IRC channels, mirrored into
// their Matrix rooms by the users' ghosts (IRC → Matrix):
// - NAMES after a join: the ghosts of the members join the room at `ghost_join_rate` a second,
//   ops first, then voiced users, in the background (Tick); the ops and voiced get their power
//   levels in one m.room.power_levels;
// - JOIN / PART → the ghost joins / leaves (with the PART reason); every ghost that joins gets
//   its nick as display name;
// - QUIT → the ghost leaves every room of a channel the nick was in. More than
//   `quit_debounce_burst` QUITs within a second (a netsplit) are held for `quit_debounce_hold`;
//   a nick that joins again in that time causes neither leave nor join;
// - KICK of an IRC user → its ghost is kicked by the bridge bot with the IRC reason; KICK of one
//   of our puppets → that Matrix user is kicked from the room with the reason;
// - NICK → the old ghost leaves, the new one joins (display name = the new nick);
// - MODE +o/+v (and -o/-v) → power levels 50/1 from the ghost's or the puppet's membership modes,
//   every change of one MODE line in one m.room.power_levels, read first (GetState), and a
//   Matrix admin above 50 is never lowered, and nobody is set above the bridge bot's own level or
//   changed when at or above it (LimitPowerLevelsToSender); +i/+k → join rule "invite", +m →
//   events_default 1;
// - TOPIC / 332 → m.room.topic, as the setter's ghost (as the bridge bot when the ghost may not,
//   and for 332), unless the room shows that topic already or one of our puppets set it.
// Only the channel's receiver applies a change (`irc:recv`, the lease messages use), so the
// copies every puppet in the channel sees become one change; our own puppets never get ghosts.
// The keys shared with the other workers and with message bridging (`irc:recv`, `irc:nick`) fold
// by the network's configured `key_mapping`; the rosters (who is in a channel, with which modes)
// are kept per worker from the NAMES and changes the receivers saw, folded by the CASEMAPPING
// the connection's server announced. Calls block on Redis and MatrixOut: the App runs them on the
// ordered IRC → Matrix thread. Thread-safe (one lock; ModesOf, NickOf and GhostNick serve Matrix →
// IRC).
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "channel_mapping.hpp"
#include "channel_receivers.hpp"
#include "membership_event.hpp"
#include "mxedge/bridge/channel_modes.hpp"
#include "mxedge/bridge/quit_debouncer.hpp"
#include "puppet_nicks.hpp"
#include "room_members.hpp"
#include "room_state.hpp"
#include "seen_rosters.hpp"

namespace mxedge::irc_worker {

struct IrcMembershipNetwork {
  std::string ghost_template = "irc_$NETWORK_$NICK";
  std::string bot_user_id;       // acts for power levels, join rules, kicks and server topics
  irc::CaseMapping key_mapping;  // folds irc:recv and irc:nick keys (the network's casemapping)
  double ghost_join_rate = 5;
  std::size_t quit_debounce_burst = 5;  // 0: no debounce
  std::chrono::milliseconds quit_debounce_hold{30'000};
};

struct IrcMembershipOptions {
  std::string worker_id;
  std::string server_name;
  std::chrono::milliseconds receiver_lease = kReceiverLease;
  std::map<std::string, IrcMembershipNetwork, std::less<>> networks;
};

class IrcMembership {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // Everything passed by reference must outlive this object.
  IrcMembership(PuppetNicks& nicks, ChannelReceivers& receivers, RoomMembers& members,
                RoomState& state, std::map<std::string, ChannelMapping, std::less<>> channels,
                IrcMembershipOptions options);

  // Applies what `receiver_mxid`'s connection on `network` saw at `now`. Events of unmapped
  // channels and of connections that are not the channel's receiver change nothing. The first
  // Matrix or Redis error is returned after the rest of the event was applied.
  absl::Status Apply(std::string_view network, std::string_view receiver_mxid,
                     const MembershipEvent& event, TimePoint now);

  // Runs the ghost joins and held QUITs due at `now`.
  absl::Status Tick(TimePoint now);
  // When Tick has something to do; nullopt when nothing waits.
  std::optional<TimePoint> NextDeadline() const;

  // The lookups below serve Matrix → IRC on the worker holding the acting user's puppet, which
  // need not be the channel's receiver: they read what any of this worker's connections saw
  // (SeenRosters) where the receiver's roster does not answer.
  // The membership modes ("o", "v", "ov", "") `nick` has in `channel` as far as the roster knows;
  // nullopt when the nick is not known there.
  std::optional<std::string> ModesOf(std::string_view network, std::string_view channel,
                                     std::string_view nick) const;
  // The nick of `user_id` in `channel`: a ghost's nick, or the nick of one of our puppets the
  // roster knows; nullopt when neither.
  std::optional<std::string> NickOf(std::string_view network, std::string_view channel,
                                    std::string_view user_id) const;
  // Like NickOf, for ghosts only.
  std::optional<std::string> GhostNick(std::string_view network, std::string_view channel,
                                       std::string_view user_id) const;

 private:
  struct Member {
    std::string nick;    // as IRC spells it
    std::string modes;   // membership modes
    std::string puppet;  // the Matrix user when the nick is one of our puppets
  };
  struct Roster {
    std::string network;
    std::string channel;
    std::string room_id;
    irc::CaseMapping case_mapping;
    std::map<std::string, Member> members;  // by folded nick
    bridge::ChannelFlags flags;
  };
  struct PendingJoin {
    std::string network;
    std::string room_id;
    std::string nick;
  };
  struct HeldRooms {
    std::vector<std::string> room_ids;
  };

  const IrcMembershipNetwork* Network(std::string_view network) const;
  std::optional<std::string> RoomOf(std::string_view network, std::string_view channel);
  absl::StatusOr<bool> IsReceiver(std::string_view network, std::string_view channel,
                                  std::string_view mxid, TimePoint now);
  absl::StatusOr<std::optional<std::string>> PuppetOf(std::string_view network,
                                                      std::string_view nick);
  std::string Ghost(std::string_view network, std::string_view nick) const;
  std::optional<std::string> Find(std::string_view network, std::string_view channel,
                                  std::string_view user_id, bool ghosts_only) const;
  Roster& RosterFor(std::string_view network, const MembershipEvent& event,
                    const std::string& room_id);

  absl::Status OnNames(std::string_view network, Roster& roster, const MembershipEvent& event,
                       TimePoint now);
  absl::Status OnJoin(std::string_view network, Roster& roster, const MembershipEvent& event);
  absl::Status OnPart(std::string_view network, Roster& roster, const MembershipEvent& event);
  absl::Status OnKick(std::string_view network, Roster& roster, const MembershipEvent& event);
  absl::Status OnMode(std::string_view network, Roster& roster, const MembershipEvent& event);
  absl::Status OnTopic(std::string_view network, Roster& roster, const MembershipEvent& event);
  // QUIT and NICK name no channel: each roster with the nick whose receiver is this connection.
  absl::Status OnQuit(std::string_view network, std::string_view mxid, const MembershipEvent& event,
                      TimePoint now);
  absl::Status OnNick(std::string_view network, std::string_view mxid, const MembershipEvent& event,
                      TimePoint now);

  absl::Status JoinGhost(std::string_view network, std::string_view room_id, std::string_view nick);
  absl::Status LeaveRooms(std::string_view network, std::string_view nick,
                          const std::vector<std::string>& room_ids, std::string_view reason);
  // Writes `changes` of `roster` as one m.room.power_levels (and the join rule when it changed).
  absl::Status ApplyModes(std::string_view network, Roster& roster,
                          const std::vector<irc::ModeChange>& changes);

  PuppetNicks& nicks_;
  ChannelReceivers& receivers_;
  RoomMembers& members_;
  RoomState& state_;
  std::map<std::string, ChannelMapping, std::less<>> channels_;
  IrcMembershipOptions options_;

  std::map<std::string, Roster, std::less<>> rosters_;  // "<network>\n<folded channel>"
  SeenRosters seen_;                                    // every connection's view, receiver or not
  std::map<std::string, bridge::QuitDebouncer, std::less<>> debouncers_;  // by network
  // "<network>\n<folded nick>" → the rooms its held QUIT leaves.
  std::map<std::string, HeldRooms, std::less<>> held_;
  mutable std::mutex mu_;
  std::multimap<TimePoint, PendingJoin> pending_joins_;  // by due time
  std::optional<TimePoint> next_flush_;                  // when held QUITs are looked at next
  std::set<std::string, std::less<>> named_;             // ghosts whose display name is set
};

}  // namespace mxedge::irc_worker
