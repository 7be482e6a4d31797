#include "mxedge/http/fake_http_client.hpp"

#include <gtest/gtest.h>

namespace mxedge::http {
namespace {

TEST(FakeHttpClientTest, AnswersScriptedResponsesInOrderAndRecords) {
  FakeHttpClient client;
  client.Enqueue("PUT", "http://hs/_matrix/client/v3/rooms/", Response::Json(429, "{}"));
  client.Enqueue("PUT", "http://hs/_matrix/client/v3/rooms/", Response::Json(200, "{\"a\":1}"));
  client.Enqueue("*", "http://hs/", absl::UnavailableError("down"));

  ClientRequest put{"PUT", "http://hs/_matrix/client/v3/rooms/!r/send/m.room.message/1", {}, "{}"};
  EXPECT_EQ(client.Send(put)->status, 429);
  EXPECT_EQ(client.Send(put)->body, "{\"a\":1}");
  EXPECT_EQ(client.Send(ClientRequest{"GET", "http://hs/x"}).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(client.Send(put)->status, 404);  // the default once the script is used up
  ASSERT_EQ(client.request_count(), 4u);
  EXPECT_EQ(client.requests()[2].method, "GET");
  EXPECT_EQ(client.pending(), 0u);
}

TEST(FakeHttpClientTest, SkipsAnswersForOtherMethodsOrUrls) {
  FakeHttpClient client;
  client.Enqueue("POST", "http://a/", Response::Json(201, ""));
  client.SetDefault(Response::Json(204, ""));
  EXPECT_EQ(client.Send(ClientRequest{"GET", "http://a/x"})->status, 204);
  EXPECT_EQ(client.Send(ClientRequest{"POST", "http://b/x"})->status, 204);
  EXPECT_EQ(client.pending(), 1u);
  EXPECT_EQ(client.Send(ClientRequest{"post", "http://a/x"})->status, 201);
  client.Clear();
  EXPECT_EQ(client.request_count(), 0u);
}

}  // namespace
}  // namespace mxedge::http
