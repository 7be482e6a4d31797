#include "bot_presence_observer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_puppets.hpp"
#include "in_memory_channel_receivers.hpp"
#include "in_memory_puppet_nicks.hpp"
#include "mxedge/irc/parser.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "recording_observer.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using namespace std::chrono_literals;

constexpr char kBot[] = "@irc_net:hs";

class BotPresenceObserverTest : public ::testing::Test {
 protected:
  BotPresenceObserverTest() {
    std::map<std::string, ChannelMapping, std::less<>> channels;
    channels.emplace("net", *ChannelMapping::Parse({"#chan=!r:hs"}));
    std::map<std::string, BotPresenceNetwork, std::less<>> networks;
    networks.emplace("net", BotPresenceNetwork{.bot_mxid = kBot, .leaves_when_puppets = true});
    presence_ = std::make_unique<BotPresence>(nicks_, puppets_, receivers_, "w1",
                                              std::move(channels), std::move(networks), 10s);
    EXPECT_TRUE(nicks_.Set("net", "alice{m}", "@alice:hs").ok());
    observer_ = std::make_unique<BotPresenceObserver>(ConnectionKey{"net", kBot}, inner_, queue_,
                                                      *presence_);
    observer_->OnRegistered("irc_net");
  }

  // Feeds `text` to the observer, then runs what it posted.
  void Line(std::string_view text) {
    absl::StatusOr<irc::Message> message = irc::ParseMessage(text);
    ASSERT_TRUE(message.ok()) << message.status();
    observer_->OnLine(*message);
    for (std::function<void()>& work : queue_.Take(std::chrono::steady_clock::now())) {
      work();
    }
  }

  std::vector<std::string> Forwarded() const {
    std::vector<std::string> commands;
    for (const irc::Message& message : inner_->lines()) {
      commands.push_back(message.command);
    }
    return commands;
  }

  testing::FakeClock clock_;
  InMemoryPuppetNicks nicks_;
  InMemoryChannelReceivers receivers_{clock_};
  FakePuppets puppets_;
  WorkQueue queue_;
  std::shared_ptr<RecordingObserver> inner_ = std::make_shared<RecordingObserver>();
  std::unique_ptr<BotPresence> presence_;
  std::unique_ptr<BotPresenceObserver> observer_;
};

TEST_F(BotPresenceObserverTest, NamesFromOutsideStayWithThePresenceEverythingElseGoesOn) {
  Line(":irc_net!b@h JOIN #chan");
  Line(":srv 353 irc_net = #chan :irc_net carol");
  Line(":srv 366 irc_net #chan :End");
  Line(":alice[m]!a@h JOIN #chan");
  EXPECT_THAT(puppets_.lines, ElementsAre("net @irc_net:hs PART #chan"));
  Line(":irc_net!b@h PART #chan");
  // The bot's poll is answered: alice is still there; nothing of it reaches the inner observers.
  Line(":srv 353 irc_net = #chan :carol alice[m]");
  Line(":srv 366 irc_net #chan :End");
  Line(":carol!c@h PRIVMSG irc_net :hello");
  EXPECT_THAT(Forwarded(), ElementsAre("JOIN", "353", "366", "JOIN", "PART", "PRIVMSG"));
  EXPECT_EQ(puppets_.lines.size(), 1u);
  // Another channel's NAMES is not the bot's poll.
  Line(":srv 366 irc_net #elsewhere :End");
  EXPECT_EQ(Forwarded().back(), "366");
}

TEST_F(BotPresenceObserverTest, AClosedConnectionForgetsTheChannels) {
  Line(":irc_net!b@h JOIN #chan");
  Line(":srv 366 irc_net #chan :End");
  EXPECT_EQ(presence_->Inside("net", "#chan"), true);
  observer_->OnClosed(CloseInfo{});
  for (std::function<void()>& work : queue_.Take(std::chrono::steady_clock::now())) {
    work();
  }
  EXPECT_FALSE(presence_->Inside("net", "#chan").has_value());
  EXPECT_THAT(inner_->events(), ElementsAre("registered irc_net", ::testing::StartsWith("closed")));
}

}  // namespace
}  // namespace mxedge::irc_worker
