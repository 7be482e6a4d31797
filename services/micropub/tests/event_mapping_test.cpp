#include "event_mapping.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mxedge::micropub {
namespace {

mxedge::v1::MatrixEvent Event(std::string type, std::string content_json) {
  mxedge::v1::MatrixEvent event;
  event.set_event_id("$ev:hs.test");
  event.set_room_id("!dm:hs.test");
  event.set_sender("@alice:hs.test");
  event.set_type(std::move(type));
  event.set_content_json(std::move(content_json));
  return event;
}

EventAction Map(const mxedge::v1::MatrixEvent& event, MappingOptions options = {}) {
  absl::StatusOr<EventAction> action = MapEvent(event, options);
  EXPECT_TRUE(action.ok()) << action.status();
  return action.ok() ? *action : EventAction{};
}

TEST(MapEventTest, TextBecomesACreateWithTagsAsCategories) {
  const EventAction action = Map(Event(
      "m.room.message", R"({"msgtype":"m.text","body":"Sunny day #weather #life #weather"})"));
  EXPECT_EQ(action.kind, ActionKind::kCreate);
  EXPECT_EQ(action.post.content, "Sunny day #weather #life #weather");
  EXPECT_EQ(action.post.category, (std::vector<std::string>{"weather", "life"}));
  EXPECT_TRUE(action.post.content_html.empty());
  EXPECT_TRUE(action.target_event_id.empty());
}

TEST(MapEventTest, FormattedBodyIsSanitised) {
  const EventAction action = Map(Event("m.room.message", R"({"msgtype":"m.text","body":"hi",
      "format":"org.matrix.custom.html","formatted_body":"<b>hi</b><script>x</script>"})"));
  EXPECT_EQ(action.post.content_html, "<b>hi</b>");
  EXPECT_EQ(action.post.content, "hi");
}

TEST(MapEventTest, ReplyNamesItsParentAndLosesTheFallback) {
  const EventAction action = Map(Event("m.room.message", R"({"msgtype":"m.text",
      "body":"> <@alice:hs.test> earlier\n> more\n\nmy answer #re",
      "m.relates_to":{"m.in_reply_to":{"event_id":"$parent"}}})"));
  EXPECT_EQ(action.kind, ActionKind::kCreate);
  EXPECT_EQ(action.target_event_id, "$parent");
  EXPECT_EQ(action.post.content, "my answer #re");
  EXPECT_EQ(action.post.category, std::vector<std::string>{"re"});
}

TEST(MapEventTest, UrlOnlyMessageIsABookmarkWhenEnabled) {
  const auto event =
      Event("m.room.message", R"({"msgtype":"m.text","body":"  https://other.example/a  "})");
  const EventAction bookmark = Map(event);
  EXPECT_EQ(bookmark.post.bookmark_of, "https://other.example/a");
  EXPECT_TRUE(bookmark.post.content.empty());
  const EventAction note = Map(event, {.url_only_as_bookmark = false});
  EXPECT_TRUE(note.post.bookmark_of.empty());
  EXPECT_EQ(note.post.content, "  https://other.example/a  ");
}

TEST(MapEventTest, CommandsAndBadCommands) {
  const EventAction command =
      Map(Event("m.room.message", R"({"msgtype":"m.text","body":"!indieauth my.site"})"));
  EXPECT_EQ(command.kind, ActionKind::kCommand);
  EXPECT_EQ(command.command.kind, CommandKind::kIndieAuth);
  const EventAction bad = Map(Event("m.room.message", R"({"msgtype":"m.text","body":"!nope"})"));
  EXPECT_EQ(bad.kind, ActionKind::kBadCommand);
  EXPECT_EQ(bad.reason, "unknown command !nope; !help lists them");
}

TEST(MapEventTest, ImagesWithACaptionCarryAltAndTags) {
  const EventAction action = Map(Event("m.room.message", R"({"msgtype":"m.image",
      "body":"Sunset #sky","filename":"IMG_1.jpg","url":"mxc://hs.test/abc",
      "info":{"mimetype":"image/jpeg"}})"));
  EXPECT_EQ(action.kind, ActionKind::kCreateMedia);
  EXPECT_EQ(action.media.kind, MediaKind::kPhoto);
  EXPECT_EQ(action.media.mxc_uri, "mxc://hs.test/abc");
  EXPECT_EQ(action.media.mimetype, "image/jpeg");
  EXPECT_EQ(action.post.content, "Sunset #sky");
  EXPECT_EQ(action.post.category, std::vector<std::string>{"sky"});
}

TEST(MapEventTest, AFileNameIsNotACaption) {
  const EventAction action = Map(Event(
      "m.room.message", R"({"msgtype":"m.video","body":"clip.mp4","url":"mxc://hs.test/v"})"));
  EXPECT_EQ(action.media.kind, MediaKind::kVideo);
  EXPECT_TRUE(action.post.content.empty());
  EXPECT_EQ(Map(Event("m.room.message", R"({"msgtype":"m.audio","body":"a.ogg",
      "filename":"a.ogg","url":"mxc://hs.test/a"})"))
                .post.content,
            "");
}

TEST(MapEventTest, MediaWithoutAPlainUrlIsIgnoredAndABadUrlRejected) {
  EXPECT_EQ(Map(Event("m.room.message", R"({"msgtype":"m.image","body":"x","file":{}})")).kind,
            ActionKind::kIgnore);
  EXPECT_EQ(
      MapEvent(Event("m.room.message", R"({"msgtype":"m.image","body":"x","url":"https://x/y"})"),
               {})
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(MapEventTest, EditsBecomeUpdatesOfTheirTarget) {
  const EventAction action = Map(Event("m.room.message", R"({"msgtype":"m.text",
      "body":" * fixed #typo","m.new_content":{"msgtype":"m.text","body":"fixed #typo"},
      "m.relates_to":{"rel_type":"m.replace","event_id":"$orig"}})"));
  EXPECT_EQ(action.kind, ActionKind::kUpdate);
  EXPECT_EQ(action.target_event_id, "$orig");
  EXPECT_EQ(action.post.content, "fixed #typo");
  EXPECT_EQ(MapEvent(Event("m.room.message", R"({"msgtype":"m.text","body":"x",
      "m.relates_to":{"rel_type":"m.replace","event_id":"$orig"}})"),
                     {})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(MapEventTest, RedactionsDeleteAndReactionsLike) {
  auto redaction = Event("m.room.redaction", "{}");
  redaction.set_redacts("$gone");
  EXPECT_EQ(Map(redaction).kind, ActionKind::kDelete);
  EXPECT_EQ(Map(redaction).target_event_id, "$gone");
  EXPECT_EQ(Map(Event("m.room.redaction", R"({"redacts":"$v11"})")).target_event_id, "$v11");
  EXPECT_FALSE(MapEvent(Event("m.room.redaction", "{}"), {}).ok());

  const auto reaction = Event(
      "m.reaction", R"({"m.relates_to":{"rel_type":"m.annotation","event_id":"$p","key":"👍"}})");
  EXPECT_EQ(Map(reaction).kind, ActionKind::kLike);
  EXPECT_EQ(Map(reaction).target_event_id, "$p");
  EXPECT_EQ(Map(reaction, {.reactions_as_likes = false}).kind, ActionKind::kIgnore);
}

TEST(MapEventTest, OtherKindsOfEvents) {
  EXPECT_EQ(Map(Event("m.room.encrypted", "{}")).kind, ActionKind::kEncrypted);
  EXPECT_EQ(Map(Event("m.room.member", R"({"membership":"invite"})")).kind,
            ActionKind::kMembership);
  EXPECT_EQ(Map(Event("m.room.topic", "{}")).kind, ActionKind::kIgnore);
  EXPECT_EQ(Map(Event("m.room.message", R"({"msgtype":"m.notice","body":"bot"})")).kind,
            ActionKind::kIgnore);
  EXPECT_EQ(Map(Event("m.room.message", R"({"msgtype":"m.file","body":"f"})")).kind,
            ActionKind::kIgnore);
}

TEST(MapEventTest, MalformedContentIsInvalidArgument) {
  for (const char* content :
       {"", "[]", "{", R"({"msgtype":"m.text"})", R"({"msgtype":"m.text","body":5})"}) {
    EXPECT_EQ(MapEvent(Event("m.room.message", content), {}).status().code(),
              absl::StatusCode::kInvalidArgument)
        << content;
  }
}

TEST(ExtractTagsTest, TagsStartAtWordsAndStopAtPunctuation) {
  EXPECT_EQ(ExtractTags("#a b#c #d-e, #f_g. # #é"),
            (std::vector<std::string>{"a", "d-e", "f_g", "é"}));
}

TEST(StripReplyFallbackTest, OnlyLeadingQuoteLines) {
  EXPECT_EQ(StripReplyFallback("> q\n\nanswer\n> not fallback"), "answer\n> not fallback");
  EXPECT_EQ(StripReplyFallback("plain"), "plain");
}

TEST(MatrixToLinkTest, EncodesIds) {
  EXPECT_EQ(MatrixToLink("!r:hs.test", "$e/1"), "https://matrix.to/#/%21r%3Ahs.test/%24e%2F1");
}

}  // namespace
}  // namespace mxedge::micropub
