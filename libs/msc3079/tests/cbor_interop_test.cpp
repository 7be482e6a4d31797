// Cross-checks against libcbor (an independent CBOR implementation) and nlohmann's CBOR, plus
// round-trip properties on random documents (deterministic seeds).
#include <cbor.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "random_json.hpp"

namespace mxedge::msc3079 {
namespace {

using nlohmann::json;

// Owns a libcbor item.
struct ItemDeleter {
  void operator()(cbor_item_t* item) const { cbor_decref(&item); }
};
using Item = std::unique_ptr<cbor_item_t, ItemDeleter>;

// libcbor item → JSON with MSC3079 key rules, written independently of our decoder.
json FromLibcbor(const cbor_item_t* item) {
  switch (cbor_typeof(item)) {
    case CBOR_TYPE_UINT:
      return static_cast<std::uint64_t>(cbor_get_int(item));
    case CBOR_TYPE_NEGINT:
      return -1 - static_cast<std::int64_t>(cbor_get_int(item));
    case CBOR_TYPE_STRING:
      return std::string(reinterpret_cast<const char*>(cbor_string_handle(item)),
                         cbor_string_length(item));
    case CBOR_TYPE_ARRAY: {
      json array = json::array();
      for (std::size_t i = 0; i < cbor_array_size(item); ++i) {
        array.push_back(FromLibcbor(cbor_array_handle(item)[i]));
      }
      return array;
    }
    case CBOR_TYPE_MAP: {
      json object = json::object();
      for (std::size_t i = 0; i < cbor_map_size(item); ++i) {
        const cbor_pair& pair = cbor_map_handle(item)[i];
        std::string key;
        if (cbor_isa_uint(pair.key)) {
          const auto id = cbor_get_int(pair.key);
          key = KeyTable::V1().NameOf(id).value_or(std::to_string(id));
          EXPECT_TRUE(KeyTable::V1().NameOf(id).has_value()) << "our encoder wrote int key " << id;
        } else {
          EXPECT_TRUE(cbor_isa_string(pair.key));
          key = FromLibcbor(pair.key).get<std::string>();
          EXPECT_FALSE(KeyTable::V1().IdOf(key).has_value()) << "table key left as text: " << key;
        }
        object[key] = FromLibcbor(pair.value);
      }
      return object;
    }
    case CBOR_TYPE_FLOAT_CTRL:
      if (cbor_float_ctrl_is_ctrl(item)) {
        if (cbor_is_null(item)) {
          return nullptr;
        }
        EXPECT_TRUE(cbor_is_bool(item));
        return cbor_get_bool(item);
      }
      return cbor_float_get_float(item);
    default:
      ADD_FAILURE() << "unexpected libcbor type " << cbor_typeof(item);
      return nullptr;
  }
}

// JSON → libcbor item: table keys as integers, members in a shuffled (non-canonical) order,
// integers in 8-byte (non-shortest) form, floats as f64.
cbor_item_t* ToLibcbor(const json& value, std::mt19937_64& rng) {
  switch (value.type()) {
    case json::value_t::null:
      return cbor_new_null();
    case json::value_t::boolean:
      return cbor_build_bool(value.get<bool>());
    case json::value_t::number_unsigned:
      return cbor_build_uint64(value.get<std::uint64_t>());
    case json::value_t::number_integer: {
      const auto number = value.get<std::int64_t>();
      return number >= 0 ? cbor_build_uint64(static_cast<std::uint64_t>(number))
                         : cbor_build_negint64(~static_cast<std::uint64_t>(number));
    }
    case json::value_t::number_float:
      return cbor_build_float8(value.get<double>());
    case json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      return cbor_build_stringn(text.data(), text.size());
    }
    case json::value_t::array: {
      cbor_item_t* array = cbor_new_definite_array(value.size());
      for (const json& element : value) {
        EXPECT_TRUE(cbor_array_push(array, cbor_move(ToLibcbor(element, rng))));
      }
      return array;
    }
    case json::value_t::object: {
      std::vector<std::pair<std::string, const json*>> members;
      for (const auto& [key, member] : value.items()) {
        members.emplace_back(key, &member);
      }
      std::shuffle(members.begin(), members.end(), rng);
      cbor_item_t* map = cbor_new_definite_map(members.size());
      for (const auto& [key, member] : members) {
        const auto id = KeyTable::V1().IdOf(key);
        cbor_item_t* key_item =
            id ? cbor_build_uint64(*id) : cbor_build_stringn(key.data(), key.size());
        EXPECT_TRUE(cbor_map_add(map, cbor_pair{.key = cbor_move(key_item),
                                                .value = cbor_move(ToLibcbor(*member, rng))}));
      }
      return map;
    }
    default:
      ADD_FAILURE() << "unexpected JSON type";
      return cbor_new_null();
  }
}

constexpr int kDocuments = 400;

TEST(CborInteropTest, RandomDocumentsRoundTrip) {
  testing::RandomJson random(20260101);
  for (int i = 0; i < kDocuments; ++i) {
    const json doc = random.Document();
    absl::StatusOr<std::string> bytes = EncodeCbor(doc);
    ASSERT_TRUE(bytes.ok()) << bytes.status() << doc.dump();
    absl::StatusOr<json> back = DecodeCbor(*bytes);
    ASSERT_TRUE(back.ok()) << back.status() << doc.dump();
    EXPECT_EQ(*back, doc) << doc.dump();
    // Canonical: encoding the decoded document gives the same bytes.
    EXPECT_EQ(*EncodeCbor(*back), *bytes);
    // String keys only (option 257 = 0) round-trip too.
    CborEncodeOptions v0;
    v0.key_table = &KeyTable::Empty();
    absl::StatusOr<json> back_v0 = DecodeCbor(*EncodeCbor(doc, v0));
    ASSERT_TRUE(back_v0.ok()) << back_v0.status();
    EXPECT_EQ(*back_v0, doc);
  }
}

TEST(CborInteropTest, LibcborDecodesOurEncodings) {
  testing::RandomJson random(7);
  for (int i = 0; i < kDocuments; ++i) {
    const json doc = random.Document();
    const std::string bytes = *EncodeCbor(doc);
    cbor_load_result result;
    Item item(
        cbor_load(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), &result));
    ASSERT_NE(item, nullptr) << "libcbor error " << result.error.code << " for " << doc.dump();
    EXPECT_EQ(result.read, bytes.size());
    EXPECT_EQ(FromLibcbor(item.get()), doc) << doc.dump();
  }
}

