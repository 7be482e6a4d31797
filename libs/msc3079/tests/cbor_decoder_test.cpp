#include "mxedge/msc3079/cbor_decoder.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_data.hpp"

namespace mxedge::msc3079 {
namespace {

using nlohmann::json;
using testing::HexToBytes;

absl::StatusOr<json> Decode(std::string_view hex, CborDecodeOptions options = {}) {
  return DecodeCbor(HexToBytes(hex), options);
}

json DecodeOk(std::string_view hex, CborDecodeOptions options = {}) {
  absl::StatusOr<json> value = Decode(hex, options);
  EXPECT_TRUE(value.ok()) << value.status() << " for " << hex;
  return value.ok() ? *value : json();
}

// The error message of decoding `hex`, which must fail with InvalidArgument.
std::string DecodeError(std::string_view hex, CborDecodeOptions options = {}) {
  absl::StatusOr<json> value = Decode(hex, options);
  EXPECT_FALSE(value.ok()) << "decoded " << hex << " to " << (value.ok() ? value->dump() : "");
  if (value.ok()) {
    return "";
  }
  EXPECT_EQ(value.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(value.status().message());
}

TEST(CborDecoderTest, DecodesScalars) {
  EXPECT_EQ(DecodeOk("00"), json(0));
  EXPECT_EQ(DecodeOk("17"), json(23));
  EXPECT_EQ(DecodeOk("1818"), json(24));
  EXPECT_EQ(DecodeOk("1bffffffffffffffff"), json(18446744073709551615ULL));
  EXPECT_EQ(DecodeOk("20"), json(-1));
  EXPECT_EQ(DecodeOk("3b7fffffffffffffff"), json(INT64_MIN));
  EXPECT_EQ(DecodeOk("f4"), json(false));
  EXPECT_EQ(DecodeOk("f5"), json(true));
  EXPECT_EQ(DecodeOk("f6"), json(nullptr));
  EXPECT_EQ(DecodeOk("f7"), json(nullptr));  // undefined
  EXPECT_EQ(DecodeOk("60"), json(""));
  EXPECT_EQ(DecodeOk("63e282ac"), json("\xe2\x82\xac"));
}

TEST(CborDecoderTest, AcceptsNonShortestIntegerHeads) {
  EXPECT_EQ(DecodeOk("1b0000000000000005"), json(5));
  EXPECT_EQ(DecodeOk("780161"), json("a"));
}

TEST(CborDecoderTest, DecodesFloatsIntegralOnesAsIntegers) {
  EXPECT_EQ(DecodeOk("f93e00"), json(1.5));
  EXPECT_EQ(DecodeOk("f93e00").type(), json::value_t::number_float);
  EXPECT_EQ(DecodeOk("f94800"), json(8));
  EXPECT_EQ(DecodeOk("f94800").type(), json::value_t::number_unsigned);
  EXPECT_EQ(DecodeOk("f9c500").type(), json::value_t::number_integer);
  EXPECT_EQ(DecodeOk("f9c500"), json(-5));
  EXPECT_EQ(DecodeOk("fa3fc00000"), json(1.5));
  EXPECT_EQ(DecodeOk("fb3ff8000000000000"), json(1.5));
  EXPECT_EQ(DecodeOk("f90001"), json(5.960464477539063e-8));  // smallest half subnormal
  EXPECT_EQ(DecodeOk("fb427792f864800000"), json(1620000000000));
  EXPECT_EQ(DecodeOk("fb43f0000000000000"), json(1.8446744073709552e19));  // 2^64: stays float
  EXPECT_EQ(DecodeOk("fb43f0000000000000").type(), json::value_t::number_float);
}

TEST(CborDecoderTest, RejectsNanAndInfinity) {
  EXPECT_EQ(DecodeError("f97e00"),
            "CBOR decode: NaN or infinite float (JSON cannot hold it) at byte offset 0");
  EXPECT_NE(DecodeError("f97c00").find("infinite"), std::string::npos);
  EXPECT_NE(DecodeError("fa7f800000").find("infinite"), std::string::npos);
  EXPECT_NE(DecodeError("81fbfff0000000000000").find("offset 1"), std::string::npos);
}

TEST(CborDecoderTest, MapsIntegerKeysThroughTheTable) {
  EXPECT_EQ(DecodeOk("a2016178185c6179"), json::parse(R"({"event_id":"x","m.fully_read":"y"})"));
  // Version 0 knows no keys: integers become decimal strings.
  CborDecodeOptions v0;
  v0.key_table = &KeyTable::Empty();
  EXPECT_EQ(DecodeOk("a1016178", v0), json::parse(R"({"1":"x"})"));
}

TEST(CborDecoderTest, UnknownAndNegativeIntegerKeysBecomeDecimalStrings) {
  EXPECT_EQ(DecodeOk("a3186961612061621bffffffffffffffff6163"),
            json::parse(R"({"105":"a","-1":"b","18446744073709551615":"c"})"));
  EXPECT_EQ(DecodeOk("a13bffffffffffffffff00"), json::parse(R"({"-18446744073709551616":0})"));
}

TEST(CborDecoderTest, TextKeyWinsOverIntegerFormInEitherOrder) {
  // {1:"x", "event_id":"y"} and {"event_id":"y", 1:"x"}
  EXPECT_EQ(DecodeOk("a2016178686576656e745f69646179"), json::parse(R"({"event_id":"y"})"));
  EXPECT_EQ(DecodeOk("a2686576656e745f69646179016178"), json::parse(R"({"event_id":"y"})"));
  // Unknown integer key 200 against the literal text key "200".
  EXPECT_EQ(DecodeOk("a218c86178633230306179"), json::parse(R"({"200":"y"})"));
}

TEST(CborDecoderTest, RejectsTheSameFormOfAKeyTwice) {
  EXPECT_EQ(DecodeError("a2016178016179"),
            "CBOR decode: duplicate map key \"event_id\" at byte offset 4");
  EXPECT_NE(DecodeError("a2616100616100").find("duplicate map key \"a\""), std::string::npos);
  // Integer, text, then the integer again; and text, integer, then the text again.
  EXPECT_NE(DecodeError("a3016178686576656e745f6964617901617a").find("offset 15"),
            std::string::npos);
  EXPECT_NE(DecodeError("a3686576656e745f69646179016178686576656e745f6964617a").find("duplicate"),
            std::string::npos);
}

TEST(CborDecoderTest, RejectsByteStringsAndForeignKeyTypes) {
  EXPECT_EQ(DecodeError("4101"),
            "CBOR decode: byte string (JSON has no byte strings) at byte offset 0");
  EXPECT_EQ(DecodeError("a1f400"),
            "CBOR decode: map key is neither a text string nor an integer at byte offset 1");
  EXPECT_NE(DecodeError("a1410100").find("byte offset 1"), std::string::npos);
  EXPECT_NE(DecodeError("a18000").find("map key"), std::string::npos);
  EXPECT_NE(DecodeError("a1f93e0000").find("map key"), std::string::npos);
}

TEST(CborDecoderTest, RejectsIndefiniteLengthsAndBreaks) {
  EXPECT_EQ(DecodeError("9fff"),
            "CBOR decode: indefinite-length item (not allowed) at byte offset 0");
  EXPECT_NE(DecodeError("bfff").find("indefinite"), std::string::npos);
  EXPECT_NE(DecodeError("7fff").find("indefinite"), std::string::npos);
  EXPECT_NE(DecodeError("5fff").find("indefinite"), std::string::npos);
  EXPECT_EQ(DecodeError("ff"), "CBOR decode: unexpected break byte at byte offset 0");
  EXPECT_NE(DecodeError("1f").find("additional information 31"), std::string::npos);
  EXPECT_NE(DecodeError("1c").find("reserved additional information 28"), std::string::npos);
}

TEST(CborDecoderTest, AcceptsOnlyTagOneAsEpochTime) {
  EXPECT_EQ(DecodeOk("c11a5f5e1000"), json("2020-09-13T12:26:40Z"));
  EXPECT_EQ(DecodeOk("c100"), json("1970-01-01T00:00:00Z"));
  EXPECT_EQ(DecodeOk("c120"), json("1969-12-31T23:59:59Z"));
  EXPECT_EQ(DecodeOk("c1fb41d7d78400000000"), json("2020-09-13T12:26:40Z"));
  EXPECT_EQ(DecodeOk("c1f93e00"), json("1970-01-01T00:00:01.5Z"));
  EXPECT_EQ(DecodeError("c06161"), "CBOR decode: tag 0 not allowed (only tag 1) at byte offset 0");
  EXPECT_NE(DecodeError("d8206161").find("tag 32"), std::string::npos);
  EXPECT_NE(DecodeError("c16161").find("not a number"), std::string::npos);
  EXPECT_NE(DecodeError("c1c100").find("not a number"), std::string::npos);
  EXPECT_NE(DecodeError("c11b7fffffffffffffff").find("outside years"), std::string::npos);
  EXPECT_NE(DecodeError("c1").find("unexpected end"), std::string::npos);
}

TEST(CborDecoderTest, RejectsOtherSimpleValues) {
  EXPECT_EQ(DecodeError("e0"), "CBOR decode: simple value 0 not allowed at byte offset 0");
  EXPECT_NE(DecodeError("f3").find("simple value 19"), std::string::npos);
  EXPECT_NE(DecodeError("f820").find("simple value 32"), std::string::npos);
  EXPECT_NE(DecodeError("f8").find("truncated"), std::string::npos);
}

TEST(CborDecoderTest, RejectsInvalidUtf8WithTheOffsetOfTheBadByte) {
  EXPECT_EQ(DecodeError("6261ff"), "CBOR decode: invalid UTF-8 in text string at byte offset 2");
  EXPECT_NE(DecodeError("62c0af").find("UTF-8"), std::string::npos);           // overlong
  EXPECT_NE(DecodeError("63eda080").find("UTF-8"), std::string::npos);         // surrogate
  EXPECT_NE(DecodeError("64f4908080").find("UTF-8"), std::string::npos);       // > U+10FFFF
  EXPECT_NE(DecodeError("62e282").find("UTF-8"), std::string::npos);           // cut sequence
  EXPECT_NE(DecodeError("a162ff610000").find("offset 2"), std::string::npos);  // in a key
}

TEST(CborDecoderTest, RejectsTruncationAndForgedCounts) {
  EXPECT_EQ(DecodeError(""), "CBOR decode: empty input");
  EXPECT_EQ(DecodeError("19"), "CBOR decode: truncated item head at byte offset 0");
  EXPECT_EQ(DecodeError("6361"),
            "CBOR decode: text string of 3 bytes exceeds the remaining 1 at byte offset 0");
  EXPECT_EQ(DecodeError("828100"), "CBOR decode: unexpected end of input at byte offset 3");
  EXPECT_EQ(DecodeError("82"),
            "CBOR decode: array of 2 items exceeds the remaining 0 bytes at byte offset 0");
  EXPECT_NE(DecodeError("a2010001").find("map of 2 pairs exceeds the remaining 3"),
            std::string::npos);
  EXPECT_NE(DecodeError("9bffffffffffffffff00").find("array of 18446744073709551615 items"),
            std::string::npos);
  EXPECT_NE(DecodeError("bb00000000ffffffff0000").find("map of 4294967295 pairs"),
            std::string::npos);
  EXPECT_NE(DecodeError("7bffffffffffffffff").find("text string of"), std::string::npos);
}

TEST(CborDecoderTest, RejectsNegativeIntegersBelowInt64) {
  EXPECT_EQ(DecodeError("3b8000000000000000"),
            "CBOR decode: negative integer below -2^63 at byte offset 0");
}

TEST(CborDecoderTest, LimitsNesting) {
  const std::string deep64(64, '\x81');
  CborDecodeOptions options;
  absl::StatusOr<json> ok = DecodeCbor(deep64 + std::string(1, '\x00'), options);
  ASSERT_TRUE(ok.ok()) << ok.status();
  absl::StatusOr<json> too_deep = DecodeCbor(deep64 + std::string("\x81\x00", 2), options);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.status().message(),
            "CBOR decode: nesting deeper than 64 levels at byte offset 64");
  options.max_depth = 2;
  EXPECT_NE(DecodeError("a161618180", options).find("nesting deeper than 2"), std::string::npos);
  EXPECT_TRUE(Decode("a1616180", options).ok());
  // A huge limit is capped, so a million nested arrays still fail without exhausting the stack.
  options.max_depth = 1 << 30;
  EXPECT_FALSE(DecodeCbor(std::string(1000000, '\x81')).ok());
  EXPECT_FALSE(DecodeCbor(std::string(1000000, '\x81'), options).ok());
}

TEST(CborDecoderTest, TrailingBytesPolicy) {
  EXPECT_EQ(DecodeError("0000"),
            "CBOR decode: 1 trailing bytes after the top-level item at byte offset 1");
  CborDecodeOptions lenient;
  lenient.trailing_bytes = TrailingBytes::kIgnore;
  EXPECT_EQ(DecodeOk("01ff", lenient), json(1));
  // Only bytes after a complete item are ignored: a broken first item still fails.
  EXPECT_FALSE(Decode("82", lenient).ok());
}

}  // namespace
}  // namespace mxedge::msc3079
