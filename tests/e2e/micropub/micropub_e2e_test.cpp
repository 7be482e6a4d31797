// A Matrix user links a real Micropub site through the whole suite and posts to it: FakeHomeserver
// → appservice-router → micropub → @benjifs/micropub and a scripted IndieAuth server (node) →
// notices back in the DM. The site's own q=source is the judge of what was posted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "micropub_stack.hpp"
#include "mxedge/common/str_cat.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::micropub_e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using json = nlohmann::json;

// The URL on the last line of a notice, e.g. the authorization link or the post's address.
std::string LastLine(const std::string& text) {
  const size_t newline = text.rfind('\n');
  return newline == std::string::npos ? text : text.substr(newline + 1);
}

// The first http(s) URL in a notice.
std::string FirstUrl(const std::string& text) {
  const size_t start = text.find("http");
  if (start == std::string::npos) {
    return "";
  }
  const size_t end = text.find_first_of(" \n)", start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

int CountRequests(const json& log, const std::string& method, const std::string& path,
                  const std::string& grant_type = "") {
  int count = 0;
  for (const json& entry : log) {
    if (entry.value("method", "") == method && entry.value("path", "") == path &&
        (grant_type.empty() || entry.value("grant_type", "") == grant_type)) {
      ++count;
    }
  }
  return count;
}

class MicropubE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<MicropubStack>> stack = MicropubStack::Start();
    ASSERT_TRUE(stack.ok()) << stack.status();
    stack_ = std::move(*stack);
  }

  // Tokens, codes and message bodies never reach the logs above DEBUG.
  void TearDown() override {
    if (stack_ == nullptr) {
      return;
    }
    const std::regex secret("(at|rt|code)-[A-Za-z0-9_-]{32}");
    for (const std::string& line : stack_->LogLinesAboveDebug()) {
      EXPECT_FALSE(std::regex_search(line, secret)) << line;
      for (const char* body : {"Hello from Matrix", "Posted with a refreshed token",
                               "This should not be posted", "Quietly syndicated"}) {
        EXPECT_THAT(line, ::testing::Not(HasSubstr(body)));
      }
    }
  }

  // !indieauth → the authorization URL from the DM → the site redirects to the bot's redirect
  // endpoint → the page names the Matrix user; returns that page.
  http::Response FollowLogin(const std::string& room, const std::string& user) {
    absl::StatusOr<std::string> answer =
        stack_->Ask(room, user, common::Cat("!indieauth ", stack_->site().me()));
    EXPECT_TRUE(answer.ok()) << answer.status();
    const std::string auth_url = answer.ok() ? LastLine(*answer) : "";
    EXPECT_THAT(auth_url, StartsWith(stack_->site().base_url() + "/auth?"));
    absl::StatusOr<http::Response> redirect = stack_->Get(auth_url);
    EXPECT_TRUE(redirect.ok()) << redirect.status();
    if (!redirect.ok()) {
      return {};
    }
    EXPECT_EQ(redirect->status, 302) << redirect->body;
    const std::string callback = http::FindHeader(redirect->headers, "Location").value_or("");
    EXPECT_THAT(callback, HasSubstr("/indieauth/redirect?"));
    absl::StatusOr<http::Response> page = stack_->Get(callback);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? *page : http::Response{};
  }

  // A DM with the bot and the site linked and confirmed.
  std::string LinkedDm(const std::string& user) {
    absl::StatusOr<std::string> room = stack_->OpenDm(user);
    EXPECT_TRUE(room.ok()) << room.status();
    if (!room.ok()) {
      return "";
    }
    const size_t before = stack_->Notices(*room).size();
    http::Response page = FollowLogin(*room, user);
    EXPECT_EQ(page.status, 200) << page.body;
    EXPECT_THAT(page.body, HasSubstr(user));
    // The redirect asks for !confirm in the DM before the site is used.
    absl::StatusOr<std::string> asked = stack_->NextNotice(*room, before + 1);
    EXPECT_TRUE(asked.ok()) << asked.status();
    EXPECT_THAT(asked.value_or(""), HasSubstr("!confirm"));
    absl::StatusOr<std::string> linked = stack_->Ask(*room, user, "!confirm");
    EXPECT_TRUE(linked.ok()) << linked.status();
    EXPECT_THAT(linked.value_or(""), HasSubstr("Linked " + stack_->site().me()));
    return *room;
  }

  // Sends a text and returns the URL the bot answered with.
  std::string Post(const std::string& room, const std::string& user, const std::string& text) {
    absl::StatusOr<std::string> answer = stack_->Ask(room, user, text);
    EXPECT_TRUE(answer.ok()) << answer.status();
    const std::string url = FirstUrl(answer.value_or(""));
    EXPECT_THAT(url, StartsWith(stack_->site().base_url() + "/")) << answer.value_or("");
    return url;
  }

  int PostFiles() {
    absl::StatusOr<json> files = stack_->site().Files();
    EXPECT_TRUE(files.ok()) << files.status();
    int posts = 0;
    for (const json& file : files.value_or(json::array())) {
      posts += file.contains("text") ? 1 : 0;
    }
    return posts;
  }

  std::unique_ptr<MicropubStack> stack_;
};

