#include "mxedge/bridge/irc_to_matrix.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/parser.hpp"

namespace mxedge::bridge {
namespace {

irc::Message Parse(std::string_view line) {
  absl::StatusOr<irc::Message> message = irc::ParseMessage(line);
  EXPECT_TRUE(message.ok()) << message.status();
  return *message;
}

std::optional<std::string> Puppets(std::string_view folded) {
  if (folded == "alice[m]" || folded == "alice{m}") {
    return "@alice:hs.test";
  }
  return std::nullopt;
}

TEST(ReadIrcChatLineTest, PrivmsgNoticeAction) {
  absl::StatusOr<IrcChatLine> line = ReadIrcChatLine(Parse(":bob!b@h PRIVMSG #c :hello"));
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->sender, "bob");
  EXPECT_EQ(line->target, "#c");
  EXPECT_EQ(line->msgtype, MatrixMsgtype::kText);
  EXPECT_EQ(ReadIrcChatLine(Parse(":bob NOTICE #c :hi"))->msgtype, MatrixMsgtype::kNotice);
  line =
      ReadIrcChatLine(Parse(":bob PRIVMSG #c :\x01"
                            "ACTION waves\x01"));
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->msgtype, MatrixMsgtype::kEmote);
  EXPECT_EQ(line->text, "waves");
}

TEST(ReadIrcChatLineTest, DecodesWithFallback) {
  EXPECT_EQ(ReadIrcChatLine(Parse(":bob PRIVMSG #c :caf\xe9"))->text, "caf\xc3\xa9");
  EXPECT_EQ(ReadIrcChatLine(Parse(":bob PRIVMSG #c :\x80"), FallbackCharset::kCp1252)->text,
            "\xe2\x82\xac");
}

TEST(ReadIrcChatLineTest, RejectsOthers) {
  EXPECT_EQ(ReadIrcChatLine(Parse(":bob PRIVMSG #c :\x01VERSION\x01")).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadIrcChatLine(Parse(":bob NOTICE me :\x01"
                                  "ACTION x\x01"))
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadIrcChatLine(Parse("PRIVMSG #c :x")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadIrcChatLine(Parse(":bob PRIVMSG #c")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadIrcChatLine(Parse(":bob JOIN #c")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RenderIrcTextTest, PlainTextHasNoFormattedBody) {
  const nlohmann::json content =
      RenderIrcText(MatrixMsgtype::kText, "a < b", Puppets, irc::CaseMapping());
  EXPECT_EQ(content["msgtype"], "m.text");
  EXPECT_EQ(content["body"], "a < b");
  EXPECT_FALSE(content.contains("formatted_body"));
  EXPECT_EQ(content["m.mentions"], nlohmann::json::object());
}

TEST(RenderIrcTextTest, FormattingGivesHtml) {
  const nlohmann::json content = RenderIrcText(MatrixMsgtype::kNotice,
                                               "\x02"
                                               "bold\x02 x",
                                               Puppets, irc::CaseMapping());
  EXPECT_EQ(content["msgtype"], "m.notice");
  EXPECT_EQ(content["body"], "bold x");
  EXPECT_EQ(content["format"], "org.matrix.custom.html");
  EXPECT_EQ(content["formatted_body"], "<b>bold</b> x");
}

TEST(RenderIrcTextTest, MentionsBecomePillsAtWordBoundaries) {
  const nlohmann::json content = RenderIrcText(
      MatrixMsgtype::kText, "ALICE{M}: see malice[m]x & alice[m]", Puppets, irc::CaseMapping());
  EXPECT_EQ(content["body"], "ALICE{M}: see malice[m]x & alice[m]");
  EXPECT_EQ(content["formatted_body"],
            "<a href=\"https://matrix.to/#/@alice:hs.test\">ALICE{M}</a>: see malice[m]x &amp; "
            "<a href=\"https://matrix.to/#/@alice:hs.test\">alice[m]</a>");
  EXPECT_EQ(content["m.mentions"]["user_ids"], nlohmann::json::array({"@alice:hs.test"}));
}

TEST(RenderIrcTextTest, PillsInsideFormattedText) {
  const nlohmann::json content = RenderIrcText(MatrixMsgtype::kEmote,
                                               "pokes \x02"
                                               "alice[m]\x02",
                                               Puppets, irc::CaseMapping());
  EXPECT_EQ(content["msgtype"], "m.emote");
  EXPECT_EQ(content["formatted_body"],
            "pokes <b><a href=\"https://matrix.to/#/@alice:hs.test\">alice[m]</a></b>");
}

TEST(RenderIrcTextTest, InvalidUtf8IsDecodedNotDropped) {
  const nlohmann::json content =
      RenderIrcText(MatrixMsgtype::kText, "caf\xe9", Puppets, irc::CaseMapping());
  EXPECT_EQ(content["body"], "caf\xc3\xa9");
  EXPECT_NO_THROW((void)content.dump());
}

}  // namespace
}  // namespace mxedge::bridge
