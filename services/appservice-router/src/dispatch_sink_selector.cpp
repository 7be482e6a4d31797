#include "dispatch_sink_selector.hpp"

#include <algorithm>
#include "dispatch_text.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;
namespace {

void AddUnique(std::vector<SinkTarget>& out, SinkTarget target) {
  if (std::find(out.begin(), out.end(), target) == out.end()) {
    out.push_back(std::move(target));
  }
}

}  // namespace

SinkSelector::SinkSelector(redis::RedisClient& client, const UserSinkLookup& users,
                           std::string key_prefix)
    : client_(client), users_(users), key_prefix_(std::move(key_prefix)) {}

absl::StatusOr<std::vector<SinkTarget>> SinkSelector::Select(const DispatchEvent& event) {
  std::vector<SinkTarget> room_sinks;
  const std::string& room_id = event.room_id();
  if (!room_id.empty()) {
    std::vector<std::vector<std::string>> commands = {
        {"HGET", Cat(key_prefix_, "irc:room:", room_id), "network"},
        {"EXISTS", Cat(key_prefix_, "mp:room:", room_id)},
    };
    absl::StatusOr<std::vector<redis::Reply>> replies = client_.Pipeline(commands);
    if (!replies.ok()) {
      return absl::Status(
          replies.status().code(),
          Cat("selecting sinks for ", event.entry.stream_id, ": ", replies.status().message()));
    }
    // A room key of another type (WRONGTYPE) or without a network is not an IRC portal.
    const redis::Reply& network = (*replies)[0];
    if (network.IsString() && !network.str().empty()) {
      AddUnique(room_sinks, SinkTarget::Irc(network.str()));
    }
    if ((*replies)[1].IsInteger() && (*replies)[1].integer() > 0) {
      AddUnique(room_sinks, SinkTarget::Micropub());
    }
  }
  std::vector<SinkTarget> user_sinks;
  if (std::optional<SinkTarget> owner = users_.SinkOfUser(event.sender())) {
    AddUnique(user_sinks, *owner);
  }
  if (event.persistent() && event.pdu.has_state_key() && event.type() == "m.room.member") {
    if (std::optional<SinkTarget> owner = users_.SinkOfUser(event.pdu.state_key())) {
      AddUnique(user_sinks, *owner);
    }
  }
  std::vector<SinkTarget> concerned = room_sinks;
  for (SinkTarget& target : user_sinks) {
    AddUnique(concerned, std::move(target));
  }
  std::vector<SinkTarget> out;
  if (event.persistent()) {
    out = std::move(concerned);
  } else {
    for (const std::string& name : event.entry.sinks) {
      std::optional<SinkTarget> subscribed = SinkTarget::FromName(name);
      if (!subscribed) {
        continue;
      }
      bool wanted = room_id.empty() ||
                    std::find(concerned.begin(), concerned.end(), *subscribed) != concerned.end();
      if (wanted) {
        AddUnique(out, std::move(*subscribed));
      }
    }
  }
  std::stable_partition(out.begin(), out.end(), [](const SinkTarget& t) { return t.is_irc(); });
  return out;
}

}  // namespace mxedge::appservice_router