TEST_F(MicropubE2eTest, LinkedUserPostsEditsAndDeletesOnTheRealServer) {
  const std::string alice = "@alice:localhost";
  const std::string room = LinkedDm(alice);
  ASSERT_FALSE(room.empty());

  const size_t before = stack_->Notices(room).size();
  const std::string event_id = stack_->SendText(room, alice, "Hello from Matrix #indieweb");
  absl::StatusOr<std::string> answer = stack_->NextNotice(room, before);
  ASSERT_TRUE(answer.ok()) << answer.status();
  const std::string url = FirstUrl(*answer);
  ASSERT_THAT(url, StartsWith(stack_->site().base_url() + "/note/")) << *answer;
  absl::StatusOr<json> source = stack_->site().Source(url);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)["content"], json::array({"Hello from Matrix #indieweb"}));
  // @benjifs/micropub keeps `category` as 11ty `tags` and gives it back as `category`.
  EXPECT_EQ((*source)["category"], json::array({"indieweb"}));
  // An edit replaces the content of the same post.
  const size_t before_edit = stack_->Notices(room).size();
  stack_->Send(room, alice, "m.room.message",
               {{"msgtype", "m.text"},
                {"body", "* Hello again from Matrix"},
                {"m.new_content", {{"msgtype", "m.text"}, {"body", "Hello again from Matrix"}}},
                {"m.relates_to", {{"rel_type", "m.replace"}, {"event_id", event_id}}}});
  absl::StatusOr<std::string> edited = stack_->NextNotice(room, before_edit);
  ASSERT_TRUE(edited.ok()) << edited.status();
  source = stack_->site().Source(url);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)["content"], json::array({"Hello again from Matrix"})) << *edited;

  // A redaction deletes it (@benjifs/micropub deletes softly: deleted = true).
  const size_t before_delete = stack_->Notices(room).size();
  stack_->Send(room, alice, "m.room.redaction", {{"redacts", event_id}}, {{"redacts", event_id}});
  absl::StatusOr<std::string> deleted = stack_->NextNotice(room, before_delete);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  source = stack_->site().Source(url);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)["deleted"], json::array({true})) << *deleted;
}

TEST_F(MicropubE2eTest, ConfigFromTheSiteAndPostSettingsReachTheSite) {
  const std::string heidi = "@heidi:localhost";
  const std::string room = LinkedDm(heidi);
  ASSERT_FALSE(room.empty());
  // q=config was read when linking: its syndication target is offered.
  absl::StatusOr<std::string> config = stack_->Ask(room, heidi, "!config");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_THAT(*config, HasSubstr("https://social.example/"));
  EXPECT_THAT(*config, HasSubstr("create update delete undelete media"));

  ASSERT_TRUE(stack_->Ask(room, heidi, "!syndicate https://social.example/").ok());
  ASSERT_TRUE(stack_->Ask(room, heidi, "!unlisted").ok());
  const std::string url = Post(room, heidi, "Quietly syndicated");
  ASSERT_FALSE(url.empty());
  absl::StatusOr<json> source = stack_->site().Source(url);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)["mp-syndicate-to"], json::array({"https://social.example/"}))
      << source->dump();
  EXPECT_EQ((*source)["visibility"], json::array({"unlisted"})) << source->dump();
}

