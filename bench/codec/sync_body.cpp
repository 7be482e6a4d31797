#include "sync_body.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace mxedge::bench {
namespace {

using nlohmann::json;

constexpr std::string_view kServer = "example.org";
constexpr std::string_view kWords[] = {
    "the",         "meeting", "moved", "to",      "tomorrow", "at",     "ten",
    "please",      "check",   "the",   "draft",   "before",   "lunch",  "thanks!",
    "see",         "you",     "there", "shipped", "v1.4.2",   "with",   "the",
    "fix",         "for",     "sync",  "lag",     "on",       "mobile", "\xf0\x9f\x8e\x89",
    "caf\xc3\xa9", "ok",      "great", "news"};

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

  std::string Base64(std::size_t length) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < length; ++i) {
      out.push_back(kAlphabet[Below(64)]);
    }
    return out;
  }

  std::string EventId() { return "$" + Base64(43); }
  std::string RoomId() { return "!" + Base64(18) + ":" + std::string(kServer); }
  std::string UserId(std::size_t n) {
    return "@user" + std::to_string(n) + ":" + std::string(kServer);
  }

  std::string Sentence(std::size_t words) {
    std::string out;
    for (std::size_t i = 0; i < words; ++i) {
      if (i != 0) {
        out.push_back(' ');
      }
      out.append(kWords[Below(std::size(kWords))]);
    }
    return out;
  }

  json Event(std::string_view type, std::string_view sender, json content, std::int64_t ts) {
    return json{{"type", type},
                {"event_id", EventId()},
                {"sender", sender},
                {"origin_server_ts", ts},
                {"content", std::move(content)},
                {"unsigned", {{"age", static_cast<std::int64_t>(Below(9000000))}}}};
  }

  json StateEvent(std::string_view type, std::string_view state_key, std::string_view sender,
                  json content, std::int64_t ts) {
    json event = Event(type, sender, std::move(content), ts);
    event["state_key"] = state_key;
    return event;
  }

  json Room(std::size_t members, std::int64_t ts) {
    const std::string creator = UserId(Below(500));
    json state = json::array();
    state.push_back(StateEvent("m.room.create", "", creator,
                               {{"creator", creator}, {"room_version", "9"}}, ts));
    json users = json::object();
    for (std::size_t i = 0; i < members; ++i) {
      const std::string user = UserId(Below(500));
      users[user] = i == 0 ? 100 : (Below(8) == 0 ? 50 : 0);
      state.push_back(
          StateEvent("m.room.member", user, user,
                     {{"membership", "join"},
                      {"displayname", "User " + std::to_string(Below(500))},
                      {"avatar_url", "mxc://" + std::string(kServer) + "/" + Base64(24)}},
                     ts + static_cast<std::int64_t>(i)));
    }
    state.push_back(StateEvent("m.room.name", "", creator, {{"name", Sentence(3)}}, ts));
    state.push_back(StateEvent("m.room.topic", "", creator, {{"topic", Sentence(12)}}, ts));
    state.push_back(StateEvent("m.room.join_rules", "", creator, {{"join_rule", "invite"}}, ts));
    state.push_back(StateEvent("m.room.history_visibility", "", creator,
                               {{"history_visibility", "shared"}}, ts));
    state.push_back(StateEvent("m.room.power_levels", "", creator,
                               {{"users", users},
                                {"users_default", 0},
                                {"events_default", 0},
                                {"state_default", 50},
                                {"ban", 50},
                                {"kick", 50},
                                {"redact", 50},
                                {"invite", 0}},
                               ts));
    json timeline = json::array();
    for (std::size_t i = 0; i < 10; ++i) {
      json content = {{"msgtype", "m.text"}, {"body", Sentence(4 + Below(20))}};
      if (Below(4) == 0) {
        content["format"] = "org.matrix.custom.html";
        content["formatted_body"] = "<b>" + Sentence(5) + "</b>";
      }
      timeline.push_back(Event("m.room.message", UserId(Below(500)), std::move(content),
                               ts + 1000 * static_cast<std::int64_t>(i)));
    }
    const std::string last_event = timeline.back()["event_id"];
    return json{
        {"state", {{"events", std::move(state)}}},
        {"timeline",
         {{"events", std::move(timeline)}, {"limited", true}, {"prev_batch", "t" + Base64(20)}}},
        {"ephemeral",
         {{"events",
           json::array(
               {{{"type", "m.typing"}, {"content", {{"user_ids", json::array()}}}},
                {{"type", "m.receipt"},
                 {"content",
                  {{last_event, {{"m.read", {{UserId(Below(500)), {{"ts", ts + 20000}}}}}}}}}}})}}},
        {"account_data",
         {{"events",
           json::array({{{"type", "m.fully_read"}, {"content", {{"event_id", last_event}}}}})}}},
        {"unread_notifications", {{"highlight_count", 0}, {"notification_count", Below(12)}}},
        {"summary",
         {{"m.heroes", json::array({UserId(Below(500)), UserId(Below(500))})},
          {"m.joined_member_count", members},
          {"m.invited_member_count", 0}}}};
  }

 private:
  std::mt19937_64 rng_;
};

}  // namespace

nlohmann::json MakeInitialSyncBody(std::size_t min_json_bytes) {
  Generator gen(3079);
  const std::int64_t base_ts = 1620000000000;
  json presence = json::array();
  for (std::size_t i = 0; i < 8; ++i) {
    presence.push_back({{"type", "m.presence"},
                        {"sender", gen.UserId(i)},
                        {"content",
                         {{"presence", i % 3 == 0 ? "online" : "unavailable"},
                          {"last_active_ago", gen.Below(3600000)},
                          {"currently_active", i % 3 == 0}}}});
  }
  json body = {
      {"next_batch", "s72595_4483_1934"},
      {"account_data",
       {{"events",
         json::array(
             {{{"type", "m.direct"}, {"content", {{gen.UserId(7), json::array({gen.RoomId()})}}}},
              {{"type", "im.vector.setting.breadcrumbs"},
               {"content", {{"recent_rooms", json::array({gen.RoomId(), gen.RoomId()})}}}}})}}},
      {"presence", {{"events", std::move(presence)}}},
      {"to_device", {{"events", json::array()}}},
      {"device_lists",
       {{"changed", json::array({gen.UserId(3), gen.UserId(9)})}, {"left", json::array()}}},
      {"device_one_time_keys_count", {{"signed_curve25519", 50}}},
      {"rooms", {{"join", json::object()}, {"invite", json::object()}, {"leave", json::object()}}}};
  json& joined = body["rooms"]["join"];
  std::int64_t ts = base_ts;
  while (body.dump().size() < min_json_bytes) {
    joined[gen.RoomId()] = gen.Room(4 + gen.Below(8), ts);
    ts += 86400000;
  }
  return body;
}

}  // namespace mxedge::bench
