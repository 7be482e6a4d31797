#include "bot_presence.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_puppets.hpp"
#include "in_memory_bridged_rooms.hpp"
#include "in_memory_channel_receivers.hpp"
#include "in_memory_puppet_nicks.hpp"
#include "mxedge/irc/parser.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "portal_directory.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using namespace std::chrono_literals;

constexpr char kBot[] = "@irc_net:hs";
const ConnectionKey kBotKey{"net", kBot};

class BotPresenceTest : public ::testing::Test {
 protected:
  explicit BotPresenceTest(bool leaves = true) {
    std::map<std::string, ChannelMapping, std::less<>> channels;
    channels.emplace("net", *ChannelMapping::Parse({"#chan=!r:hs", "#other=!o:hs"}));
    std::map<std::string, BotPresenceNetwork, std::less<>> networks;
    networks.emplace("net", BotPresenceNetwork{.bot_mxid = kBot, .leaves_when_puppets = leaves});
    presence_ = std::make_unique<BotPresence>(nicks_, puppets_, receivers_, "w1",
                                              std::move(channels), std::move(networks), 10s);
    EXPECT_TRUE(nicks_.Set("net", "alice{m}", "@alice:hs").ok());
    EXPECT_TRUE(nicks_.Set("net", "bob{m}", "@bob:hs").ok());
    EXPECT_TRUE(nicks_.Set("net", "irc_net", kBot).ok());  // the bot's own nick record
  }

  // Feeds `text` as the bot's connection (nick irc_net) saw it.
  void Feed(std::string_view text) {
    absl::StatusOr<irc::Message> message = irc::ParseMessage(text);
    ASSERT_TRUE(message.ok()) << message.status();
    absl::StatusOr<std::optional<MembershipEvent>> event = reader_.Read(*message);
    ASSERT_TRUE(event.ok()) << event.status();
    if (event->has_value()) {
      ASSERT_TRUE(presence_->Apply(kBotKey, "irc_net", **event, clock_.SteadyNow()).ok()) << text;
    }
  }

  void Names(std::string_view channel, std::string_view members) {
    Feed(common::Cat(":srv 353 irc_net = ", channel, " :", members));
    Feed(common::Cat(":srv 366 irc_net ", channel, " :End"));
  }

  testing::FakeClock clock_;
  InMemoryPuppetNicks nicks_;
  InMemoryChannelReceivers receivers_{clock_};
  FakePuppets puppets_;
  MembershipReader reader_;
  std::unique_ptr<BotPresence> presence_;
};

TEST_F(BotPresenceTest, OnlyTheBotOfANetworkWithTheOptionIsWatched) {
  EXPECT_TRUE(presence_->Applies(kBotKey));
  EXPECT_FALSE(presence_->Applies({"net", "@alice:hs"}));
  EXPECT_FALSE(presence_->Applies({"elsewhere", kBot}));
}

TEST_F(BotPresenceTest, PartsWhenAPuppetJoinsAndRejoinsAfterTheLastLeft) {
  Feed(":irc_net!b@h JOIN #chan");
  Names("#chan", "@irc_net carol");
  EXPECT_TRUE(puppets_.lines.empty());
  EXPECT_EQ(presence_->Inside("net", "#CHAN"), true);
  EXPECT_FALSE(presence_->NextDeadline().has_value());

  // The bot received the channel until now.
  ASSERT_TRUE(receivers_.TryAcquire("net", "#chan", Receiver{"w1", kBot}, 30s).value().acquired);
  Feed(":alice[m]!a@h JOIN #chan");
  EXPECT_THAT(puppets_.lines, ElementsAre("net @irc_net:hs PART #chan"));
  EXPECT_EQ(presence_->Inside("net", "#chan"), false);
  EXPECT_TRUE(receivers_.Current("net", "#chan").value().has_value());
  Feed(":irc_net!b@h PART #chan");  // our own PART coming back: the lease is given up
  EXPECT_FALSE(receivers_.Current("net", "#chan").value().has_value());
  ASSERT_TRUE(presence_->NextDeadline().has_value());
  EXPECT_EQ(*presence_->NextDeadline(), clock_.SteadyNow() + 10s);

  // Outside: NAMES every poll until alice is gone.
  ASSERT_TRUE(presence_->Tick(clock_.SteadyNow()).ok());
  EXPECT_EQ(puppets_.lines.size(), 1u);  // not due yet
  clock_.Advance(10s);
  ASSERT_TRUE(presence_->Tick(clock_.SteadyNow()).ok());
  EXPECT_EQ(puppets_.lines.back(), "net @irc_net:hs NAMES #chan");
  Names("#chan", "carol Alice[m]");
  EXPECT_EQ(puppets_.lines.size(), 2u);
  clock_.Advance(10s);
  ASSERT_TRUE(presence_->Tick(clock_.SteadyNow()).ok());
  Names("#chan", "carol");
  EXPECT_EQ(puppets_.lines.back(), "net @irc_net:hs JOIN #chan");
  EXPECT_EQ(presence_->Inside("net", "#chan"), true);
  EXPECT_FALSE(presence_->NextDeadline().has_value());
}

