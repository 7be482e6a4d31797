#include "dispatch_sink_selector.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "dispatch_text.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;
namespace {

void AddUnique(std::vector<SinkTarget>& out, SinkTarget target) {
  if (std::find(out.begin(), out.end(), target) == out.end()) {
    out.push_back(std::move(target));
  }
}

// Whether the event is an `m.room.message` whose first word is !plumb or !unlink (any case).
bool IsRoomCommand(const DispatchEvent& event) {
  if (!event.persistent() || event.type() != "m.room.message") {
    return false;
  }
  const nlohmann::json content = nlohmann::json::parse(event.pdu.content_json(), nullptr, false);
  if (!content.is_object()) {
    return false;
  }
  auto body = content.find("body");
  if (body == content.end() || !body->is_string()) {
    return false;
  }
  const std::string& text = body->get_ref<const std::string&>();
  const size_t start = text.find_first_not_of(" \t");
  if (start == std::string::npos) {
    return false;
  }
  const size_t end = text.find_first_of(" \t\r\n", start);
  const std::string word = absl::AsciiStrToLower(
      absl::string_view(text).substr(start, end == std::string::npos ? end : end - start));
  return word == "!plumb" || word == "!unlink";
}

}  // namespace

SinkSelector::SinkSelector(redis::RedisClient& client, const UserSinkLookup& users,
                           std::string key_prefix)
    : client_(client), users_(users), key_prefix_(std::move(key_prefix)) {}

absl::StatusOr<SinkSelector::RoomSinks> SinkSelector::LookUpRooms(
    std::span<const DispatchEvent* const> events) {
  RoomSinks rooms;
  std::vector<std::string> order;
  for (const DispatchEvent* event : events) {
    const std::string& room_id = event->room_id();
    if (!room_id.empty() && rooms.try_emplace(room_id).second) {
      order.push_back(room_id);
    }
  }
  if (order.empty()) {
    return rooms;
  }
  std::vector<std::vector<std::string>> commands;
  commands.reserve(order.size() * 2);
  for (const std::string& room_id : order) {
    commands.push_back({"HMGET", Cat(key_prefix_, "irc:room:", room_id), "network", "kind"});
    commands.push_back({"EXISTS", Cat(key_prefix_, "mp:room:", room_id)});
  }
  absl::StatusOr<std::vector<redis::Reply>> replies = client_.Pipeline(commands);
  if (!replies.ok()) {
    return dispatch_text::WithContext(replies.status(),
                                      Cat("selecting sinks for ", order.size(), " rooms"));
  }
  for (size_t i = 0; i < order.size(); ++i) {
    RoomSinkInfo& info = rooms[order[i]];
    std::vector<SinkTarget>& sinks = info.sinks;
    // A room key of another type (WRONGTYPE) or without a network is not an IRC portal.
    const redis::Reply& fields = (*replies)[2 * i];
    if (fields.IsArray() && fields.elements().size() == 2 && fields.elements()[0].IsString() &&
        !fields.elements()[0].str().empty()) {
      const redis::Reply& kind = fields.elements()[1];
      SinkTarget irc = SinkTarget::Irc(fields.elements()[0].str());
      if (kind.IsString() && kind.str() == "invited") {
        info.invited = std::move(irc);
      } else {
        AddUnique(sinks, std::move(irc));
      }
    }
    const redis::Reply& micropub = (*replies)[2 * i + 1];
    if (micropub.IsInteger() && micropub.integer() > 0) {
      AddUnique(sinks, SinkTarget::Micropub());
    }
  }
  return rooms;
}

std::vector<SinkTarget> SinkSelector::Decide(const DispatchEvent& event,
                                             const RoomSinks& rooms) const {
  const std::string& room_id = event.room_id();
  std::vector<SinkTarget> concerned;
  if (auto it = rooms.find(room_id); it != rooms.end()) {
    concerned = it->second.sinks;
    if (it->second.invited.has_value() && IsRoomCommand(event)) {
      AddUnique(concerned, *it->second.invited);
    }
  }
  if (std::optional<SinkTarget> owner = users_.SinkOfUser(event.sender())) {
    AddUnique(concerned, *owner);
  }
  if (event.persistent() && event.pdu.has_state_key() && event.type() == "m.room.member") {
    if (std::optional<SinkTarget> owner = users_.SinkOfUser(event.pdu.state_key())) {
      AddUnique(concerned, *owner);
    }
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

absl::StatusOr<std::vector<SinkTarget>> SinkSelector::Select(const DispatchEvent& event) {
  const DispatchEvent* one[] = {&event};
  absl::StatusOr<std::vector<std::vector<SinkTarget>>> sinks = SelectBatch(one);
  if (!sinks.ok()) {
    return sinks.status();
  }
  return std::move(sinks->front());
}

absl::StatusOr<std::vector<std::vector<SinkTarget>>> SinkSelector::SelectBatch(
    std::span<const DispatchEvent* const> events) {
  absl::StatusOr<RoomSinks> rooms = LookUpRooms(events);
  if (!rooms.ok()) {
    return rooms.status();
  }
  std::vector<std::vector<SinkTarget>> out;
  out.reserve(events.size());
  for (const DispatchEvent* event : events) {
    out.push_back(Decide(*event, *rooms));
  }
  return out;
}

}  // namespace mxedge::appservice_router
