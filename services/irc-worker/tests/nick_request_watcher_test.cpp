#include "nick_request_watcher.hpp"

#include <gtest/gtest.h>

#include "fake_puppets.hpp"
#include "in_memory_puppet_nick_records.hpp"
#include "nick_template.hpp"

namespace mxedge::irc_worker {
namespace {

const ConnectionKey kKey{"libera", "@alice:hs.test"};

TEST(NickRequestWatcherTest, UsersNickLinesBecomeRequests) {
  InMemoryPuppetNickRecords records;
  FakePuppets puppets;
  std::map<std::string, bridge::PuppetNamer, std::less<>> namers;
  namers.emplace("libera", *ParseNickTemplate("$DISPLAY[m]"));
  PuppetNickSync sync(records, puppets, std::move(namers));
  sync.NickForConnect(kKey);
  NickRequestWatcher watcher(puppets, sync);

  ASSERT_TRUE(watcher.SendLine("libera", "@alice:hs.test", "PRIVMSG #a :NICK x").ok());
  ASSERT_TRUE(watcher.SendLine("libera", "@alice:hs.test", "nick :rabbit").ok());
  EXPECT_EQ(puppets.lines.size(), 2u);  // passed on unchanged
  EXPECT_EQ(puppets.lines[1], "libera @alice:hs.test nick :rabbit");
  sync.OnNickChanged(kKey, "x");
  EXPECT_FALSE(records.ChosenNick("libera", "@alice:hs.test")->has_value());
  sync.OnNickChanged(kKey, "rabbit");
  EXPECT_EQ(records.ChosenNick("libera", "@alice:hs.test")->value_or(""), "rabbit");

  puppets.statuses["libera @alice:hs.test"] = {.nick = "rabbit", .registered = true};
  EXPECT_EQ(watcher.Status("libera", "@alice:hs.test")->nick, "rabbit");
  ASSERT_TRUE(watcher.Reconnect("libera", "@alice:hs.test").ok());
  ASSERT_TRUE(watcher.Quit("libera", "@alice:hs.test").ok());
  EXPECT_EQ(puppets.actions, (std::vector<std::string>{"reconnect libera @alice:hs.test",
                                                       "quit libera @alice:hs.test"}));
  EXPECT_EQ(*watcher.Prepare("libera", "@alice:hs.test"), PuppetReadiness::kReady);
}

}  // namespace
}  // namespace mxedge::irc_worker
