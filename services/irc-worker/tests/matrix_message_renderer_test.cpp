#include "matrix_message_renderer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_matrix_resources.hpp"

namespace mxedge::irc_worker {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kRoom[] = "!room:example.org";
constexpr char kSource[] = "alice[m]!alice@host.example.org";

v1::MatrixEvent Event(std::string id) {
  v1::MatrixEvent event;
  event.set_event_id(std::move(id));
  event.set_room_id(kRoom);
  event.set_sender("@alice:example.org");
  event.set_type("m.room.message");
  return event;
}

class MatrixMessageRendererTest : public ::testing::Test {
 protected:
  MatrixMessageRendererTest()
      : nicks_({{"local", "irc_$NETWORK_$NICK"}}, "example.org",
               [](std::string_view, std::string_view mxid) {
                 return std::string(mxid.substr(1, mxid.find(':') - 1)) + "[m]";
               }),
        renderer_(resources_, nicks_) {}

  absl::StatusOr<RenderedMessage> Render(const json& content, std::string id = "$e1") {
    return renderer_.Render("local", Event(std::move(id)), content, "#mxedge", kSource, settings_);
  }
  std::vector<std::string> Lines(const json& content) {
    absl::StatusOr<RenderedMessage> rendered = Render(content);
    EXPECT_TRUE(rendered.ok()) << rendered.status();
    return rendered.ok() ? rendered->lines : std::vector<std::string>{};
  }

