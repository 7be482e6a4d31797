#include "mxedge/indieweb/micropub_client.hpp"

#include <gtest/gtest.h>

#include "fake_web.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/indieweb/micropub_error.hpp"

namespace mxedge::indieweb {
namespace {

using http::Response;
using nlohmann::json;
using testing::FakeWeb;
using testing::Html;
using testing::Status;
using testing::WithHeader;

class MicropubClientTest : public ::testing::Test {
 protected:
  MicropubClientTest()
      : client_(web_.client, MicropubSession{"https://mp.example/micropub?site=me",
                                             "https://media.example/upload", "SECRET"}) {}

  http::ClientRequest Only() {
    EXPECT_EQ(web_.fake.request_count(), 1u);
    return web_.fake.requests().back();
  }
  void ExpectTokenOnlyInHeader(const http::ClientRequest& r) {
    EXPECT_EQ(http::FindHeader(r.headers, "Authorization"), "Bearer SECRET");
    EXPECT_EQ(http::FindHeader(r.headers, "Accept"), "application/json");
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos);
    EXPECT_EQ(r.body.find("access_token"), std::string::npos);
    EXPECT_EQ(r.url.find("SECRET"), std::string::npos);
  }

  FakeWeb web_;
  MicropubClient client_;
};

TEST_F(MicropubClientTest, CreatesAsJsonAndReturnsTheLocation) {
  web_.fake.Enqueue("POST", "https://mp.example/micropub",
                    WithHeader(Response::Text(201, "created"), "Location", "/notes/1"));
  Post post;
  post.content = "hello";
  post.category = {"matrix"};
  auto created = client_.Create(post);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->http_status, 201);
  EXPECT_EQ(created->location, "https://mp.example/notes/1");
  const auto sent = Only();
  ExpectTokenOnlyInHeader(sent);
  EXPECT_EQ(sent.url, "https://mp.example/micropub?site=me");
  EXPECT_EQ(http::FindHeader(sent.headers, "Content-Type"), "application/json");
  EXPECT_EQ(json::parse(sent.body), PostToJson(post));
}

TEST_F(MicropubClientTest, AcceptedCreateWithJsonBodyIsSuccess) {
  web_.fake.Enqueue("POST", "https://mp.example/",
                    WithHeader(Response::Json(202, R"({"success":"create_pending"})"), "Location",
                               "https://me.example/notes/2026/hello"));
  Post post;
  post.content = "later";
  auto created = client_.Create(post);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->http_status, 202);
  EXPECT_EQ(created->location, "https://me.example/notes/2026/hello");
}

