#include "mxedge/indieweb/micropub_post.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

using nlohmann::json;

TEST(PostToJsonTest, EveryPropertyIsAnArray) {
  Post p;
  p.content = "plain";
  p.category = {"matrix", "indieweb"};
  p.photo = {{"https://m.example/a.png", "A cat"}, {"https://m.example/b.png", ""}};
  p.in_reply_to = "https://x.example/1";
  p.post_status = "draft";
  p.visibility = "unlisted";
  p.slug = "hello";
  p.syndicate_to = {"https://news.indieweb.org/en"};
  p.channel = "notes";
  const json doc = PostToJson(p);
  EXPECT_EQ(doc["type"], json::array({"h-entry"}));
  const json& props = doc["properties"];
  EXPECT_EQ(props["content"], json::array({"plain"}));
  EXPECT_EQ(props["category"], json::array({"matrix", "indieweb"}));
  EXPECT_EQ(props["photo"][0], (json{{"value", "https://m.example/a.png"}, {"alt", "A cat"}}));
  EXPECT_EQ(props["photo"][1], "https://m.example/b.png");
  EXPECT_EQ(props["in-reply-to"], json::array({"https://x.example/1"}));
  EXPECT_EQ(props["post-status"], json::array({"draft"}));
  EXPECT_EQ(props["visibility"], json::array({"unlisted"}));
  EXPECT_EQ(props["mp-slug"], json::array({"hello"}));
  EXPECT_EQ(props["mp-syndicate-to"], json::array({"https://news.indieweb.org/en"}));
  EXPECT_EQ(props["mp-channel"], json::array({"notes"}));
  EXPECT_FALSE(props.contains("like-of"));
  EXPECT_FALSE(props.contains("access_token"));
}

TEST(PostToJsonTest, HtmlContentWins) {
  Post p;
  p.content = "plain";
  p.content_html = "<p>rich</p>";
  EXPECT_EQ(PostToJson(p)["properties"]["content"], json::parse(R"([{"html":"<p>rich</p>"}])"));
}

TEST(ValidatePostTest, RefusesEmptyAndUnknownValues) {
  EXPECT_EQ(ValidatePost(Post{}).code(), absl::StatusCode::kInvalidArgument);
  Post like;
  like.like_of = "https://x.example/";
  EXPECT_TRUE(ValidatePost(like).ok());
  Post bad = like;
  bad.post_status = "deleted";
  EXPECT_EQ(ValidatePost(bad).code(), absl::StatusCode::kInvalidArgument);
  bad = like;
  bad.visibility = "secret";
  EXPECT_EQ(ValidatePost(bad).code(), absl::StatusCode::kInvalidArgument);
  bad = like;
  bad.photo = {{"", "alt"}};
  EXPECT_EQ(ValidatePost(bad).code(), absl::StatusCode::kInvalidArgument);
  // A multipart create may carry only files; its other values are still checked.
  EXPECT_TRUE(ValidatePost(Post{}, 1).ok());
  Post draft_file;
  draft_file.post_status = "later";
  EXPECT_EQ(ValidatePost(draft_file, 1).code(), absl::StatusCode::kInvalidArgument);
}

TEST(PostToFormFieldsTest, UsesArrayNamesForLists) {
  Post p;
  p.content = "hi";
  p.category = {"a", "b"};
  p.photo = {{"https://m.example/1.png", "ignored alt"}};
  p.syndicate_to = {"x"};
  const auto fields = PostToFormFields(p);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"h", "entry"},
      {"content", "hi"},
      {"category[]", "a"},
      {"category[]", "b"},
      {"photo", "https://m.example/1.png"},
      {"mp-syndicate-to[]", "x"}};
  EXPECT_EQ(fields, want);
}

}  // namespace
}  // namespace mxedge::indieweb
