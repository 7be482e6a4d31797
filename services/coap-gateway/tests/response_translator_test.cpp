#include "response_translator.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "mxedge/common/status_mapping.hpp"
#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/key_table.hpp"
#include "nlohmann/json.hpp"
#include "request_translator.hpp"

namespace mxedge::coap_gateway {
namespace {

v1::HttpResult Result(int status, std::string content_type, std::string body) {
  v1::HttpResult result;
  result.set_status(status);
  result.set_content_type(std::move(content_type));
  result.set_body(std::move(body));
  return result;
}

// Decodes with no key table, so integer keys show up as their decimal strings.
nlohmann::json RawKeys(const std::string& cbor) {
  msc3079::CborDecodeOptions options;
  options.key_table = &msc3079::KeyTable::Empty();
  absl::StatusOr<nlohmann::json> value = msc3079::DecodeCbor(cbor, options);
  EXPECT_TRUE(value.ok()) << value.status();
  return value.ok() ? *value : nlohmann::json();
}

TEST(TranslateResponseTest, JsonBecomesCborWithIntegerKeys) {
  CoapResponse response =
      TranslateResponse(Result(200, "application/json", R"({"event_id":"$e","custom":1})"), {}, 1);
  EXPECT_EQ(response.code, msc3079::kCoapContent);
  EXPECT_EQ(response.content_format, 60);
  nlohmann::json body = RawKeys(response.body);
  EXPECT_EQ(body.size(), 2u);
  EXPECT_EQ(body["custom"], 1);
  EXPECT_FALSE(body.contains("event_id"));  // became its v1 integer key
  EXPECT_EQ(msc3079::DecodeCbor(response.body).value(),
            nlohmann::json::parse(R"({"event_id":"$e","custom":1})"));
}

TEST(TranslateResponseTest, EnumVersionZeroKeepsStringKeys) {
  CoapResponse response =
      TranslateResponse(Result(200, "application/json", R"({"event_id":"$e"})"), {}, 0);
  EXPECT_EQ(RawKeys(response.body), nlohmann::json::parse(R"({"event_id":"$e"})"));
}

TEST(TranslateResponseTest, AcceptJsonGetsJsonAsIs) {
  ResponseOptions options;
  options.accept = 50;
  const std::string json = R"({"event_id": "$e"})";
  CoapResponse response = TranslateResponse(Result(200, "application/json", json), options, 1);
  EXPECT_EQ(response.content_format, 50);
  EXPECT_EQ(response.body, json);
}

TEST(TranslateResponseTest, RateLimitIs429WithCborErrorBodyAndMaxAge) {
  v1::HttpResult result = Result(429, "application/json",
                                 R"({"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests"})");
  result.set_retry_after_ms(1500);
  CoapResponse response = TranslateResponse(result, {}, 1);
  EXPECT_EQ(response.code, msc3079::kCoapTooManyRequests);
  EXPECT_EQ(response.content_format, 60);
  EXPECT_EQ(response.max_age, 2u);
  nlohmann::json body = RawKeys(response.body);
  EXPECT_EQ(body["102"], "M_LIMIT_EXCEEDED");
  EXPECT_EQ(body["103"], "Too many requests");
}

TEST(TranslateResponseTest, StatusIsNeverEmptyCode) {
  for (int status : {100, 201, 204, 302, 418, 599, 0, 1000}) {
    CoapResponse response = TranslateResponse(Result(status, "", ""), {}, 1);
    EXPECT_NE(response.code.raw(), 0) << status;
    EXPECT_FALSE(response.content_format.has_value());
  }
  EXPECT_EQ(TranslateResponse(Result(204, "", ""), {}, 1).code, msc3079::kCoapContent);
}

TEST(TranslateResponseTest, InvalidJsonIsBadGatewayWithMatrixError) {
  CoapResponse response = TranslateResponse(Result(200, "application/json", "{oops"), {}, 1);
  EXPECT_EQ(response.code, msc3079::kCoapBadGateway);
  EXPECT_EQ(response.content_format, 60);
  EXPECT_EQ(RawKeys(response.body)["102"], "M_UNKNOWN");
}

TEST(TranslateResponseTest, NonJsonBodiesPassThroughWithTheirFormat) {
  CoapResponse text = TranslateResponse(Result(200, "text/plain; charset=utf-8", "hi"), {}, 1);
  EXPECT_EQ(text.content_format, 0);
  EXPECT_EQ(text.body, "hi");
  const std::string png("\x89PNG\r\n", 6);
  CoapResponse image = TranslateResponse(Result(200, "image/png", png), {}, 1);
  EXPECT_EQ(image.content_format, 42);
  EXPECT_EQ(image.body, png);
}

TEST(TranslateResponseTest, VersionsAdvertisesLowBandwidth) {
  ResponseOptions options;
  options.http_path = "/_matrix/client/versions";
  options.dtls_port = 8008;
  options.accept = 50;
  CoapResponse response = TranslateResponse(
      Result(200, "application/json", R"({"versions":["r0.6.1","v1.1"]})"), options, 1);
  nlohmann::json body = nlohmann::json::parse(response.body);
  nlohmann::json expected = {{"dtls", 8008}, {"cbor_enum_version", 1}, {"coap_enum_version", 1}};
  EXPECT_EQ(body["m.low_bandwidth"], expected);
  EXPECT_EQ(body["org.matrix.msc3079.low_bandwidth"], expected);
  EXPECT_EQ(body["versions"].size(), 2u);

  options.accept.reset();
  CoapResponse cbor =
      TranslateResponse(Result(200, "application/json", R"({"versions":["v1.1"]})"), options, 1);
  EXPECT_EQ(msc3079::DecodeCbor(cbor.body).value()["m.low_bandwidth"], expected);
}

TEST(TranslateResponseTest, OtherPathsAreNotAdvertised) {
  ResponseOptions options;
  options.http_path = "/_matrix/client/v3/sync";
  options.accept = 50;
  CoapResponse response =
      TranslateResponse(Result(200, "application/json", R"({"versions":[]})"), options, 1);
  EXPECT_EQ(response.body, R"({"versions":[]})");
}

TEST(ErrorResponseTest, GatewayErrorsCarryCodeAndCborBody) {
  absl::Status status =
      common::WithMatrixErrcode(absl::InvalidArgumentError("Missing parameter"), "M_MISSING_PARAM");
  CoapResponse response = ErrorResponse(status, 1);
  EXPECT_EQ(response.code, msc3079::kCoapBadRequest);
  EXPECT_EQ(response.content_format, 60);
  nlohmann::json body = RawKeys(response.body);
  EXPECT_EQ(body["102"], "M_MISSING_PARAM");
  EXPECT_EQ(body["103"], "Missing parameter");

  CoapResponse strings = ErrorResponse(status, 0);
  EXPECT_EQ(RawKeys(strings.body)["errcode"], "M_MISSING_PARAM");
}

TEST(ErrorResponseTest, AttachedCoapCodeWins) {
  CoapRequest request;
  request.method = 7;  // iPATCH
  request.uri_path = {"7"};
  SessionState session;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(request, {}, session);
  ASSERT_FALSE(call.ok());
  CoapResponse response = ErrorResponse(call.status(), 1);
  EXPECT_EQ(response.code, msc3079::kCoapMethodNotAllowed);
  EXPECT_EQ(RawKeys(response.body)["102"], "M_UNRECOGNIZED");
}

TEST(ErrorResponseTest, InternalDetailStaysOutAndRetryHintBecomesMaxAge) {
  absl::Status unavailable = common::WithRetryAfter(
      absl::UnavailableError("router 127.0.0.1:50051 refused"), std::chrono::milliseconds(2500));
  CoapResponse response = ErrorResponse(unavailable, 1);
  EXPECT_EQ(response.code, msc3079::kCoapServiceUnavailable);
  EXPECT_EQ(response.max_age, 3u);
  EXPECT_EQ(response.body.find("127.0.0.1"), std::string::npos);
}

}  // namespace
}  // namespace mxedge::coap_gateway