TEST_F(MicropubE2eTest, ImageGoesThroughTheMediaEndpoint) {
  const std::string bob = "@bob:localhost";
  const std::string room = LinkedDm(bob);
  ASSERT_FALSE(room.empty());
  const std::string png("\x89PNG\r\n\x1a\nnot-really-pixels-0123456789", 35);
  absl::StatusOr<std::string> mxc = stack_->UploadMedia(png, "image/png");
  ASSERT_TRUE(mxc.ok()) << mxc.status();

  const size_t before = stack_->Notices(room).size();
  stack_->Send(room, bob, "m.room.message",
               {{"msgtype", "m.image"},
                {"body", "A harbour at dawn"},
                {"filename", "harbour.png"},
                {"url", *mxc},
                {"info", {{"mimetype", "image/png"}, {"size", png.size()}}}});
  absl::StatusOr<std::string> answer = stack_->NextNotice(room, before);
  ASSERT_TRUE(answer.ok()) << answer.status();
  const std::string url = FirstUrl(*answer);
  ASSERT_THAT(url, StartsWith(stack_->site().base_url() + "/photo/")) << *answer;

  absl::StatusOr<json> files = stack_->site().Files();
  ASSERT_TRUE(files.ok()) << files.status();
  std::string upload;
  for (const json& file : *files) {
    if (file.value("path", "").starts_with("uploads/")) {
      upload = file["path"];
      EXPECT_EQ(file.value("bytes", 0), static_cast<int>(png.size()));
    }
  }
  ASSERT_THAT(upload, HasSubstr("harbour.png"));
  absl::StatusOr<json> source = stack_->site().Source(url);
  ASSERT_TRUE(source.ok()) << source.status();
  ASSERT_TRUE((*source).contains("photo")) << source->dump();
  // @benjifs/micropub stores the photo as 11ty front matter and gives it back as {url, alt}.
  EXPECT_EQ((*source)["photo"][0]["url"], stack_->site().me() + upload) << source->dump();
  EXPECT_EQ((*source)["photo"][0]["alt"], "A harbour at dawn") << source->dump();
  json log = stack_->site().RequestLog().value_or(json::array());
  EXPECT_EQ(CountRequests(log, "POST", "/media"), 1);
}

TEST_F(MicropubE2eTest, RevokedTokenIsRefusedAndTheUserIsToldToLinkAgain) {
  const std::string carol = "@carol:localhost";
  const std::string room = LinkedDm(carol);
  ASSERT_FALSE(room.empty());
  ASSERT_TRUE(stack_->site().RevokeAllTokens().ok());
  const int posts = PostFiles();

  absl::StatusOr<std::string> answer = stack_->Ask(room, carol, "This should not be posted");
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_THAT(*answer, HasSubstr("!indieauth"));
  EXPECT_EQ(PostFiles(), posts);
}

TEST_F(MicropubE2eTest, ExpiredTokenIsRefreshedAndTheCreateRetriedOnce) {
  const std::string dave = "@dave:localhost";
  const std::string room = LinkedDm(dave);
  ASSERT_FALSE(room.empty());
  ASSERT_TRUE(stack_->site().ExpireAccessTokens().ok());
  absl::StatusOr<json> log_before = stack_->site().RequestLog();
  ASSERT_TRUE(log_before.ok()) << log_before.status();

  const std::string url = Post(room, dave, "Posted with a refreshed token");
  ASSERT_FALSE(url.empty());
  absl::StatusOr<json> source = stack_->site().Source(url);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)["content"], json::array({"Posted with a refreshed token"}));

  absl::StatusOr<json> log = stack_->site().RequestLog();
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(CountRequests(*log, "POST", "/token", "refresh_token") -
                CountRequests(*log_before, "POST", "/token", "refresh_token"),
            1);
  // The first create got 401 invalid_token, the second (with the new token) 201.
  EXPECT_EQ(
      CountRequests(*log, "POST", "/micropub") - CountRequests(*log_before, "POST", "/micropub"),
      2);

  // The refreshed token was stored: the next post needs no refresh.
  Post(room, dave, "And another one");
  absl::StatusOr<json> after = stack_->site().RequestLog();
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(CountRequests(*after, "POST", "/token", "refresh_token"),
            CountRequests(*log, "POST", "/token", "refresh_token"));
}

