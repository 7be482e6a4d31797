#pragma once
// BotPresence: `bot_leaves_when_puppets` for the bridge bot connections this worker holds. From
// what a bot's connection sees in a mapped channel (NAMES after its JOIN, JOIN, PART, KICK, QUIT,
// NICK) it counts our puppets there (PuppetNicks, folded by the network's casemapping; the bot
// itself is no puppet) and applies BotChannelPresence: it PARTs while a puppet is in the channel.
// When the server confirms that PART, the bot gives up the channel's receiver lease (`irc:recv`)
// so a puppet's connection receives the channel at once instead of after the lease expired.
// Outside, it asks `NAMES <channel>` every `poll` (channels batched in lines of at most 400
// bytes) and JOINs again once no puppet is listed. A closed connection forgets its channels (the
// next registration joins them all again). Apply runs on the ordered IRC → Matrix thread (it
// asks Redis); Tick on the membership ticker. Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "bot_channel_presence.hpp"
#include "channel_mapping.hpp"
#include "channel_receivers.hpp"
#include "connection_key.hpp"
#include "membership_event.hpp"
#include "puppet_lines.hpp"
#include "puppet_nicks.hpp"

namespace mxedge::irc_worker {

struct BotPresenceNetwork {
  std::string bot_mxid;
  bool leaves_when_puppets = false;
  irc::CaseMapping key_mapping;  // folds irc:nick keys
};

class BotPresence {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // References must outlive this. `channels`: network id → its mapped channels; `worker_id`:
  // this worker, as in the receiver leases.
  BotPresence(PuppetNicks& nicks, PuppetLines& lines, ChannelReceivers& receivers,
              std::string worker_id, std::map<std::string, ChannelMapping, std::less<>> channels,
              std::map<std::string, BotPresenceNetwork, std::less<>> networks,
              std::chrono::milliseconds poll);

  // Whether `key` is the bot connection of a network with bot_leaves_when_puppets.
  bool Applies(const ConnectionKey& key) const;

  // What the bot's connection `key`, registered as `own_nick`, saw at `now`. Sends the PART or
  // JOIN it calls for. The first PuppetNicks or send error is returned.
  absl::Status Apply(const ConnectionKey& key, std::string_view own_nick,
                     const MembershipEvent& event, TimePoint now);
  // The bot's connection closed: its channels are forgotten.
  void Reset(const ConnectionKey& key);

  // Asks NAMES of the channels outside whose poll is due at `now`.
  absl::Status Tick(TimePoint now);
  std::optional<TimePoint> NextDeadline() const;

  // For tests: whether the bot is in `channel` as far as this knows (nullopt: not tracked).
  std::optional<bool> Inside(std::string_view network, std::string_view channel) const;

 private:
  struct Channel {
    std::string name;  // as the server spelled it
    irc::CaseMapping case_mapping;
    BotChannelPresence presence;
    std::set<std::string> puppets;  // folded nicks of our puppets in it
    TimePoint next_poll{};
  };

  bool Mapped(std::string_view network, std::string_view channel) const;
  absl::StatusOr<bool> IsPuppet(const ConnectionKey& key, std::string_view nick);
  Channel& ChannelFor(std::string_view network, const MembershipEvent& event);
  absl::Status Act(const ConnectionKey& key, Channel& channel, BotPresenceAction action,
                   TimePoint now);
  absl::Status Send(const ConnectionKey& key, std::string line);

  PuppetNicks& nicks_;
  PuppetLines& lines_;
  ChannelReceivers& receivers_;
  std::string worker_id_;
  std::map<std::string, ChannelMapping, std::less<>> channels_;
  std::map<std::string, BotPresenceNetwork, std::less<>> networks_;
  std::chrono::milliseconds poll_;

  mutable std::mutex mu_;
  // "<network>\n<folded channel>" → the bot's view of it.
  std::map<std::string, Channel, std::less<>> tracked_;
};

}  // namespace mxedge::irc_worker
