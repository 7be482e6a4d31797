#include "cbor_convert.hpp"

#include <gtest/gtest.h>

#include "nlohmann/json.hpp"

namespace mxedge::coap_cli {
namespace {

TEST(CborConvertTest, RoundTripsWithIntegerKeys) {
  const std::string json = R"({"msgtype":"m.text","body":"Hello World"})";
  absl::StatusOr<std::string> cbor = JsonToCbor(json, {});
  ASSERT_TRUE(cbor.ok()) << cbor.status();
  // v1 keys: the encoding is shorter than the string-keyed one.
  absl::StatusOr<std::string> strings = JsonToCbor(json, {.hex = false, .strings = true});
  ASSERT_TRUE(strings.ok());
  EXPECT_LT(cbor->size(), strings->size());
  absl::StatusOr<std::string> back = CborToJson(*cbor, {});
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(nlohmann::json::parse(*back), nlohmann::json::parse(json));
  EXPECT_EQ(back->back(), '\n');
}

TEST(CborConvertTest, HexOutputAndInput) {
  absl::StatusOr<std::string> hex = JsonToCbor("[1, 2]", {.hex = true});
  ASSERT_TRUE(hex.ok());
  EXPECT_EQ(*hex, "820102\n");
  absl::StatusOr<std::string> json = CborToJson("82 01\n02", {.hex = true});
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json, "[1,2]\n");
}

TEST(CborConvertTest, StringsModeLeavesIntegerKeysAsDecimalStrings) {
  // {1: "x"} with enum version 0: the key is not a name.
  absl::StatusOr<std::string> json = CborToJson("a10161 78", {.hex = true, .strings = true});
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json, "{\"1\":\"x\"}\n");
}

TEST(CborConvertTest, BadInputGivesClearErrors) {
  EXPECT_NE(CborToJson("", {}).status().message().find("empty input"), std::string::npos);
  EXPECT_NE(CborToJson("a1", {.hex = true}).status().message().find("bad CBOR"), std::string::npos);
  EXPECT_NE(CborToJson("abc", {.hex = true}).status().message().find("odd number"),
            std::string::npos);
  EXPECT_NE(CborToJson("zz", {.hex = true}).status().message().find("offset 0"), std::string::npos);
  // A byte string (major type 2) is refused.
  EXPECT_EQ(CborToJson("4100", {.hex = true}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(JsonToCbor("{\"a\":", {}).status().message().find("bad JSON"), std::string::npos);
}

TEST(HexTest, EncodeDecode) {
  EXPECT_EQ(EncodeHex(std::string("\x00\xff\x10", 3)), "00ff10");
  EXPECT_EQ(*DecodeHex("00 FF\t10"), std::string("\x00\xff\x10", 3));
}

}  // namespace
}  // namespace mxedge::coap_cli
