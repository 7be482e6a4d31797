#include "mxedge/msc3079/cbor_encoder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_data.hpp"

namespace mxedge::msc3079 {
namespace {

using nlohmann::json;
using testing::BytesToHex;

std::string Hex(const json& value, CborEncodeOptions options = {}) {
  absl::StatusOr<std::string> bytes = EncodeCbor(value, options);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? BytesToHex(*bytes) : std::string();
}

std::string EncodeError(const json& value, CborEncodeOptions options = {}) {
  absl::StatusOr<std::string> bytes = EncodeCbor(value, options);
  EXPECT_FALSE(bytes.ok());
  if (bytes.ok()) {
    return "";
  }
  EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(bytes.status().message());
}

TEST(CborEncoderTest, IntegersUseTheShortestHead) {
  EXPECT_EQ(Hex(0), "00");
  EXPECT_EQ(Hex(23), "17");
  EXPECT_EQ(Hex(24), "1818");
  EXPECT_EQ(Hex(255), "18ff");
  EXPECT_EQ(Hex(256), "190100");
  EXPECT_EQ(Hex(65536), "1a00010000");
  EXPECT_EQ(Hex(4294967296LL), "1b0000000100000000");
  EXPECT_EQ(Hex(std::numeric_limits<std::uint64_t>::max()), "1bffffffffffffffff");
  EXPECT_EQ(Hex(-1), "20");
  EXPECT_EQ(Hex(-25), "3818");
  EXPECT_EQ(Hex(std::numeric_limits<std::int64_t>::min()), "3b7fffffffffffffff");
}

TEST(CborEncoderTest, NonIntegralNumbersUseTheShortestExactFloat) {
  EXPECT_EQ(Hex(1.5), "f93e00");
  EXPECT_EQ(Hex(-0.5), "f9b800");
  EXPECT_EQ(Hex(65504.5), "fa477fe080");           // beyond the half range
  EXPECT_EQ(Hex(5.960464477539063e-8), "f90001");  // half subnormal
  EXPECT_EQ(Hex(0.1), "fb3fb999999999999a");
  EXPECT_EQ(Hex(100000.5), "fa47c35040");
}

TEST(CborEncoderTest, IntegralDoublesBecomeIntegers) {
  EXPECT_EQ(Hex(8.0), "08");
  EXPECT_EQ(Hex(-5.0), "24");
  EXPECT_EQ(Hex(-0.0), "00");
  EXPECT_EQ(Hex(1620000000000.0), "1b000001792f864800");
  EXPECT_EQ(Hex(1e30), "fb46293e5939a08cea");  // beyond uint64: stays a float
}

TEST(CborEncoderTest, RejectsNonFiniteNumbersAndBinary) {
  EXPECT_NE(EncodeError(std::nan("")).find("not finite"), std::string::npos);
  EXPECT_NE(EncodeError(json::array({std::numeric_limits<double>::infinity()})).find("not finite"),
            std::string::npos);
  EXPECT_EQ(EncodeError(json::binary({1, 2})), "CBOR encode: JSON binary values are not allowed");
  EXPECT_NE(EncodeError(json(json::value_t::discarded)).find("discarded"), std::string::npos);
}

TEST(CborEncoderTest, RejectsInvalidUtf8InValuesAndKeys) {
  EXPECT_EQ(EncodeError(json("ab\xff")), "CBOR encode: invalid UTF-8 at byte 2 of a string");
  json object;
  object["\xc0\xaf"] = 1;
  EXPECT_EQ(EncodeError(object), "CBOR encode: invalid UTF-8 at byte 0 of a map key");
}

TEST(CborEncoderTest, TableKeysBecomeIntegersAtEveryDepthButValuesStay) {
  const json doc = json::parse(
      R"({"events":[{"type":"type","content":{"body":"body"}}],"other":{"sender":"x"}})");
  // {13: [{2: "type", 3: {27: "body"}}], "other": {6: "x"}}
  EXPECT_EQ(Hex(doc),
            "a20d81a2026474797065"
            "03a1181b64626f6479"
            "656f74686572a10661"
            "78");
}

TEST(CborEncoderTest, KeysAreInCanonicalOrder) {
  // Shorter encoded key first (1-byte ints, 2-byte ints, then text by length), then bytewise.
  const json doc = json::parse(R"({"zz":0,"b":0,"a":0,"event_id":0,"error":0,"room_alias":0})");
  EXPECT_EQ(Hex(doc),
            "a6"
            "0100"
            "186700"
            "186800"
            "616100"
            "616200"
            "627a7a00");
}

TEST(CborEncoderTest, VersionZeroWritesTextKeysOnly) {
  CborEncodeOptions options;
  options.key_table = &KeyTable::Empty();
  EXPECT_EQ(Hex(json::parse(R"({"event_id":"x"})"), options),
            "a168"
            "6576656e745f6964"
            "6178");
}

TEST(CborEncoderTest, LimitsNesting) {
  json deep = 1;
  for (int i = 0; i < 300; ++i) {
    deep = json::array({deep});
  }
  EXPECT_EQ(EncodeError(deep), "CBOR encode: nesting deeper than 256 levels");
  CborEncodeOptions options;
  options.max_depth = 1000;
  EXPECT_TRUE(EncodeCbor(deep, options).ok());
}

TEST(CborEncoderTest, EncodeToAppends) {
  std::string out = "x";
  ASSERT_TRUE(EncodeCborTo(json::parse(R"({"type":"t"})"), {}, out).ok());
  EXPECT_EQ(BytesToHex(out),
            "78"
            "a1026174");
}

}  // namespace
}  // namespace mxedge::msc3079
