#include "dispatch_entry.hpp"

#include <string>
#include <vector>

#include "dispatch_event.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mxedge::appservice_router {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

redis::StreamEntry Raw(std::vector<redis::FieldValue> fields, std::string id = "7-1") {
  redis::StreamEntry entry;
  entry.id = std::move(id);
  entry.fields = std::move(fields);
  return entry;
}

TEST(DispatchEntryTest, RoundTripsPersistentAndEphemeralEntries) {
  DispatchEntry pdu;
  pdu.kind = EntryKind::kPersistent;
  pdu.event_json = R"({"event_id":"$e"})";
  pdu.txn_id = "42";
  pdu.received_unix_ms = 1700000000123;
  absl::StatusOr<DispatchEntry> parsed = ParseEntry(Raw(EncodeEntryFields(pdu)));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->stream_id, "7-1");
  EXPECT_EQ(parsed->kind, EntryKind::kPersistent);
  EXPECT_EQ(parsed->event_json, pdu.event_json);
  EXPECT_EQ(parsed->txn_id, "42");
  EXPECT_EQ(parsed->received_unix_ms, 1700000000123);
  EXPECT_TRUE(parsed->sinks.empty());

  DispatchEntry edu;
  edu.kind = EntryKind::kEphemeral;
  edu.event_json = R"({"type":"m.typing"})";
  edu.sinks = {"irc:libera", "micropub"};
  parsed = ParseEntry(Raw(EncodeEntryFields(edu)));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->kind, EntryKind::kEphemeral);
  EXPECT_THAT(parsed->sinks, ElementsAre("irc:libera", "micropub"));
}

TEST(DispatchEntryTest, ReadsTheIntakeFieldNames) {
  absl::StatusOr<DispatchEntry> parsed = ParseEntry(Raw({{"event", "{}"},
                                                         {"kind", "ephemeral"},
                                                         {"txn", "9"},
                                                         {"received_ms", "5"},
                                                         {"sinks", "micropub,,irc:oftc"},
                                                         {"extra", "x"}}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->sinks, ElementsAre("micropub", "irc:oftc"));
  EXPECT_EQ(DispatchStreamKey("mxedge:", 3), "mxedge:as:events:3");
}

TEST(DispatchEntryTest, RejectsMalformedEntriesNamingTheField) {
  struct Case {
    std::vector<redis::FieldValue> fields;
    std::string message;
  };
  std::vector<Case> cases = {
      {{{"event", "{}"}}, "missing field kind"},
      {{{"kind", "room"}}, "missing field event"},
      {{{"kind", "state"}, {"event", "{}"}}, "unknown kind"},
      {{{"kind", "room"}, {"event", "{}"}, {"received_ms", "soon"}}, "received_ms"},
      {{{"kind", "room"}, {"event", "{}"}, {"received_ms", "-4"}}, "received_ms"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<DispatchEntry> parsed = ParseEntry(Raw(c.fields));
    ASSERT_FALSE(parsed.ok()) << c.message;
    EXPECT_TRUE(absl::IsInvalidArgument(parsed.status()));
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.message));
    EXPECT_THAT(parsed.status().message(), HasSubstr("7-1"));
  }
  redis::StreamEntry deleted = Raw({});
  deleted.deleted = true;
  EXPECT_THAT(ParseEntry(deleted).status().message(), HasSubstr("deleted"));
}

DispatchEntry Persistent(std::string json) {
  DispatchEntry entry;
  entry.stream_id = "1-0";
  entry.kind = EntryKind::kPersistent;
  entry.event_json = std::move(json);
  return entry;
}