TEST_F(MicropubE2eTest, LogoutRevokesTheTokenAtTheSite) {
  const std::string frank = "@frank:localhost";
  const std::string room = LinkedDm(frank);
  ASSERT_FALSE(room.empty());
  ASSERT_FALSE(Post(room, frank, "Before logging out").empty());

  absl::StatusOr<std::string> answer = stack_->Ask(room, frank, "!logout");
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_THAT(*answer, HasSubstr("token is revoked"));
  absl::StatusOr<json> log = stack_->site().RequestLog();
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(CountRequests(*log, "POST", "/revoke"), 1);
  absl::StatusOr<http::Response> tokens = stack_->site().Send("GET", "/_test/tokens");
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  json bot_tokens = json::parse(tokens->body);
  ASSERT_EQ(bot_tokens.size(), 1u) << tokens->body;
  EXPECT_TRUE(bot_tokens[0].value("revoked", false)) << tokens->body;

  const int posts = PostFiles();
  absl::StatusOr<std::string> after = stack_->Ask(room, frank, "Not posted any more");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_THAT(*after, HasSubstr("!indieauth"));
  EXPECT_EQ(PostFiles(), posts);
}

TEST_F(MicropubE2eTest, AMissingPermissionIsExplainedAndTheUserToldToLinkAgain) {
  // The site grants less than the bot asks for: no `delete`.
  ASSERT_TRUE(stack_->site().SetKnobs({.grant_scope = "create update media"}).ok());
  const std::string grace = "@grace:localhost";
  const std::string room = LinkedDm(grace);
  ASSERT_FALSE(room.empty());
  const size_t before = stack_->Notices(room).size();
  const std::string event_id = stack_->SendText(room, grace, "Stays up");
  absl::StatusOr<std::string> posted = stack_->NextNotice(room, before);
  ASSERT_TRUE(posted.ok()) << posted.status();
  const std::string url = FirstUrl(*posted);
  ASSERT_FALSE(url.empty()) << *posted;

  const size_t before_delete = stack_->Notices(room).size();
  stack_->Send(room, grace, "m.room.redaction", {{"redacts", event_id}}, {{"redacts", event_id}});
  absl::StatusOr<std::string> refused = stack_->NextNotice(room, before_delete);
  ASSERT_TRUE(refused.ok()) << refused.status();
  // @benjifs/micropub: 403 insufficient_scope with a message and no `scope`.
  EXPECT_THAT(*refused, HasSubstr("insufficient_scope"));
  EXPECT_THAT(*refused, HasSubstr("!indieauth"));
  EXPECT_THAT(*refused, ::testing::Not(HasSubstr("\"\"")));
  absl::StatusOr<json> source = stack_->site().Source(url);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_FALSE(source->contains("deleted")) << source->dump();
}

TEST_F(MicropubE2eTest, LinkIsRefusedWhenTheIssuerOrTheSiteDiffer) {
  const std::string erin = "@erin:localhost";
  absl::StatusOr<std::string> room = stack_->OpenDm(erin);
  ASSERT_TRUE(room.ok()) << room.status();

  ASSERT_TRUE(stack_->site().SetKnobs({.wrong_iss = true}).ok());
  http::Response wrong_iss = FollowLogin(*room, erin);
  EXPECT_NE(wrong_iss.status, 200) << wrong_iss.body;

  ASSERT_TRUE(stack_->site().SetKnobs({.wrong_me = true}).ok());
  http::Response wrong_me = FollowLogin(*room, erin);
  EXPECT_NE(wrong_me.status, 200) << wrong_me.body;

  absl::StatusOr<std::string> confirm = stack_->Ask(*room, erin, "!confirm");
  ASSERT_TRUE(confirm.ok()) << confirm.status();
  EXPECT_THAT(*confirm, HasSubstr("no site waiting"));
}

}  // namespace
}  // namespace mxedge::micropub_e2e
