#include "mxedge/matrix/event.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mxedge::matrix {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr std::string_view kMember = R"({
  "event_id": "$m1:example.org", "room_id": "!r:example.org", "sender": "@alice:example.org",
  "type": "m.room.member", "state_key": "@irc_libera_bob:example.org",
  "origin_server_ts": 1700000000123,
  "content": {"membership": "invite", "displayname": "bob"},
  "unsigned": {"age": 1234}
})";

TEST(ParseEventTest, ReadsEveryField) {
  absl::StatusOr<Event> event = ParseEvent(kMember);
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->event_id, "$m1:example.org");
  EXPECT_EQ(event->room_id, "!r:example.org");
  EXPECT_EQ(event->sender, "@alice:example.org");
  EXPECT_EQ(event->type, "m.room.member");
  EXPECT_EQ(event->state_key, "@irc_libera_bob:example.org");
  EXPECT_EQ(event->origin_server_ts, 1700000000123);
  EXPECT_EQ(json::parse(event->content),
            json::parse(R"({"membership":"invite","displayname":"bob"})"));
  EXPECT_EQ(event->unsigned_data, R"({"age":1234})");
  EXPECT_EQ(event->membership, "invite");
}

TEST(ParseEventTest, MembershipHelpers) {
  absl::StatusOr<Event> event = ParseEvent(kMember);
  ASSERT_TRUE(event.ok());
  EXPECT_TRUE(event->IsState());
  EXPECT_TRUE(event->IsMembership());
  EXPECT_TRUE(event->HasMembership("invite"));
  EXPECT_FALSE(event->HasMembership("join"));
  EXPECT_EQ(event->MembershipTarget(), "@irc_libera_bob:example.org");

  absl::StatusOr<Event> message = ParseEvent(
      R"({"event_id":"$x","room_id":"!r:s","sender":"@a:s","type":"m.room.message",
          "content":{"membership":"join","body":"hi"}})");
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_FALSE(message->IsState());
  EXPECT_FALSE(message->IsMembership());
  EXPECT_FALSE(message->membership.has_value());
  EXPECT_FALSE(message->HasMembership("join"));
  EXPECT_FALSE(message->MembershipTarget().has_value());
  EXPECT_EQ(message->unsigned_data, "{}");
}

TEST(ParseEventTest, RedactsFromTopLevelOrContent) {
  absl::StatusOr<Event> old_style = ParseEvent(
      R"({"event_id":"$x","room_id":"!r:s","sender":"@a:s","type":"m.room.redaction",
          "redacts":"$old","content":{}})");
  ASSERT_TRUE(old_style.ok());
  EXPECT_EQ(old_style->redacts, "$old");
  absl::StatusOr<Event> v11 = ParseEvent(
      R"({"event_id":"$x","room_id":"!r:s","sender":"@a:s","type":"m.room.redaction",
          "content":{"redacts":"$new"}})");
  ASSERT_TRUE(v11.ok());
  EXPECT_EQ(v11->redacts, "$new");
}

TEST(ParseEventTest, RejectsMissingAndMistypedFieldsNamingThem) {
  auto message = [](std::string_view text) {
    return std::string(ParseEvent(text).status().message());
  };
  EXPECT_THAT(message("not json"), HasSubstr("not valid JSON"));
  EXPECT_THAT(message("[]"), HasSubstr("must be an object"));
  EXPECT_THAT(message(R"({"room_id":"!r","sender":"@a:s","type":"t","content":{}})"),
              HasSubstr("event.event_id: missing"));
  EXPECT_THAT(message(R"({"event_id":7,"room_id":"!r","sender":"@a:s","type":"t","content":{}})"),
              HasSubstr("event.event_id: must be a string, not number"));
  EXPECT_THAT(message(R"({"event_id":"","room_id":"!r","sender":"@a:s","type":"t","content":{}})"),
              HasSubstr("event.event_id: empty"));
  EXPECT_THAT(
      message(R"({"event_id":"e1","room_id":"!r","sender":"@a:s","type":"t","content":{}})"),
      HasSubstr("event.event_id: invalid event id"));
  EXPECT_THAT(
      message(R"({"event_id":"$a\n$b","room_id":"!r","sender":"@a:s","type":"t","content":{}})"),
      HasSubstr("control character"));
  EXPECT_THAT(message(R"({"event_id":"$e","sender":"@a:s","type":"t","content":{}})"),
              HasSubstr("event.room_id: missing"));
  EXPECT_THAT(message(R"({"event_id":"$e","room_id":"!r","type":"t","content":{}})"),
              HasSubstr("event.sender: missing"));
  EXPECT_THAT(message(R"({"event_id":"$e","room_id":"!r","sender":"@a:s","content":{}})"),
              HasSubstr("event.type: missing"));
  EXPECT_THAT(message(R"({"event_id":"$e","room_id":"!r","sender":"@a:s","type":"t"})"),
              HasSubstr("event.content: missing"));
  EXPECT_THAT(
      message(R"({"event_id":"$e","room_id":"!r","sender":"@a:s","type":"t","content":[]})"),
      HasSubstr("event.content: must be an object, not array"));
  EXPECT_THAT(message(R"({"event_id":"$e","room_id":"!r","sender":"@a:s","type":"t",
                          "content":{},"state_key":5})"),
              HasSubstr("event.state_key: must be a string"));
  EXPECT_THAT(message(R"({"event_id":"$e","room_id":"!r","sender":"@a:s","type":"t",
                          "content":{},"origin_server_ts":1.5})"),
              HasSubstr("event.origin_server_ts: must be an integer"));
  EXPECT_THAT(message(R"({"event_id":"$e","room_id":"!r","sender":"@a:s","type":"t",
                          "content":{},"origin_server_ts":18446744073709551615})"),
              HasSubstr("event.origin_server_ts: out of range"));
  EXPECT_THAT(message(R"({"event_id":"$e","room_id":"!r","sender":"@a:s","type":"t",
                          "content":{},"unsigned":"x"})"),
              HasSubstr("event.unsigned: must be an object"));
  EXPECT_THAT(message(std::string(100, '[') + std::string(100, ']')), HasSubstr("nested"));
}

TEST(EventTest, ToJsonRoundTrips) {
  absl::StatusOr<Event> event = ParseEvent(kMember);
  ASSERT_TRUE(event.ok());
  absl::StatusOr<Event> again = ParseEvent(event->ToJson());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, *event);
  const json stored = json::parse(event->ToJson());
  EXPECT_EQ(stored["unsigned"]["age"], 1234);
  EXPECT_EQ(stored["state_key"], "@irc_libera_bob:example.org");
}

TEST(EphemeralEventTest, ToJsonKeepsOnlyPresentFields) {
  EphemeralEvent typing{"m.typing", "!r:s", R"({"user_ids":["@a:s"]})", ""};
  EXPECT_EQ(json::parse(typing.ToJson()),
            json::parse(R"({"type":"m.typing","room_id":"!r:s","content":{"user_ids":["@a:s"]}})"));
  EphemeralEvent presence{"m.presence", "", R"({"presence":"online"})", "@a:s"};
  EXPECT_EQ(
      json::parse(presence.ToJson()),
      json::parse(R"({"type":"m.presence","sender":"@a:s","content":{"presence":"online"}})"));
}

}  // namespace
}  // namespace mxedge::matrix
