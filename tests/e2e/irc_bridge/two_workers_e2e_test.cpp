// Two workers, a user's puppet on one and the channel's receiver on the other: the worker holding
// the puppet is not the one whose connection (the bridge bot's) mirrors the channel into the
// room, yet it knows who is in the channel and that the puppet is op (from what the puppet's own
// connection saw), so the user's Matrix kick of a ghost and power level for a ghost reach IRC as
// a KICK and a MODE from the puppet.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mxedge/redis/reply.hpp"
#include "mxedge/testing/ngircd.hpp"
#include "scenario_test.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

using nlohmann::json;

constexpr char kVictim[] = "victim";
constexpr char kVictimGhost[] = "@irc_libera_victim:localhost";

class TwoWorkersE2eTest : public ScenarioTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StartStack({}, "oper"));
    ASSERT_EQ(stack_->worker_count(), 2);
    ASSERT_TRUE(watcher_
                    ->Send(absl::StrCat("OPER ", testing::kNgircdOperName, " ",
                                        testing::kNgircdOperPassword))
                    .ok());
    ASSERT_TRUE(watcher_->ReadUntilCommand("381", std::chrono::seconds(10)).ok());
    ASSERT_TRUE(watcher_->Send(absl::StrCat("MODE ", kChannel, " +o oper")).ok());
    absl::StatusOr<testing::IrcTestClient> victim =
        testing::IrcTestClient::Connect(stack_->ircd().port(), std::chrono::seconds(5));
    ASSERT_TRUE(victim.ok()) << victim.status();
    victim_.emplace(std::move(*victim));
    ASSERT_TRUE(victim_->Register(kVictim, std::chrono::seconds(10)).ok());
    ASSERT_TRUE(victim_->Send(absl::StrCat("JOIN ", kChannel)).ok());
    ASSERT_TRUE(victim_->ReadUntilCommand("366", std::chrono::seconds(10)).ok());

    // Which worker holds the bot's connection depends on which registered first; which holds a
    // user's is the rendezvous hash's choice among both. Four users join, and the scenario acts as
    // one held by the worker that does not hold the bot's connection, which receives the channel
    // (it was there first).
    const std::vector<std::string> users = {"alice", "bob", "carol", "dave"};
    for (const std::string& user : users) {
      stack_->PushJoin(absl::StrCat("@", user, ":localhost"));
    }
    std::optional<int> bot_owner;
    ASSERT_TRUE(Eventually([&] {
      bot_owner = stack_->OwnerOf(kBot);
      for (const std::string& user : users) {
        if (!stack_->OwnerOf(absl::StrCat("@", user, ":localhost")).has_value()) {
          return false;
        }
      }
      return bot_owner.has_value();
    })) << stack_->Logs();
    for (const std::string& user : users) {
      if (stack_->OwnerOf(absl::StrCat("@", user, ":localhost")) != bot_owner) {
        user_ = absl::StrCat("@", user, ":localhost");
        nick_ = absl::StrCat(user, "[m]");
        break;
      }
    }
    ASSERT_FALSE(user_.empty()) << "every user is on the bot's worker";
    ASSERT_TRUE(Eventually([&] {
      return stack_->homeserver().JoinedMembers(stack_->room_id()).contains(kVictimGhost);
    })) << stack_->Logs();
    // oper makes the user's puppet a channel operator.
    const std::string op = absl::StrCat("MODE ", kChannel, " +o ", nick_);
    ASSERT_TRUE(watcher_->Send(op).ok());
    ASSERT_FALSE(AwaitLine([&](std::string_view line) { return Has(line, op); }).empty())
        << stack_->Logs();
    // The channel's receiver lease ("<worker id>:<mxid>") is held on the other worker.
    const std::string user_worker = absl::StrCat(BridgeStack::WorkerId(*OwnerOfUser()), ":");
    const std::vector<std::string> receiver = {
        "GET", absl::StrCat("mxedge:irc:recv:", kNetwork, ":", kChannel)};
    ASSERT_TRUE(Eventually([&] {
      absl::StatusOr<redis::Reply> holder = stack_->redis().Execute(receiver);
      return holder.ok() && holder->IsString() && !holder->str().starts_with(user_worker);
    })) << stack_->Logs();
  }

  std::optional<int> OwnerOfUser() { return stack_->OwnerOf(user_); }

  // The first line from the user's puppet containing `part`, or "".
  std::string AwaitFromUser(const std::string& part) {
    const std::string prefix = absl::StrCat(":", nick_, "!");
    return AwaitLine(
        [&](std::string_view line) { return line.starts_with(prefix) && Has(line, part); });
  }

  std::optional<testing::IrcTestClient> victim_;
  std::string user_;  // held by the worker that does not receive the channel
  std::string nick_;
};

TEST_F(TwoWorkersE2eTest, PowerLevelsAndAKickFromTheWorkerThatDoesNotReceiveTheChannel) {
  // The user gives the victim's ghost moderator power: their puppet sets +o.
  const json before = {{"users", {{user_, 100}}}};
  stack_->Push({{"sender", user_},
                {"type", "m.room.power_levels"},
                {"state_key", ""},
                {"content", {{"users", {{user_, 100}, {kVictimGhost, 50}}}}},
                {"unsigned", {{"prev_content", before}}}});
  EXPECT_FALSE(AwaitFromUser(absl::StrCat(" MODE ", kChannel, " +o ", kVictim)).empty())
      << stack_->Logs();

  // The user kicks the victim's ghost: their puppet kicks the victim.
  stack_->Push({{"sender", user_},
                {"type", "m.room.member"},
                {"state_key", kVictimGhost},
                {"content", {{"membership", "leave"}, {"reason", "spam"}}}});
  EXPECT_THAT(AwaitFromUser(absl::StrCat(" KICK ", kChannel, " ", kVictim)),
              ::testing::HasSubstr(absl::StrCat("by ", user_, ": spam")))
      << stack_->Logs();
}

}  // namespace
}  // namespace mxedge::irc_bridge_e2e
