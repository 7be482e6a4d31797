#include "request_command.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "mxedge/msc3079/cbor_encoder.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::coap_cli {
namespace {

using ::testing::ElementsAre;

TEST(BuildCoapRequestTest, BodyBecomesCborWithContentFormat60) {
  RequestOptions options;
  options.method = "PUT";
  options.data = R"({"msgtype":"m.text","body":"hi"})";
  options.token = "syt_x";
  CoapUrl url = *ParseCoapUrl("coap://h/_matrix/client/r0/rooms/!r:hs/send/m.room.message/1");
  std::istringstream in;
  absl::StatusOr<CoapRequest> request = BuildCoapRequest(options, url, in);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->method, CoapMethod::kPut);
  EXPECT_THAT(request->path, ElementsAre("9", "!r:hs", "m.room.message", "1"));
  EXPECT_EQ(request->content_format, 60);
  EXPECT_EQ(request->body, *msc3079::EncodeCbor(nlohmann::json::parse(*options.data)));
  EXPECT_EQ(request->access_token, "syt_x");
  EXPECT_FALSE(request->accept.has_value());
}

TEST(BuildCoapRequestTest, AcceptJsonAndObserve) {
  RequestOptions options;
  options.accept_json = true;
  options.observe = true;
  std::istringstream in;
  absl::StatusOr<CoapRequest> request =
      BuildCoapRequest(options, *ParseCoapUrl("coap://h/_matrix/client/r0/sync"), in);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->accept, 50);
  EXPECT_TRUE(request->observe);
  EXPECT_TRUE(request->body.empty());
}

TEST(BuildCoapRequestTest, BadBodyIsAnError) {
  RequestOptions options;
  options.data = "{";
  std::istringstream in;
  EXPECT_EQ(BuildCoapRequest(options, *ParseCoapUrl("coap://h/x"), in).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RenderBodyTest, CborIsPrintedAsIndentedJson) {
  CoapResponse response;
  response.code = msc3079::CoapCode(2, 5);
  response.content_format = 60;
  response.body = *msc3079::EncodeCbor(nlohmann::json{{"versions", {"r0.6.1"}}});
  absl::StatusOr<std::string> text = RenderBody(response);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(nlohmann::json::parse(*text)["versions"][0], "r0.6.1");
  EXPECT_NE(text->find("\n  "), std::string::npos);
}

TEST(RenderBodyTest, NoContentFormatIsTriedAsCborThenPrintedAsIs) {
  CoapResponse response;
  response.body = *msc3079::EncodeCbor(nlohmann::json{{"a", 1}});
  EXPECT_TRUE(RenderBody(response).ok());
  response.body = "not cbor";
  EXPECT_EQ(*RenderBody(response), "not cbor");
  response.content_format = 60;
  EXPECT_EQ(RenderBody(response).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RenderBodyTest, OtherFormatsPassThrough) {
  CoapResponse response;
  response.content_format = 0;
  response.body = "text";
  EXPECT_EQ(*RenderBody(response), "text");
  response.body.clear();
  EXPECT_EQ(*RenderBody(response), "");
}

TEST(ExitStatusForTest, FollowsTheCodeClass) {
  CoapResponse response;
  response.code = msc3079::CoapCode(2, 5);
  EXPECT_EQ(ExitStatusFor(response), 0);
  response.code = msc3079::CoapCode(4, 29);
  EXPECT_EQ(ExitStatusFor(response), 4);
  response.code = msc3079::CoapCode(5, 3);
  EXPECT_EQ(ExitStatusFor(response), 5);
  response.code = msc3079::CoapCode(0, 0);
  EXPECT_EQ(ExitStatusFor(response), 1);
}

TEST(RunRequestTest, BadUrlAndMisplacedDtlsFlagsAreUsageErrors) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  RequestOptions options;
  options.url = "http://h/";
  EXPECT_EQ(RunRequest(options, in, out, err), 2);
  options.url = "coap://h/";
  options.dtls.insecure = true;
  EXPECT_EQ(RunRequest(options, in, out, err), 2);
  EXPECT_NE(err.str().find("coaps://"), std::string::npos);
  EXPECT_TRUE(out.str().empty());
}

}  // namespace
}  // namespace mxedge::coap_cli
