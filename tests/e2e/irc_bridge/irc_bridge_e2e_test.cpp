// Messages through the whole suite: a Matrix user's formatted message, an emote, a five-line
// message (uploaded, previewed) and an edit reach the channel as IRC users expect them; an IRC
// user's formatted line naming the puppet reaches the room with formatted_body and a mention.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "bridge_stack.hpp"
#include "mxedge/testing/irc_test_client.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr char kAlice[] = "@alice:localhost";
constexpr char kAliceNick[] = "alice[m]";
constexpr std::chrono::seconds kDeadline{30};

class IrcBridgeE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<BridgeStack>> stack = BridgeStack::Start();
    ASSERT_TRUE(stack.ok()) << stack.status();
    stack_ = std::move(*stack);
    absl::StatusOr<testing::IrcTestClient> client =
        testing::IrcTestClient::Connect(stack_->ircd().port(), std::chrono::seconds(5));
    ASSERT_TRUE(client.ok()) << client.status();
    watcher_.emplace(std::move(*client));
    ASSERT_TRUE(watcher_->Register("watcher", std::chrono::seconds(10)).ok());
    ASSERT_TRUE(watcher_->Send(absl::StrCat("JOIN ", kChannel)).ok());
    ASSERT_TRUE(watcher_->ReadUntilCommand("366", std::chrono::seconds(10)).ok());
  }

  // Reads the watcher's lines until a PRIVMSG/NOTICE to the channel from alice's puppet matches
  // `want` (given the part after " :"); returns that text, or "" at the deadline.
  std::string AwaitFromAlice(const std::function<bool(std::string_view)>& want) {
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (std::chrono::steady_clock::now() < deadline) {
      absl::StatusOr<std::string> line = watcher_->ReadLine(std::chrono::milliseconds(500));
      if (!line.ok()) {
        continue;
      }
      if (!absl::StartsWith(*line, absl::StrCat(":", kAliceNick, "!"))) {
        continue;
      }
      const std::size_t text_at = line->find(" :");
      if (text_at == std::string::npos) {
        continue;
      }
      const std::string text = line->substr(text_at + 2);
      if (want(text)) {
        return absl::StrCat(line->find(" NOTICE ") != std::string::npos ? "NOTICE " : "", text);
      }
    }
    return "";
  }
  std::string AwaitText(std::string_view text) {
    return AwaitFromAlice([text](std::string_view got) { return got == text; });
  }

  // Waits until the homeserver received a ghost message satisfying `want`.
  std::optional<GhostSend> AwaitGhostSend(const std::function<bool(const GhostSend&)>& want) {
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (std::chrono::steady_clock::now() < deadline) {
      for (const GhostSend& send : stack_->GhostSends()) {
        if (want(send)) {
          return send;
        }
      }
      (void)watcher_->ReadLine(std::chrono::milliseconds(200));  // keeps PING answered
    }
    return std::nullopt;
  }

  // What the ghosts sent, for failure messages.
  std::string Sent() const {
    std::string sent;
    for (const GhostSend& send : stack_->GhostSends()) {
      absl::StrAppend(&sent, send.user_id, " ", send.content.dump(), "\n");
    }
    return absl::StrCat(sent, stack_->Logs());
  }

  std::unique_ptr<BridgeStack> stack_;
  std::optional<testing::IrcTestClient> watcher_;
};

TEST_F(IrcBridgeE2eTest, MessagesLookRightOnBothSides) {
  // Alice joins the room: her puppet connects and joins the channel; her message follows.
  stack_->PushJoin(kAlice);
  stack_->PushMessage(kAlice, {{"msgtype", "m.text"}, {"body", "hello"}});
  ASSERT_EQ(AwaitText("hello"), "hello") << stack_->Logs();

  // Matrix → IRC: formatting, an emote, a notice.
  stack_->PushMessage(kAlice, {{"msgtype", "m.text"},
                               {"body", "a bold move"},
                               {"format", "org.matrix.custom.html"},
                               {"formatted_body", "a <b>bold</b> move"}});
  EXPECT_EQ(AwaitText("a \x02"
                      "bold\x02 move"),
            "a \x02"
            "bold\x02 move")
      << stack_->Logs();
  stack_->PushMessage(kAlice, {{"msgtype", "m.emote"}, {"body", "waves"}});
  EXPECT_EQ(AwaitText("\x01"
                      "ACTION waves\x01"),
            "\x01"
            "ACTION waves\x01")
      << stack_->Logs();

  // Five lines with line_limit 3: one preview line and a link; the full text was uploaded.
  stack_->PushMessage(kAlice, {{"msgtype", "m.text"}, {"body", "l1\nl2\nl3\nl4\nl5"}});
  const std::string preview = AwaitFromAlice(
      [](std::string_view text) { return text.find("(full message: ") != std::string_view::npos; });
  EXPECT_THAT(preview, HasSubstr(absl::StrCat("l1… (full message: ", kMediaBase, "/")))
      << stack_->Logs();
  EXPECT_THAT(stack_->Uploads(), ::testing::Contains("l1\nl2\nl3\nl4\nl5"));

  // An edit: the original is read back and the change sent as a correction.
  const std::string original =
      stack_->PushMessage(kAlice, {{"msgtype", "m.text"}, {"body", "I like cats a lot"}});
  ASSERT_EQ(AwaitText("I like cats a lot"), "I like cats a lot") << stack_->Logs();
  stack_->PushMessage(kAlice,
                      {{"msgtype", "m.text"},
                       {"body", "* I like dogs a lot"},
                       {"m.new_content", {{"msgtype", "m.text"}, {"body", "I like dogs a lot"}}},
                       {"m.relates_to", {{"rel_type", "m.replace"}, {"event_id", original}}}});
  EXPECT_EQ(AwaitText("s/cats/dogs/"), "s/cats/dogs/") << stack_->Logs();

  // IRC → Matrix: mIRC bold becomes HTML, the puppet's nick a pill that mentions alice.
  ASSERT_TRUE(watcher_
                  ->Send(absl::StrCat("PRIVMSG ", kChannel,
                                      " :\x02"
                                      "heads up\x02 ",
                                      kAliceNick, ", lunch?"))
                  .ok());
  std::optional<GhostSend> bridged = AwaitGhostSend([](const GhostSend& send) {
    return send.content.value("body", "") == "heads up alice[m], lunch?";
  });
  ASSERT_TRUE(bridged.has_value()) << Sent();
  EXPECT_EQ(bridged->user_id, "@irc_libera_watcher:localhost");
  EXPECT_EQ(bridged->content.value("msgtype", ""), "m.text");
  EXPECT_THAT(bridged->content.value("formatted_body", ""), HasSubstr("<b>heads up</b>"));
  EXPECT_THAT(bridged->content.value("formatted_body", ""),
              HasSubstr("<a href=\"https://matrix.to/#/@alice:localhost\">alice[m]</a>"));
  EXPECT_EQ(bridged->content["m.mentions"]["user_ids"], json::array({kAlice}));

  // An IRC NOTICE arrives as m.notice.
  ASSERT_TRUE(watcher_->Send(absl::StrCat("NOTICE ", kChannel, " :deploy finished")).ok());
  std::optional<GhostSend> notice = AwaitGhostSend(
      [](const GhostSend& send) { return send.content.value("body", "") == "deploy finished"; });
  ASSERT_TRUE(notice.has_value()) << stack_->Logs();
  EXPECT_EQ(notice->content.value("msgtype", ""), "m.notice");
}

}  // namespace
}  // namespace mxedge::irc_bridge_e2e
