// A media link end to end: UploadMedia and MediaLink over gRPC, then the link served by the AS
// API HTTP server streaming the bytes from the FakeHomeserver; expiry and tampering.
#include <gtest/gtest.h>

#include "grpc_router_fixture.hpp"
#include "media_link_routes.hpp"
#include "mxedge/http/http_server.hpp"

namespace mxedge::appservice_router {
namespace {

class MediaLinkIntegrationTest : public GrpcRouterFixture {
 protected:
  void SetUp() override {
    GrpcRouterFixture::SetUp();
    handler_ = RegisterMediaLinkRoutes(as_api_, *signer_, *homeserver_client_, executor_, metrics_,
                                       {.max_bytes = 1024});
    ASSERT_TRUE(as_api_.Start().ok());
  }

  void TearDown() override {
    EXPECT_TRUE(as_api_.Shutdown(std::chrono::milliseconds(2000)).ok());
    executor_.Stop();
    GrpcRouterFixture::TearDown();
  }

  std::string Upload(const std::string& bytes, const std::string& content_type) {
    v1::UploadMediaRequest request;
    request.set_content_type(content_type);
    request.set_data(bytes);
    grpc::ClientContext context;
    Prepare(context);
    v1::UploadMediaReply reply;
    grpc::Status status = matrix_out_->UploadMedia(&context, request, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(reply.error().errcode().empty()) << reply.error().error();
    return reply.content_uri();
  }

  v1::MediaLinkReply Link(const std::string& mxc, const std::string& filename) {
    v1::MediaLinkRequest request;
    request.set_content_uri(mxc);
    request.set_ttl_ms(60'000);
    request.set_filename(filename);
    grpc::ClientContext context;
    Prepare(context);
    v1::MediaLinkReply reply;
    grpc::Status status = matrix_out_->MediaLink(&context, request, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reply;
  }

  // Fetches the link's path and query from the local AS API server.
  http::Response Get(const std::string& url) {
    const std::string public_base = "https://media.example.test";
    EXPECT_EQ(url.rfind(public_base, 0), 0u) << url;
    auto response =
        http_.Send({.method = "GET", .url = as_api_.base_url() + url.substr(public_base.size())});
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : http::Response{};
  }

  http::HttpServer as_api_{http::HttpServerOptions{}};
  rpc::BoundedExecutor executor_{{.threads = 2, .max_queued = 8}};
  std::shared_ptr<MediaLinkHandler> handler_;
};

TEST_F(MediaLinkIntegrationTest, StreamsTheMediaWithSafeHeaders) {
  const std::string bytes("\x89PNG\r\n\x1a\n-image-bytes", 20);
  const std::string mxc = Upload(bytes, "image/png");
  v1::MediaLinkReply link = Link(mxc, "cat.png");
  ASSERT_TRUE(link.error().errcode().empty()) << link.error().error();
  EXPECT_EQ(link.expires_at_ms(), testing::FakeClock::kDefaultStartUnixMs + 60'000);

  http::Response response = Get(link.url());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, bytes);
  EXPECT_EQ(http::FindHeader(response.headers, "Content-Type").value_or(""), "image/png");
  EXPECT_EQ(http::FindHeader(response.headers, "Content-Disposition").value_or(""),
            "inline; filename=\"cat.png\"; filename*=UTF-8''cat.png");
  EXPECT_EQ(http::FindHeader(response.headers, "X-Content-Type-Options").value_or(""), "nosniff");
  for (const auto& [name, value] : response.headers) {
    EXPECT_EQ(value.find(homeserver_.options().as_token), std::string::npos) << name;
  }
  EXPECT_EQ(link.url().find(homeserver_.options().as_token), std::string::npos);
}

TEST_F(MediaLinkIntegrationTest, StopsWorkingAfterExpiry) {
  v1::MediaLinkReply link = Link(Upload("hello", "text/plain"), "");
  EXPECT_EQ(Get(link.url()).status, 200);
  clock_.Advance(std::chrono::seconds(61));
  http::Response expired = Get(link.url());
  EXPECT_EQ(expired.status, 410);
  EXPECT_EQ(expired.body.find("hello"), std::string::npos);
}

TEST_F(MediaLinkIntegrationTest, RefusesATamperedLink) {
  const std::string mxc = Upload("secret", "text/plain");
  v1::MediaLinkReply link = Link(mxc, "a.txt");
  std::string url = link.url();
  std::string tampered_sig = url;
  char& last = tampered_sig.back();
  last = last == 'A' ? 'B' : 'A';
  EXPECT_EQ(Get(tampered_sig).status, 403);
  std::string other_name = url;
  other_name.replace(other_name.find("/a.txt?"), 7, "/b.txt?");
  EXPECT_EQ(Get(other_name).status, 403);
  std::string no_sig = url.substr(0, url.find("&sig="));
  EXPECT_EQ(Get(no_sig).status, 403);
  http::Response ok = Get(url);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "secret");
  // Text is never shown inline.
  EXPECT_EQ(http::FindHeader(ok.headers, "Content-Disposition").value_or("").rfind("attachment", 0),
            0u);
}

TEST_F(MediaLinkIntegrationTest, AnswersNotFoundAndTooLarge) {
  v1::MediaLinkReply missing = Link("mxc://" + homeserver_.options().server_name + "/nothing", "");
  EXPECT_EQ(Get(missing.url()).status, 404);
  v1::MediaLinkReply big = Link(Upload(std::string(4096, 'x'), "application/octet-stream"), "");
  EXPECT_EQ(Get(big.url()).status, 502);
  v1::MediaLinkReply bad = Link("https://not-mxc/x", "");
  EXPECT_EQ(bad.error().errcode(), "M_INVALID_PARAM");
  EXPECT_TRUE(bad.url().empty());
}

TEST_F(MediaLinkIntegrationTest, DownloadMediaOverGrpc) {
  const std::string mxc = Upload("payload", "text/plain");
  v1::DownloadMediaRequest request;
  request.set_content_uri(mxc);
  grpc::ClientContext context;
  Prepare(context);
  v1::DownloadMediaReply reply;
  ASSERT_TRUE(matrix_out_->DownloadMedia(&context, request, &reply).ok());
  EXPECT_TRUE(reply.error().errcode().empty()) << reply.error().error();
  EXPECT_EQ(reply.data(), "payload");
  EXPECT_EQ(reply.content_type(), "text/plain");

  v1::DownloadMediaRequest small = request;
  small.set_max_bytes(3);
  grpc::ClientContext context2;
  Prepare(context2);
  v1::DownloadMediaReply small_reply;
  ASSERT_TRUE(matrix_out_->DownloadMedia(&context2, small, &small_reply).ok());
  EXPECT_EQ(small_reply.error().errcode(), "M_TOO_LARGE");
  EXPECT_TRUE(small_reply.data().empty());
}

}  // namespace
}  // namespace mxedge::appservice_router
