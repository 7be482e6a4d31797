#include "puppet_nick_observer.hpp"

#include <gtest/gtest.h>

#include "fake_puppets.hpp"
#include "in_memory_puppet_nick_records.hpp"
#include "mxedge/irc/parser.hpp"
#include "nick_template.hpp"

namespace mxedge::irc_worker {
namespace {

const ConnectionKey kKey{"libera", "@alice:hs.test"};

class CountingObserver final : public ConnectionObserver {
 public:
  void OnRegistered(std::string_view) override { ++calls; }
  void OnNickChanged(std::string_view, std::string_view) override { ++calls; }
  void OnSaslResult(bool, std::string_view) override { ++calls; }
  void OnLine(const irc::Message&) override { ++calls; }
  void OnEcho(const irc::Message&) override { ++calls; }
  void OnClosed(const CloseInfo&) override { ++calls; }
  int calls = 0;
};

irc::Message Line(std::string_view text) { return *irc::ParseMessage(text); }

void RunQueued(WorkQueue& queue) {
  for (std::function<void()>& fn : queue.Take(std::chrono::steady_clock::time_point::min())) {
    fn();
  }
}

class PuppetNickObserverTest : public ::testing::Test {
 protected:
  PuppetNickObserverTest() : sync_(records_, puppets_, Namers()) {
    inner_ = std::make_shared<CountingObserver>();
    observer_ = std::make_unique<PuppetNickObserver>(kKey, inner_, queue_, sync_);
  }
  static std::map<std::string, bridge::PuppetNamer, std::less<>> Namers() {
    std::map<std::string, bridge::PuppetNamer, std::less<>> namers;
    namers.emplace("libera", *ParseNickTemplate("$DISPLAY[m]"));
    return namers;
  }

  InMemoryPuppetNickRecords records_;
  FakePuppets puppets_;
  PuppetNickSync sync_;
  WorkQueue queue_;
  std::shared_ptr<CountingObserver> inner_;
  std::unique_ptr<PuppetNickObserver> observer_;
};

TEST_F(PuppetNickObserverTest, EndOfMotdAfterIsupportCorrectsTheNickOnce) {
  ASSERT_TRUE(records_.SetDisplayName("@alice:hs.test", "Alice Liddell").ok());
  EXPECT_EQ(sync_.NickForConnect(kKey), "Alice_Liddell[m]");
  observer_->OnRegistered("Alice_Lid");
  puppets_.statuses["libera @alice:hs.test"] = {.nick = "Alice_Lid", .registered = true};
  observer_->OnLine(Line(":srv 005 Alice_Lid CHANTYPES=# NICKLEN=9 :are supported"));
  observer_->OnLine(Line(":srv 376 Alice_Lid :End of MOTD"));
  RunQueued(queue_);
  ASSERT_EQ(puppets_.lines.size(), 1u);
  EXPECT_EQ(puppets_.lines[0], "libera @alice:hs.test NICK Alice_[m]");
  // A MOTD asked for later is not the end of registration.
  observer_->OnLine(Line(":srv 422 Alice_Lid :MOTD File is missing"));
  RunQueued(queue_);
  EXPECT_EQ(puppets_.lines.size(), 1u);
  EXPECT_EQ(inner_->calls, 4);  // every event passed on
}

TEST_F(PuppetNickObserverTest, WithoutAnAdvertisedNickLenTheAskedNickStays) {
  ASSERT_TRUE(records_.SetDisplayName("@alice:hs.test", "Alice Liddell").ok());
  sync_.NickForConnect(kKey);
  observer_->OnRegistered("Alice_Liddell[m]");
  puppets_.statuses["libera @alice:hs.test"] = {.nick = "Alice_Liddell[m]", .registered = true};
  observer_->OnLine(Line(":srv 005 Alice_Liddell[m] CHANTYPES=# :are supported"));
  observer_->OnLine(Line(":srv 422 Alice_Liddell[m] :MOTD File is missing"));
  RunQueued(queue_);
  EXPECT_TRUE(puppets_.lines.empty());
}

TEST_F(PuppetNickObserverTest, ConfirmedNickChangeReachesTheSync) {
  sync_.NickForConnect(kKey);
  sync_.NickRequested(kKey, "rabbit");
  observer_->OnNickChanged("alice[m]", "rabbit");
  EXPECT_FALSE(records_.ChosenNick("libera", "@alice:hs.test")->has_value());  // queued
  RunQueued(queue_);
  EXPECT_EQ(records_.ChosenNick("libera", "@alice:hs.test")->value_or(""), "rabbit");
  EXPECT_EQ(inner_->calls, 1);
}

}  // namespace
}  // namespace mxedge::irc_worker
