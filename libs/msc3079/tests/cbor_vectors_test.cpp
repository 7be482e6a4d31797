// Every JSON <-> CBOR vector of data/vectors.json, each checked as its `match` says.
#include <gtest/gtest.h>

#include <map>

#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "test_data.hpp"

namespace mxedge::msc3079 {
namespace {

using nlohmann::json;
using testing::BytesToHex;
using testing::HexToBytes;

json Vectors() { return testing::LoadDataJson("vectors.json")["vectors"]; }

std::string EncodeHex(const json& value) {
  absl::StatusOr<std::string> bytes = EncodeCbor(value);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? BytesToHex(*bytes) : std::string();
}

json DecodeHex(std::string_view hex, TrailingBytes trailing = TrailingBytes::kReject) {
  CborDecodeOptions options;
  options.trailing_bytes = trailing;
  absl::StatusOr<json> value = DecodeCbor(HexToBytes(hex), options);
  EXPECT_TRUE(value.ok()) << value.status() << " for " << hex;
  return value.ok() ? *value : json();
}

TEST(CborVectorsTest, EveryCborVectorHoldsAsItsMatchSays) {
  std::map<std::string, int> checked;  // match → count
  for (const json& vector : Vectors()) {
    const std::string kind = vector["kind"];
    if (kind != "json_to_cbor" && kind != "cbor_to_json") {
      continue;
    }
    const std::string name = vector["name"];
    const std::string match = vector["match"];
    SCOPED_TRACE(name);
    if (kind == "json_to_cbor") {
      const json input = json::parse(vector["json"].get<std::string>());
      const std::string lb_hex = vector["cbor_hex"];
      ASSERT_EQ(vector["expected"], lb_hex);
      const std::string ours = EncodeHex(input);
      if (match == "exact_canonical" || match == "recommended") {
        EXPECT_EQ(ours, lb_hex);
        EXPECT_EQ(DecodeHex(lb_hex), input);
      } else if (match == "exact_lb_only") {
        if (vector.contains("recommended_cbor_hex")) {
          EXPECT_EQ(ours, vector["recommended_cbor_hex"].get<std::string>());
        }
        EXPECT_NE(ours, lb_hex) << "must not copy lb's float encoding";
        EXPECT_EQ(DecodeHex(ours), input);
        // lb's floats are accepted; only 2^53+1 differs, because lb rounded it (see next test).
        const json from_lb = DecodeHex(lb_hex);
        if (name != "large_int_precision_loss_in_lb") {
          EXPECT_EQ(from_lb, input);
        }
      } else if (match == "lb_bytes_key_order_random") {
        EXPECT_EQ(DecodeHex(lb_hex), input);
        EXPECT_EQ(DecodeHex(ours), input);
      } else {
        ADD_FAILURE() << "unexpected match " << match;
      }
    } else {
      const std::string hex = vector["cbor_hex"];
      if (match == "error") {
        EXPECT_EQ(vector["expected"], "error");
        EXPECT_FALSE(DecodeCbor(HexToBytes(hex)).ok());
        CborDecodeOptions lenient;
        lenient.trailing_bytes = TrailingBytes::kIgnore;
        EXPECT_FALSE(DecodeCbor(HexToBytes(hex), lenient).ok());
      } else {
        ASSERT_EQ(match, "semantic_json");
        const json expected = json::parse(vector["expected"].get<std::string>());
        EXPECT_EQ(DecodeHex(hex, TrailingBytes::kIgnore), expected);
      }
    }
    ++checked[match];
  }
  EXPECT_EQ(checked["exact_canonical"], 13);
  EXPECT_EQ(checked["exact_lb_only"], 3);
  EXPECT_EQ(checked["lb_bytes_key_order_random"], 1);
  EXPECT_EQ(checked["recommended"], 1);
  EXPECT_EQ(checked["semantic_json"], 4);
  EXPECT_EQ(checked["error"], 1);
  int total = 0;
  for (const auto& [match, count] : checked) {
    total += count;
  }
  EXPECT_EQ(total, 23);
}

const json& VectorNamed(const json& vectors, std::string_view name) {
  for (const json& vector : vectors) {
    if (vector["name"] == name) {
      return vector;
    }
  }
  static const json kMissing;
  ADD_FAILURE() << "no vector " << name;
  return kMissing;
}

TEST(CborVectorsTest, TrailingBytesVectorFailsByDefaultAndDecodesWhenIgnored) {
  const json vectors = Vectors();
  const json& vector = VectorNamed(vectors, "unknown_and_negative_int_keys");
  const std::string bytes = HexToBytes(vector["cbor_hex"].get<std::string>());
  absl::StatusOr<json> strict = DecodeCbor(bytes);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(strict.status().message().find("trailing"), std::string_view::npos);
  EXPECT_NE(strict.status().message().find("offset 17"), std::string_view::npos) << strict.status();

  CborDecodeOptions lenient;
  lenient.trailing_bytes = TrailingBytes::kIgnore;
  absl::StatusOr<json> decoded = DecodeCbor(bytes, lenient);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, json::parse(vector["expected"].get<std::string>()));
}

TEST(CborVectorsTest, LbRoundedLargeIntegerDecodesToTheRoundedValue) {
  const json vectors = Vectors();
  const json& vector = VectorNamed(vectors, "large_int_precision_loss_in_lb");
  EXPECT_EQ(DecodeHex(vector["cbor_hex"].get<std::string>()),
            json::parse(R"({"a":9007199254740992})"));
  EXPECT_EQ(EncodeHex(json::parse(R"({"a":9007199254740993})")), "a161611b0020000000000001");
}

TEST(CborVectorsTest, ByteStringVectorIsRejectedWithItsOffset) {
  const json vectors = Vectors();
  const json& vector = VectorNamed(vectors, "byte_string_crashes_lb");
  absl::StatusOr<json> decoded = DecodeCbor(HexToBytes(vector["cbor_hex"].get<std::string>()));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().message(),
            "CBOR decode: byte string (JSON has no byte strings) at byte offset 3");
}

TEST(CborVectorsTest, EveryStrictPrefixOfAVectorIsRejected) {
  int prefixes = 0;
  for (const json& vector : Vectors()) {
    if (!vector.contains("cbor_hex") || vector["match"] == "error") {
      continue;
    }
    const std::string bytes = HexToBytes(vector["cbor_hex"].get<std::string>());
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      CborDecodeOptions lenient;
      lenient.trailing_bytes = TrailingBytes::kIgnore;
      absl::StatusOr<json> decoded = DecodeCbor(std::string_view(bytes).substr(0, length), lenient);
      // A prefix may itself be a complete item only when the vector has trailing bytes.
      if (decoded.ok()) {
        EXPECT_EQ(vector["name"], "unknown_and_negative_int_keys") << length;
      } else {
        EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
      }
      ++prefixes;
    }
  }
  EXPECT_GT(prefixes, 700);
}

}  // namespace
}  // namespace mxedge::msc3079
