// Messages through the whole suite: a Matrix user's formatted message, an emote, a five-line
// message (uploaded, previewed) and an edit reach the channel as IRC users expect them; an IRC
// user's formatted line naming the puppet reaches the room with formatted_body and a mention.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "scenario_test.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class IrcBridgeE2eTest : public ScenarioTest {
 protected:
  void SetUp() override { StartStack(); }

  // The text (after " :") of the first PRIVMSG/NOTICE from alice's puppet whose text satisfies
  // `want`, "NOTICE "-prefixed for notices; "" at the deadline.
  std::string AwaitFromAlice(const std::function<bool(std::string_view)>& want) {
    std::string found;
    AwaitLineFromAlice([&](std::string_view line) {
      const std::size_t text_at = line.find(" :");
      if (text_at == std::string_view::npos || !want(line.substr(text_at + 2))) {
        return false;
      }
      found = absl::StrCat(line.find(" NOTICE ") != std::string_view::npos ? "NOTICE " : "",
                           std::string(line.substr(text_at + 2)));
      return true;
    });
    return found;
  }
  std::string AwaitText(std::string_view text) {
    return AwaitFromAlice([text](std::string_view got) { return got == text; });
  }
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
