// SinkSelector rules against a real redis-server.
#include "dispatch_sink_selector.hpp"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::appservice_router {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class PrefixUsers final : public UserSinkLookup {
 public:
  std::optional<SinkTarget> SinkOfUser(std::string_view user_id) const override {
    if (user_id.starts_with("@irc_oftc_")) {
      return SinkTarget::Irc("oftc");
    }
    if (user_id == "@micropub:hs") {
      return SinkTarget::Micropub();
    }
    return std::nullopt;
  }
};

DispatchEvent Pdu(std::string room, std::string sender, std::string type = "m.room.message",
                  std::optional<std::string> state_key = std::nullopt) {
  DispatchEvent event;
  event.entry.kind = EntryKind::kPersistent;
  event.pdu.set_event_id("$e");
  event.pdu.set_room_id(std::move(room));
  event.pdu.set_sender(std::move(sender));
  event.pdu.set_type(std::move(type));
  if (state_key) {
    event.pdu.set_state_key(*state_key);
  }
  return event;
}

DispatchEvent Edu(std::string room, std::vector<std::string> sinks) {
  DispatchEvent event;
  event.entry.kind = EntryKind::kEphemeral;
  event.entry.sinks = std::move(sinks);
  event.edu.set_type("m.typing");
  event.edu.set_room_id(std::move(room));
  return event;
}

class SinkSelectorIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = mxedge::testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    redis_ = *std::move(server);
    redis::HiredisOptions options;
    options.url = redis_->url();
    auto client = redis::HiredisClient::Create(options);
    ASSERT_TRUE(client.ok());
    client_ = *std::move(client);
    selector_ = std::make_unique<SinkSelector>(*client_, users_, "mxedge:");
    ASSERT_TRUE(redis::HSet(*client_, "mxedge:irc:room:!portal:hs", "network", "libera").ok());
    ASSERT_TRUE(redis::Set(*client_, "mxedge:mp:room:!dm:hs", "@alice:hs").ok());
    ASSERT_TRUE(redis::Set(*client_, "mxedge:irc:room:!odd:hs", "not a hash").ok());
    ASSERT_TRUE(redis::HSet(*client_, "mxedge:irc:room:!invited:hs", "network", "oftc").ok());
    ASSERT_TRUE(redis::HSet(*client_, "mxedge:irc:room:!invited:hs", "kind", "invited").ok());
  }

  std::vector<std::string> Names(const DispatchEvent& event) {
    absl::StatusOr<std::vector<SinkTarget>> sinks = selector_->Select(event);
    EXPECT_TRUE(sinks.ok()) << sinks.status();
    std::vector<std::string> names;
    for (const SinkTarget& sink : sinks.value_or(std::vector<SinkTarget>{})) {
      names.push_back(sink.name);
    }
    return names;
  }

  std::unique_ptr<mxedge::testing::RedisServer> redis_;
  std::unique_ptr<redis::HiredisClient> client_;
  PrefixUsers users_;
  std::unique_ptr<SinkSelector> selector_;
};

TEST_F(SinkSelectorIntegrationTest, RoomMappingsSelectSinks) {
  EXPECT_THAT(Names(Pdu("!portal:hs", "@alice:hs")), ElementsAre("irc:libera"));
  EXPECT_THAT(Names(Pdu("!dm:hs", "@alice:hs")), ElementsAre("micropub"));
  EXPECT_THAT(Names(Pdu("!other:hs", "@alice:hs")), IsEmpty());
  EXPECT_THAT(Names(Pdu("!odd:hs", "@alice:hs")), IsEmpty()) << "a room key of another type";
}

TEST_F(SinkSelectorIntegrationTest, InvolvedNamespaceUsersSelectTheirSink) {
  EXPECT_THAT(Names(Pdu("!other:hs", "@alice:hs", "m.room.member", "@irc_oftc_bob:hs")),
              ElementsAre("irc:oftc"))
      << "invite of a ghost";
  EXPECT_THAT(Names(Pdu("!other:hs", "@alice:hs", "m.room.member", "@micropub:hs")),
              ElementsAre("micropub"));
  EXPECT_THAT(Names(Pdu("!dm:hs", "@irc_oftc_bob:hs")), ElementsAre("irc:oftc", "micropub"))
      << "IRC first, no duplicates";
  EXPECT_THAT(Names(Pdu("!other:hs", "@alice:hs", "m.room.topic", "@irc_oftc_bob:hs")), IsEmpty())
      << "a state_key matters only for membership";
}

DispatchEvent Text(std::string room, std::string sender, std::string body) {
  DispatchEvent event = Pdu(std::move(room), std::move(sender));
  event.pdu.set_content_json(nlohmann::json({{"msgtype", "m.text"}, {"body", body}}).dump());
  return event;
}

// A room the bridge bot was invited into sends its network only the commands that plumb it.
TEST_F(SinkSelectorIntegrationTest, AnInvitedRoomSendsOnlyItsCommands) {
  EXPECT_THAT(Names(Text("!invited:hs", "@alice:hs", "!plumb #chan")), ElementsAre("irc:oftc"));
  EXPECT_THAT(Names(Text("!invited:hs", "@alice:hs", "  !UNLINK")), ElementsAre("irc:oftc"));
  EXPECT_THAT(Names(Text("!invited:hs", "@alice:hs", "!plumb")), ElementsAre("irc:oftc"))
      << "answered with the usage";
  EXPECT_THAT(Names(Text("!invited:hs", "@alice:hs", "hello")), IsEmpty());
  EXPECT_THAT(Names(Text("!invited:hs", "@alice:hs", "!plumbing")), IsEmpty());
  EXPECT_THAT(Names(Pdu("!invited:hs", "@alice:hs", "m.room.topic", "")), IsEmpty());
  EXPECT_THAT(Names(Pdu("!invited:hs", "@alice:hs", "m.room.member", "@irc_oftc_bob:hs")),
              ElementsAre("irc:oftc"))
      << "the network's users still concern it";
  // Once plumbed it is a portal: everything goes.
  ASSERT_TRUE(redis::HSet(*client_, "mxedge:irc:room:!invited:hs", "kind", "portal").ok());
  EXPECT_THAT(Names(Text("!invited:hs", "@alice:hs", "hello")), ElementsAre("irc:oftc"));
}

TEST_F(SinkSelectorIntegrationTest, EphemeralOnlyToSubscribedConcernedSinks) {
  EXPECT_THAT(Names(Edu("!portal:hs", {"irc:libera", "micropub"})), ElementsAre("irc:libera"));
  EXPECT_THAT(Names(Edu("!portal:hs", {"micropub"})), IsEmpty()) << "dropped";
  EXPECT_THAT(Names(Edu("", {"micropub", "irc:oftc", "bogus"})),
              ElementsAre("irc:oftc", "micropub"))
      << "presence goes to every subscribed sink";
}

TEST_F(SinkSelectorIntegrationTest, RedisDownIsAnError) {
  ASSERT_TRUE(redis_->Stop().ok());
  absl::StatusOr<std::vector<SinkTarget>> sinks = selector_->Select(Pdu("!portal:hs", "@a:hs"));
  ASSERT_FALSE(sinks.ok());
  EXPECT_TRUE(absl::IsUnavailable(sinks.status()) || absl::IsDeadlineExceeded(sinks.status()))
      << sinks.status();
}

}  // namespace
}  // namespace mxedge::appservice_router
