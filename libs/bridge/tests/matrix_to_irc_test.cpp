#include "mxedge/bridge/matrix_to_irc.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/commands.hpp"

namespace mxedge::bridge {
namespace {

using nlohmann::json;

IrcText Render(const json& content, const MatrixMessageContext& context = {}) {
  absl::StatusOr<IrcText> text = RenderMatrixMessage(content, context);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : IrcText{};
}

TEST(RenderMatrixMessageTest, MsgtypesToKinds) {
  EXPECT_EQ(Render({{"msgtype", "m.text"}, {"body", "hi"}}).kind, IrcMessageKind::kPrivmsg);
  EXPECT_EQ(Render({{"msgtype", "m.emote"}, {"body", "waves"}}).kind, IrcMessageKind::kAction);
  EXPECT_EQ(Render({{"msgtype", "m.notice"}, {"body", "beep"}}).kind, IrcMessageKind::kNotice);
  EXPECT_EQ(Render({{"msgtype", "org.example.custom"}, {"body", "x"}}).text, "x");
}

TEST(RenderMatrixMessageTest, FormattedBodyOrPlainFallback) {
  EXPECT_EQ(Render({{"msgtype", "m.text"},
                    {"body", "bold"},
                    {"format", "org.matrix.custom.html"},
                    {"formatted_body", "<b>bold</b>"}})
                .text,
            "\x02"
            "bold\x02");
  EXPECT_EQ(Render({{"msgtype", "m.text"},
                    {"body", "a table"},
                    {"format", "org.matrix.custom.html"},
                    {"formatted_body", "<table><tr><td>a</td></tr></table>"}})
                .text,
            "a table");
}

TEST(RenderMatrixMessageTest, ReplyStripsFallbackAndAddsNick) {
  const json content = {
      {"msgtype", "m.text"},
      {"body", "> <@bob:hs> question?\n\nanswer"},
      {"format", "org.matrix.custom.html"},
      {"formatted_body", "<mx-reply><blockquote>question?</blockquote></mx-reply>answer"},
      {"m.relates_to", {{"m.in_reply_to", {{"event_id", "$e"}}}}}};
  EXPECT_EQ(Render(content, {.reply_to_nick = "bob"}).text, "bob: answer");
  EXPECT_EQ(Render(content).text, "answer");
}

TEST(RenderMatrixMessageTest, QuoteWithoutReplyIsKept) {
  EXPECT_EQ(Render({{"msgtype", "m.text"}, {"body", "> quoted\n\ntext"}}).text, "> quoted\n\ntext");
}

TEST(RenderMatrixMessageTest, EditTerseOrWhole) {
  const json edit = {
      {"msgtype", "m.text"},
      {"body", "* I really like dogs a lot"},
      {"m.new_content", {{"msgtype", "m.text"}, {"body", "I really like dogs a lot"}}},
      {"m.relates_to", {{"rel_type", "m.replace"}, {"event_id", "$e"}}}};
  EXPECT_EQ(Render(edit, {.edited_original = "I really like cats a lot"}).text, "s/cats/dogs/");
  EXPECT_EQ(Render(edit).text, "I really like dogs a lot");
  json bad = edit;
  bad["m.new_content"] = "nope";
  EXPECT_EQ(RenderMatrixMessage(bad, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RenderMatrixMessageTest, MediaWithSizeLinkAndCaption) {
  const json image = {{"msgtype", "m.image"},
                      {"body", "cat.png"},
                      {"info", {{"size", 12698}}},
                      {"url", "mxc://hs/abc"}};
  IrcText text = Render(image, {.media_url = "https://media.test/x"});
  EXPECT_EQ(text.kind, IrcMessageKind::kAction);
  EXPECT_EQ(text.text, "uploaded an image: cat.png (12.4 KiB) https://media.test/x");
  json captioned = image;
  captioned["filename"] = "cat.png";
  captioned["body"] = "look at this";
  text = Render(captioned, {.media_url = "https://media.test/x"});
  EXPECT_EQ(text.text, "uploaded an image: cat.png (12.4 KiB) https://media.test/x\nlook at this");
  absl::StatusOr<IrcSendPlan> plan = PlanIrcLines(text, "#c", 400);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->messages.size(), 2u);
  EXPECT_EQ(plan->messages[0],
            irc::Action("#c", "uploaded an image: cat.png (12.4 KiB) https://media.test/x"));
  EXPECT_EQ(plan->messages[1], irc::Privmsg("#c", "look at this"));
  EXPECT_EQ(Render({{"msgtype", "m.file"}, {"body", "a.pdf"}}).text, "uploaded a file: a.pdf");
}

TEST(RenderMatrixMessageTest, RejectsMalformedContent) {
  EXPECT_FALSE(RenderMatrixMessage(json::array(), {}).ok());
  EXPECT_FALSE(RenderMatrixMessage({{"body", "x"}}, {}).ok());
  EXPECT_FALSE(RenderMatrixMessage({{"msgtype", "m.text"}, {"body", 5}}, {}).ok());
}

TEST(HumanSizeTest, Units) {
  EXPECT_EQ(HumanSize(0), "0 B");
  EXPECT_EQ(HumanSize(1023), "1023 B");
  EXPECT_EQ(HumanSize(1024), "1.0 KiB");
  EXPECT_EQ(HumanSize(5 * 1024 * 1024), "5.0 MiB");
}

TEST(PlanIrcLinesTest, UpToTheLimitSendsLines) {
  absl::StatusOr<IrcSendPlan> plan =
      PlanIrcLines({IrcMessageKind::kNotice, "one\ntwo\n\nthree"}, "#c", 100);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->upload_text.has_value());
  ASSERT_EQ(plan->messages.size(), 3u);
  EXPECT_EQ(plan->messages[2], irc::Notice("#c", "three"));
}

TEST(PlanIrcLinesTest, CountsLinesAfterSplittingLongOnes) {
  // One source line that needs four IRC lines is over a limit of 3.
  const std::string text(4 * 20 - 5, 'x');
  absl::StatusOr<IrcSendPlan> plan = PlanIrcLines({IrcMessageKind::kPrivmsg, text}, "#c", 20);
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE(plan->upload_text.has_value());
  EXPECT_EQ(*plan->upload_text, text);
  EXPECT_TRUE(plan->messages.empty());
}

TEST(PlanIrcLinesTest, TenLinesBecomePreviewAndLink) {
  std::string text;
  for (int i = 1; i <= 10; ++i) {
    text += "line " + std::to_string(i) + "\n";
  }
  absl::StatusOr<IrcSendPlan> plan = PlanIrcLines({IrcMessageKind::kPrivmsg, text}, "#c", 400);
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE(plan->upload_text.has_value());
  EXPECT_EQ(FinishWithUploadLink(*plan, "https://m.test/t.txt"),
            irc::Privmsg("#c", "line 1… (full message: https://m.test/t.txt)"));
}

TEST(PlanIrcLinesTest, PreviewIsCutToTheBudget) {
  IrcSendPlan plan{.upload_text = std::string(300, 'y') + "\nmore", .target = "#c", .budget = 60};
  const irc::Message message = FinishWithUploadLink(plan, "https://u");
  EXPECT_LE(message.params[1].size(), 60u);
  EXPECT_TRUE(message.params[1].ends_with("… (full message: https://u)"));
  plan.budget = 10;  // too small for any preview: the link alone
  EXPECT_EQ(FinishWithUploadLink(plan, "https://u").params[1], "(full message: https://u)");
}

TEST(PlanIrcLinesTest, RejectsBadArguments) {
  EXPECT_FALSE(PlanIrcLines({IrcMessageKind::kPrivmsg, "x"}, "#c", 3).ok());
  EXPECT_FALSE(PlanIrcLines({IrcMessageKind::kPrivmsg, "x"}, "#c", 100, 0).ok());
  EXPECT_TRUE(PlanIrcLines({IrcMessageKind::kPrivmsg, ""}, "#c", 100)->messages.empty());
}

}  // namespace
}  // namespace mxedge::bridge
