#include "scenario_test.hpp"

#include "absl/strings/str_cat.h"

namespace mxedge::irc_bridge_e2e {

void ScenarioTest::StartStack(BridgeStackOptions options, std::string_view nick) {
  absl::StatusOr<std::unique_ptr<BridgeStack>> stack = BridgeStack::Start(std::move(options));
  ASSERT_TRUE(stack.ok()) << stack.status();
  stack_ = std::move(*stack);
  absl::StatusOr<testing::IrcTestClient> client =
      testing::IrcTestClient::Connect(stack_->ircd().port(), std::chrono::seconds(5));
  ASSERT_TRUE(client.ok()) << client.status();
  watcher_.emplace(std::move(*client));
  ASSERT_TRUE(watcher_->Register(nick, std::chrono::seconds(10)).ok());
  ASSERT_TRUE(watcher_->Send(absl::StrCat("JOIN ", kChannel)).ok());
  ASSERT_TRUE(watcher_->ReadUntilCommand("366", std::chrono::seconds(10)).ok());
}

std::string ScenarioTest::AwaitLine(const std::function<bool(std::string_view)>& want,
                                    const std::string& poke) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  auto next_poke = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() < deadline) {
    if (!poke.empty() && std::chrono::steady_clock::now() >= next_poke) {
      (void)watcher_->Send(poke);
      next_poke = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    }
    absl::StatusOr<std::string> line = watcher_->ReadLine(std::chrono::milliseconds(200));
    if (line.ok() && want(*line)) {
      return *line;
    }
  }
  return "";
}

std::string ScenarioTest::AwaitLineFromAlice(const std::function<bool(std::string_view)>& want) {
  const std::string prefix = absl::StrCat(":", kAliceNick, "!");
  return AwaitLine([&](std::string_view line) { return line.starts_with(prefix) && want(line); });
}

bool ScenarioTest::Eventually(const std::function<bool()>& check) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    if (check()) {
      return true;
    }
    (void)watcher_->ReadLine(std::chrono::milliseconds(200));
  }
  return check();
}

std::optional<GhostSend> ScenarioTest::AwaitGhostSend(
    const std::function<bool(const GhostSend&)>& want) {
  std::optional<GhostSend> found;
  Eventually([&] {
    for (const GhostSend& send : stack_->GhostSends()) {
      if (want(send)) {
        found = send;
        return true;
      }
    }
    return false;
  });
  return found;
}

void ScenarioTest::AliceJoins() {
  stack_->PushJoin(kAlice);
  ASSERT_FALSE(
      AwaitLineFromAlice([](std::string_view line) { return Has(line, " JOIN "); }).empty())
      << stack_->Logs();
}

void ScenarioTest::SayIn(const std::string& room, const std::string& sender,
                         const std::string& body) {
  stack_->Push({{"sender", sender},
                {"room_id", room},
                {"type", "m.room.message"},
                {"content", {{"msgtype", "m.text"}, {"body", body}}}});
}

bool ScenarioTest::AwaitNotice(std::string_view text) {
  return AwaitGhostSend([text](const GhostSend& send) {
           return send.user_id == kBot && send.content.value("msgtype", "") == "m.notice" &&
                  Has(send.content.value("body", ""), text);
         })
      .has_value();
}

std::string ScenarioTest::Sent() const {
  std::string sent;
  for (const GhostSend& send : stack_->GhostSends()) {
    absl::StrAppend(&sent, send.user_id, " ", send.content.dump(), "\n");
  }
  return absl::StrCat(sent, stack_->Logs());
}

}  // namespace mxedge::irc_bridge_e2e