TEST(DispatchEventTest, ParsesAPersistentEvent) {
  absl::StatusOr<DispatchEvent> event = ParseDispatchEvent(
      Persistent(R"({"event_id":"$m","room_id":"!r:hs","sender":"@a:hs","type":"m.room.member",)"
                 R"("state_key":"@irc_libera_bob:hs","origin_server_ts":17,)"
                 R"("content":{"membership":"invite"},"unsigned":{"age":3}})"));
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->event_id(), "$m");
  EXPECT_EQ(event->room_id(), "!r:hs");
  EXPECT_EQ(event->sender(), "@a:hs");
  EXPECT_TRUE(event->pdu.has_state_key());
  EXPECT_EQ(event->pdu.state_key(), "@irc_libera_bob:hs");
  EXPECT_EQ(event->pdu.origin_server_ts(), 17);
  EXPECT_EQ(event->pdu.content_json(), R"({"membership":"invite"})");
  EXPECT_EQ(event->pdu.unsigned_json(), R"({"age":3})");
  EXPECT_EQ(event->membership, "invite");
}

TEST(DispatchEventTest, MessageEventHasNoStateKey) {
  absl::StatusOr<DispatchEvent> event = ParseDispatchEvent(Persistent(
      R"({"event_id":"$m","room_id":"!r:hs","sender":"@a:hs","type":"m.room.message"})"));
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_FALSE(event->pdu.has_state_key());
  EXPECT_EQ(event->pdu.content_json(), "{}");
}

TEST(DispatchEventTest, ParsesAnEphemeralEventWithOrWithoutRoom) {
  DispatchEntry entry;
  entry.kind = EntryKind::kEphemeral;
  entry.event_json = R"({"type":"m.typing","room_id":"!r:hs","content":{"user_ids":[]}})";
  absl::StatusOr<DispatchEvent> typing = ParseDispatchEvent(entry);
  ASSERT_TRUE(typing.ok()) << typing.status();
  EXPECT_EQ(typing->room_id(), "!r:hs");
  EXPECT_EQ(typing->type(), "m.typing");
  EXPECT_TRUE(typing->event_id().empty());
  entry.event_json = R"({"type":"m.presence","sender":"@a:hs","content":{}})";
  absl::StatusOr<DispatchEvent> presence = ParseDispatchEvent(entry);
  ASSERT_TRUE(presence.ok()) << presence.status();
  EXPECT_EQ(presence->room_id(), "");
  EXPECT_EQ(presence->sender(), "@a:hs");
}

TEST(DispatchEventTest, RejectsEveryMalformedClass) {
  std::vector<std::pair<std::string, std::string>> cases = {
      {"{not json", "not a JSON object"},
      {"[1,2]", "not a JSON object"},
      {R"({"room_id":"!r","sender":"@a","type":"t"})", "no event_id"},
      {R"({"event_id":"","room_id":"!r","sender":"@a","type":"t"})", "no event_id"},
      {R"({"event_id":"$e","sender":"@a","type":"t"})", "no room_id"},
      {R"({"event_id":"$e","room_id":"!r","type":"t"})", "no sender"},
      {R"({"event_id":"$e","room_id":"!r","sender":"@a"})", "no type"},
      {R"({"event_id":7,"room_id":"!r","sender":"@a","type":"t"})", "event_id is not a string"},
      {R"({"event_id":"$e","room_id":"!r","sender":"@a","type":"t","content":[]})",
       "content is not an object"},
      {R"({"event_id":"$e","room_id":"!r","sender":"@a","type":"t","state_key":1})",
       "state_key is not a string"},
  };
  for (const auto& [json, message] : cases) {
    absl::StatusOr<DispatchEvent> event = ParseDispatchEvent(Persistent(json));
    ASSERT_FALSE(event.ok()) << json;
    EXPECT_TRUE(absl::IsInvalidArgument(event.status())) << json;
    EXPECT_THAT(event.status().message(), HasSubstr(message)) << json;
  }
  DispatchEntry edu;
  edu.kind = EntryKind::kEphemeral;
  edu.event_json = R"({"content":{}})";
  EXPECT_THAT(ParseDispatchEvent(edu).status().message(), HasSubstr("no type"));
}

}  // namespace
}  // namespace mxedge::appservice_router