TEST_F(MicropubClientTest, CreateWithoutLocationIsAnError) {
  web_.fake.Enqueue("POST", "https://mp.example/", Response::Text(201, ""));
  Post post;
  post.content = "x";
  auto created = client_.Create(post);
  EXPECT_EQ(created.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(MicropubErrorFromStatus(created.status())->kind, MicropubErrorKind::kMissingLocation);
}

TEST_F(MicropubClientTest, InvalidUtf8ContentIsReplacedNotThrown) {
  web_.fake.Enqueue("POST", "https://mp.example/",
                    WithHeader(Response::Text(201, ""), "Location", "/n/2"));
  Post post;
  post.content = "broken \xFF text";
  ASSERT_TRUE(client_.Create(post).ok());
  EXPECT_EQ(json::parse(Only().body)["properties"]["content"][0], "broken \xEF\xBF\xBD text");
}

TEST_F(MicropubClientTest, EmptyPostIsRefusedWithoutARequest) {
  EXPECT_EQ(client_.Create(Post{}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(web_.fake.request_count(), 0u);
}

TEST_F(MicropubClientTest, ErrorShapesBecomeTypedErrors) {
  Post post;
  post.content = "x";
  web_.fake.Enqueue("POST", "https://mp.example/",
                    Response::Json(403, R"({"error":"insufficient_scope","scope":"create"})"));
  auto scope = client_.Create(post);
  EXPECT_EQ(scope.status().code(), absl::StatusCode::kPermissionDenied);
  auto e = MicropubErrorFromStatus(scope.status());
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->kind, MicropubErrorKind::kInsufficientScope);
  EXPECT_EQ(e->scope, "create");

  web_.fake.Enqueue("POST", "https://mp.example/", Status(302, "/session/login"));
  auto login = client_.Create(post);
  EXPECT_EQ(login.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(MicropubErrorFromStatus(login.status())->kind, MicropubErrorKind::kLoginRedirect);

  web_.fake.Enqueue("POST", "https://mp.example/", Html("<h1>Bad</h1><p>no good</p>"));
  web_.fake.Enqueue("POST", "https://mp.example/", Response::Text(500, "boom"));
  // The first answer above is a 200 HTML page without Location.
  EXPECT_EQ(client_.Create(post).status().code(), absl::StatusCode::kFailedPrecondition);
  auto server = client_.Create(post);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(server.status().message().find("SECRET"), std::string::npos);
}

TEST_F(MicropubClientTest, QueriesAppendToTheEndpointQuery) {
  web_.fake.Enqueue("GET", "https://mp.example/micropub?site=me&q=config",
                    Response::Json(200, R"({"media-endpoint":"https://media.example/m",
                        "syndicate-to":[{"uid":"u","name":"U"}]})"));
  auto config = client_.QueryConfig();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->media_endpoint, "https://media.example/m");
  ASSERT_EQ(config->syndicate_to.size(), 1u);
  ExpectTokenOnlyInHeader(Only());

  web_.fake.Enqueue("GET", "https://mp.example/micropub?site=me&q=syndicate-to",
                    Response::Json(200, R"({"syndicate-to":[]})"));
  EXPECT_TRUE(client_.QuerySyndicateTo()->empty());
  web_.fake.Enqueue("GET", "https://mp.example/micropub?site=me&q=category",
                    Response::Json(200, R"({"categories":["a","b"]})"));
  EXPECT_EQ(client_.QueryCategories()->size(), 2u);
}

TEST_F(MicropubClientTest, ConfigThatIsNotJsonIsEmptyButAuthFailuresAreErrors) {
  web_.fake.Enqueue("GET", "https://mp.example/", Html("<p>hello</p>"));
  auto config = client_.QueryConfig();
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->media_endpoint.empty());
  web_.fake.Enqueue("GET", "https://mp.example/", Status(302, "/session/login?redirect=x"));
  EXPECT_EQ(client_.QueryConfig().status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(MicropubClientTest, QuerySourceWithProperties) {
  web_.fake.Enqueue("GET", "https://mp.example/",
                    Response::Json(200, R"({"properties":{"category":["a"]}})"));
  auto source = client_.QuerySource("https://me.example/notes/1?x=1", {"category"});
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_EQ((*source)["properties"]["category"][0], "a");
  EXPECT_EQ(Only().url,
            "https://mp.example/micropub?site=me&q=source&url=https%3A%2F%2Fme.example%2Fnotes%2F1"
            "%3Fx%3D1&properties%5B%5D=category");
  web_.fake.Enqueue("GET", "https://mp.example/", Response::Text(200, "not json"));
  EXPECT_EQ(client_.QuerySource("https://me.example/1").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(MicropubClientTest, UpdateDeleteUndeleteAcceptEverySuccessStatus) {
  for (int status : {200, 201, 202, 204}) {
    web_.fake.Enqueue("POST", "https://mp.example/", Response::Text(status, ""));
    auto changed = client_.Update(PostUpdate::ReplaceContent("https://me.example/1", "edited"));
    ASSERT_TRUE(changed.ok()) << status << ": " << changed.status();
    EXPECT_EQ(changed->http_status, status);
  }
  const auto update = web_.fake.requests().back();
  EXPECT_EQ(json::parse(update.body)["replace"]["content"][0], "edited");
  ExpectTokenOnlyInHeader(update);

  web_.fake.Enqueue("POST", "https://mp.example/",
                    WithHeader(Response::Text(201, ""), "Location", "/new-url"));
  auto moved = client_.Delete("https://me.example/1");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->location, "https://mp.example/new-url");
  auto form = http::ParseQueryString(web_.fake.requests().back().body).value();
  EXPECT_EQ(form.find("action")->second, "delete");
  EXPECT_EQ(form.find("url")->second, "https://me.example/1");
  EXPECT_EQ(form.count("access_token"), 0u);

  web_.fake.Enqueue("POST", "https://mp.example/", Response::Text(204, ""));
  ASSERT_TRUE(client_.Undelete("https://me.example/1").ok());
  form = http::ParseQueryString(web_.fake.requests().back().body).value();
  EXPECT_EQ(form.find("action")->second, "undelete");
  EXPECT_EQ(client_.Delete("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(MicropubClientTest, UploadsMediaAsPartFile) {
  web_.fake.Enqueue("POST", "https://media.example/upload",
                    WithHeader(Response::Json(201, R"({"success":"create"})"), "Location",
                               "https://media.example/files/cat.png"));
  auto url = client_.UploadMedia(MediaFile{"cat.png", "image/png", "PNGDATA"});
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(*url, "https://media.example/files/cat.png");
  const auto sent = Only();
  ExpectTokenOnlyInHeader(sent);
  EXPECT_TRUE(http::FindHeader(sent.headers, "Content-Type")->starts_with("multipart/form-data"));
  EXPECT_NE(sent.body.find("name=\"file\"; filename=\"cat.png\"\r\nContent-Type: image/png"),
            std::string::npos);

  MicropubClient no_media(web_.client, MicropubSession{"https://mp.example/", "", "T"});
  EXPECT_EQ(no_media.UploadMedia(MediaFile{"a", "b", "c"}).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(MicropubClientTest, MultipartCreateWhenThereIsNoMediaEndpoint) {
  web_.fake.Enqueue("POST", "https://mp.example/",
                    WithHeader(Response::Text(201, ""), "Location", "https://me.example/p/1"));
  Post post;
  post.content = "two photos";
  auto created = client_.CreateMultipart(post, {{"photo", MediaFile{"a.jpg", "image/jpeg", "A"}},
                                                {"photo", MediaFile{"b.jpg", "image/jpeg", "B"}}});
  ASSERT_TRUE(created.ok()) << created.status();
  const auto sent = Only();
  ExpectTokenOnlyInHeader(sent);
  EXPECT_NE(sent.body.find("name=\"h\"\r\n\r\nentry"), std::string::npos);
  EXPECT_NE(sent.body.find("name=\"content\"\r\n\r\ntwo photos"), std::string::npos);
  EXPECT_NE(sent.body.find("name=\"photo[]\"; filename=\"a.jpg\""), std::string::npos);
  EXPECT_NE(sent.body.find("name=\"photo[]\"; filename=\"b.jpg\""), std::string::npos);
  EXPECT_EQ(client_.CreateMultipart(post, {{"file", MediaFile{}}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(MicropubClientTest, RefusedEndpointIsNeverCalled) {
  MicropubClient internal(web_.client,
                          MicropubSession{"http://internal.example/micropub", "", "T"});
  Post post;
  post.content = "x";
  EXPECT_EQ(internal.Create(post).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(web_.fake.request_count(), 0u);
}

}  // namespace
}  // namespace mxedge::indieweb