TEST_F(BotPresenceTest, APuppetInNamesMakesTheBotLeaveAndTheBotIsNoPuppet) {
  Feed(":irc_net!b@h JOIN #chan");
  Names("#chan", "irc_net @bob[m]");
  EXPECT_THAT(puppets_.lines, ElementsAre("net @irc_net:hs PART #chan"));
}

TEST_F(BotPresenceTest, AHiddenMemberListPinsTheBotInTheChannel) {
  Feed(":irc_net!b@h JOIN #chan");
  Names("#chan", "irc_net alice[m]");
  clock_.Advance(10s);
  ASSERT_TRUE(presence_->Tick(clock_.SteadyNow()).ok());
  Feed(":srv 366 irc_net #chan :End");  // +s: nobody listed to a non-member
  EXPECT_EQ(puppets_.lines.back(), "net @irc_net:hs JOIN #chan");
  Feed(":irc_net!b@h JOIN #chan");
  Names("#chan", "irc_net alice[m] bob[m]");
  EXPECT_EQ(puppets_.lines.size(), 3u);  // stays
}

TEST_F(BotPresenceTest, PollsOfManyChannelsShareOneLine) {
  Feed(":irc_net!b@h JOIN #chan");
  Names("#chan", "irc_net carol");
  Feed(":irc_net!b@h JOIN #other");
  Names("#other", "irc_net carol");
  Feed(":alice[m]!a@h JOIN #chan");
  Feed(":bob[m]!a@h JOIN #other");
  clock_.Advance(10s);
  ASSERT_TRUE(presence_->Tick(clock_.SteadyNow()).ok());
  EXPECT_EQ(puppets_.lines.back(), "net @irc_net:hs NAMES #chan,#other");
}

TEST_F(BotPresenceTest, AKickOfTheBotIsNoticedAndAClosedConnectionForgotten) {
  Feed(":irc_net!b@h JOIN #chan");
  Names("#chan", "irc_net carol");
  Feed(":carol!c@h KICK #chan irc_net :out");
  EXPECT_EQ(presence_->Inside("net", "#chan"), false);
  presence_->Reset(kBotKey);
  EXPECT_FALSE(presence_->Inside("net", "#chan").has_value());
  EXPECT_FALSE(presence_->NextDeadline().has_value());
}

TEST_F(BotPresenceTest, UnmappedChannelsAreNotTracked) {
  Feed(":irc_net!b@h JOIN #elsewhere");
  Names("#elsewhere", "irc_net alice[m]");
  EXPECT_TRUE(puppets_.lines.empty());
  EXPECT_FALSE(presence_->Inside("net", "#elsewhere").has_value());
}

// Portal and plumbed channels (recorded as portals) are mapped through the store, as the worker
// attaches its PortalDirectory to the static mappings.
TEST(BotPresencePortalTest, PortalAndPlumbedChannelsAreTrackedLikeStaticOnes) {
  testing::FakeClock clock;
  InMemoryPuppetNicks nicks;
  InMemoryChannelReceivers receivers{clock};
  FakePuppets puppets;
  InMemoryBridgedRooms rooms;
  ASSERT_TRUE(rooms.AddPortal("net", "#portal", "!p:hs").ok());
  ASSERT_TRUE(nicks.Set("net", "alice{m}", "@alice:hs").ok());
  ChannelMapping mapping = *ChannelMapping::Parse({"#chan=!r:hs"});
  mapping.SetPortals("net", std::make_shared<PortalDirectory>(rooms));
  std::map<std::string, ChannelMapping, std::less<>> channels;
  channels.emplace("net", std::move(mapping));
  std::map<std::string, BotPresenceNetwork, std::less<>> networks;
  networks.emplace("net", BotPresenceNetwork{.bot_mxid = kBot, .leaves_when_puppets = true});
  BotPresence presence(nicks, puppets, receivers, "w1", std::move(channels), std::move(networks),
                       10s);
  MembershipReader reader;
  for (std::string_view text : {":irc_net!b@h JOIN #Portal", ":srv 353 irc_net = #Portal :irc_net",
                                ":srv 366 irc_net #Portal :End", ":alice[m]!a@h JOIN #Portal"}) {
    absl::StatusOr<std::optional<MembershipEvent>> event =
        reader.Read(irc::ParseMessage(text).value());
    ASSERT_TRUE(event.ok()) << event.status();
    if (event->has_value()) {
      ASSERT_TRUE(presence.Apply(kBotKey, "irc_net", **event, clock.SteadyNow()).ok()) << text;
    }
  }
  EXPECT_THAT(puppets.lines, ElementsAre("net @irc_net:hs PART #Portal"));
  EXPECT_EQ(presence.Inside("net", "#portal"), false);
}

class BotPresenceOffTest : public BotPresenceTest {
 protected:
  BotPresenceOffTest() : BotPresenceTest(false) {}
};

TEST_F(BotPresenceOffTest, WithoutTheOptionNothingIsWatchedOrSent) {
  EXPECT_FALSE(presence_->Applies(kBotKey));
  Feed(":irc_net!b@h JOIN #chan");
  Names("#chan", "irc_net alice[m]");
  EXPECT_TRUE(puppets_.lines.empty());
}

}  // namespace
}  // namespace mxedge::irc_worker