TEST(CborInteropTest, WeDecodeLibcborEncodings) {
  testing::RandomJson random(99);
  std::mt19937_64 rng(99);
  for (int i = 0; i < kDocuments; ++i) {
    const json doc = random.Document();
    Item item(ToLibcbor(doc, rng));
    unsigned char* buffer = nullptr;
    std::size_t capacity = 0;
    const std::size_t length = cbor_serialize_alloc(item.get(), &buffer, &capacity);
    ASSERT_GT(length, 0u);
    const std::string bytes(reinterpret_cast<const char*>(buffer), length);
    free(buffer);
    absl::StatusOr<json> decoded = DecodeCbor(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status() << doc.dump();
    EXPECT_EQ(*decoded, doc) << doc.dump();
  }
}

TEST(CborInteropTest, WeDecodeNlohmannStringKeyCbor) {
  testing::RandomJson random(5);
  for (int i = 0; i < kDocuments; ++i) {
    const json doc = random.Document();
    const std::vector<std::uint8_t> bytes = json::to_cbor(doc);
    absl::StatusOr<json> decoded = DecodeCbor(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status() << doc.dump();
    EXPECT_EQ(*decoded, doc) << doc.dump();
    // And nlohmann reads our string-key form.
    CborEncodeOptions v0;
    v0.key_table = &KeyTable::Empty();
    const std::string ours = *EncodeCbor(doc, v0);
    EXPECT_EQ(json::from_cbor(ours), doc) << doc.dump();
  }
}

TEST(CborInteropTest, LibcborRejectsWhatWeRejectOrWeAreStricter) {
  // Inputs libcbor also calls malformed must fail here too.
  for (const std::string& bytes :
       {std::string("\x1c", 1), std::string("\xff", 1), std::string("\x82\x01", 2),
        std::string("\x62\xff\xfe", 3), std::string("\x63\x61", 2)}) {
    cbor_load_result result;
    Item item(
        cbor_load(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), &result));
    EXPECT_EQ(item, nullptr);
    EXPECT_FALSE(DecodeCbor(bytes).ok());
  }
}

}  // namespace
}  // namespace mxedge::msc3079