  FakeMatrixResources resources_;
  ReplyNicks nicks_;
  MatrixMessageRenderer renderer_;
  MessageRenderSettings settings_;
};

TEST_F(MatrixMessageRendererTest, MsgtypesBecomePrivmsgActionAndNotice) {
  EXPECT_THAT(Lines({{"msgtype", "m.text"}, {"body", "hi"}}), ElementsAre("PRIVMSG #mxedge :hi"));
  EXPECT_THAT(Lines({{"msgtype", "m.emote"}, {"body", "waves"}}),
              ElementsAre("PRIVMSG #mxedge :\x01"
                          "ACTION waves\x01"));
  EXPECT_THAT(Lines({{"msgtype", "m.notice"}, {"body", "beep boop"}}),
              ElementsAre("NOTICE #mxedge :beep boop"));
}

TEST_F(MatrixMessageRendererTest, FormattedBodyBecomesIrcCodes) {
  EXPECT_THAT(Lines({{"msgtype", "m.text"},
                     {"body", "a bold move"},
                     {"format", "org.matrix.custom.html"},
                     {"formatted_body", "a <b>bold</b> move"}}),
              ElementsAre("PRIVMSG #mxedge :a \x02"
                          "bold\x02 move"));
}

TEST_F(MatrixMessageRendererTest, MultiLineWithinTheLimitIsSentAsLines) {
  EXPECT_THAT(
      Lines({{"msgtype", "m.text"}, {"body", "one\ntwo\nthree"}}),
      ElementsAre("PRIVMSG #mxedge :one", "PRIVMSG #mxedge :two", "PRIVMSG #mxedge :three"));
  EXPECT_TRUE(resources_.uploads.empty());
}

TEST_F(MatrixMessageRendererTest, BeyondTheLineLimitTheTextIsUploadedWithAPreview) {
  settings_.media_link_ttl = std::chrono::hours(2);
  absl::StatusOr<RenderedMessage> rendered =
      Render({{"msgtype", "m.text"},
              {"body", "first line\nsecond\nthird\nfourth\nfifth"},
              {"format", "org.matrix.custom.html"},
              {"formatted_body", "<b>first</b> line<br>second<br>third<br>fourth<br>fifth"}});
  ASSERT_TRUE(rendered.ok()) << rendered.status();
  EXPECT_TRUE(rendered->uploaded);
  ASSERT_EQ(resources_.uploads.size(), 1u);
  EXPECT_EQ(resources_.uploads[0].first, "message.txt");
  EXPECT_EQ(resources_.uploads[0].second, "first line\nsecond\nthird\nfourth\nfifth");
  EXPECT_EQ(resources_.last_ttl, std::chrono::hours(2));
  ASSERT_EQ(rendered->lines.size(), 1u);
  EXPECT_THAT(rendered->lines[0], StartsWith("PRIVMSG #mxedge :\x02"
                                             "first\x02 line"));
  EXPECT_THAT(rendered->lines[0],
              HasSubstr("(full message: https://media.test/test/1/message.txt)"));
}

TEST_F(MatrixMessageRendererTest, LineLimitCountsSplitLongLines) {
  settings_.line_limit = 2;
  absl::StatusOr<RenderedMessage> rendered =
      Render({{"msgtype", "m.text"}, {"body", std::string(1200, 'x')}});
  ASSERT_TRUE(rendered.ok()) << rendered.status();
  EXPECT_TRUE(rendered->uploaded);
  EXPECT_EQ(rendered->lines.size(), 1u);
}

TEST_F(MatrixMessageRendererTest, AnUploadUnavailableForNowIsTransient) {
  resources_.upload_result = absl::UnavailableError("router down");
  absl::StatusOr<RenderedMessage> rendered =
      Render({{"msgtype", "m.text"}, {"body", "1\n2\n3\n4"}});
  EXPECT_TRUE(absl::IsUnavailable(rendered.status())) << rendered.status();
  EXPECT_TRUE(IsTransient(rendered.status()));
}

TEST_F(MatrixMessageRendererTest, AnUploadRefusedForGoodSendsEveryLine) {
  resources_.upload_result = absl::FailedPreconditionError("M_TOO_LARGE");
  EXPECT_THAT(Lines({{"msgtype", "m.text"}, {"body", "1\n2\n3\n4"}}),
              ElementsAre("PRIVMSG #mxedge :1", "PRIVMSG #mxedge :2", "PRIVMSG #mxedge :3",
                          "PRIVMSG #mxedge :4"));
}

TEST_F(MatrixMessageRendererTest, ReplyAddressesTheQuotedGhostWithoutTheFallback) {
  EXPECT_THAT(Lines({{"msgtype", "m.text"},
                     {"body", "> <@irc_local_bob:example.org> cats?\n\nyes, cats"},
                     {"m.relates_to", {{"m.in_reply_to", {{"event_id", "$orig"}}}}}}),
              ElementsAre("PRIVMSG #mxedge :bob: yes, cats"));
  EXPECT_TRUE(resources_.lookups.empty());
}

TEST_F(MatrixMessageRendererTest, ReplyWithoutFallbackReadsTheRepliedToSender) {
  resources_.AddEvent(kRoom, "$orig", "@carol:example.org", R"({"msgtype":"m.text","body":"q"})");
  EXPECT_THAT(Lines({{"msgtype", "m.text"},
                     {"body", "answer"},
                     {"m.relates_to", {{"m.in_reply_to", {{"event_id", "$orig"}}}}}}),
              ElementsAre("PRIVMSG #mxedge :carol[m]: answer"));
  EXPECT_THAT(resources_.lookups, ElementsAre("$orig"));
}

TEST_F(MatrixMessageRendererTest, ReplyToAnUnreadableEventHasNoNick) {
  EXPECT_THAT(Lines({{"msgtype", "m.text"},
                     {"body", "answer"},
                     {"m.relates_to", {{"m.in_reply_to", {{"event_id", "$gone"}}}}}}),
              ElementsAre("PRIVMSG #mxedge :answer"));
}

json Edit(std::string original, std::string new_body) {
  return {{"msgtype", "m.text"},
          {"body", "* " + new_body},
          {"m.new_content", {{"msgtype", "m.text"}, {"body", new_body}}},
          {"m.relates_to", {{"rel_type", "m.replace"}, {"event_id", std::move(original)}}}};
}

TEST_F(MatrixMessageRendererTest, ATerseEditBecomesACorrection) {
  resources_.AddEvent(kRoom, "$orig", "@alice:example.org",
                      R"({"msgtype":"m.text","body":"I like cats a lot"})");
  EXPECT_THAT(Lines(Edit("$orig", "I like dogs a lot")),
              ElementsAre("PRIVMSG #mxedge :s/cats/dogs/"));
}

TEST_F(MatrixMessageRendererTest, AnEditOfAnUnknownOriginalSendsTheNewText) {
  EXPECT_THAT(Lines(Edit("$gone", "entirely new words")),
              ElementsAre("PRIVMSG #mxedge :entirely new words"));
}

TEST_F(MatrixMessageRendererTest, AnEditWithoutNewContentIsRefused) {
  absl::StatusOr<RenderedMessage> rendered =
      Render({{"msgtype", "m.text"},
              {"body", "* x"},
              {"m.relates_to", {{"rel_type", "m.replace"}, {"event_id", "$orig"}}}});
  EXPECT_TRUE(absl::IsInvalidArgument(rendered.status())) << rendered.status();
}

TEST_F(MatrixMessageRendererTest, MediaIsOneLineWithALinkForIrcUsers) {
  EXPECT_THAT(Lines({{"msgtype", "m.image"},
                     {"body", "cat.png"},
                     {"url", "mxc://example.org/abc"},
                     {"info", {{"size", 12698}}}}),
              ElementsAre("PRIVMSG #mxedge :\x01"
                          "ACTION uploaded an image: cat.png (12.4 KiB) "
                          "https://media.test/example.org/abc/cat.png\x01"));
}

TEST_F(MatrixMessageRendererTest, MediaLinkUnavailableIsTransientRefusedIsLeftOut) {
  const json image = {{"msgtype", "m.file"}, {"body", "a.pdf"}, {"url", "mxc://example.org/x"}};
  resources_.link_result = absl::DeadlineExceededError("slow");
  EXPECT_TRUE(IsTransient(Render(image).status()));
  resources_.link_result = absl::FailedPreconditionError("M_INVALID_PARAM");
  EXPECT_THAT(Lines(image), ElementsAre("PRIVMSG #mxedge :\x01"
                                        "ACTION uploaded a file: a.pdf\x01"));
}

TEST_F(MatrixMessageRendererTest, OnlyMessagesWithMsgtypeAndBodyOrEditsAreBridged) {
  EXPECT_TRUE(MatrixMessageRenderer::IsBridgedMessage({{"msgtype", "m.text"}, {"body", "x"}}));
  EXPECT_TRUE(MatrixMessageRenderer::IsBridgedMessage(Edit("$o", "x")));
  EXPECT_FALSE(MatrixMessageRenderer::IsBridgedMessage({{"body", "x"}}));
  EXPECT_FALSE(MatrixMessageRenderer::IsBridgedMessage({{"msgtype", "m.text"}, {"body", 3}}));
  EXPECT_FALSE(MatrixMessageRenderer::IsBridgedMessage(json::array()));
}

}  // namespace
}  // namespace mxedge::irc_worker
