#include "mxedge/msc3079/key_table.hpp"

#include <gtest/gtest.h>

#include <set>

#include "test_data.hpp"

namespace mxedge::msc3079 {
namespace {

TEST(KeyTableTest, V1EqualsTheMscTableFileExactly) {
  const nlohmann::json file = testing::LoadDataJson("tables_v1.json")["cbor_keys_v1"];
  const KeyTable& table = KeyTable::V1();
  ASSERT_EQ(file.size(), 104u);
  ASSERT_EQ(table.size(), file.size());
  for (const auto& [name, id] : file.items()) {
    EXPECT_EQ(table.IdOf(name), id.get<std::uint32_t>()) << name;
    EXPECT_EQ(table.NameOf(id.get<std::uint64_t>()), name) << id;
  }
  for (const KeyEntry& entry : table.entries()) {
    ASSERT_TRUE(file.contains(std::string(entry.name))) << entry.name;
    EXPECT_EQ(file[std::string(entry.name)].get<std::uint32_t>(), entry.id);
  }
}

TEST(KeyTableTest, V1IdsAreDenseAndUnique) {
  std::set<std::uint32_t> ids;
  for (const KeyEntry& entry : KeyTable::V1().entries()) {
    EXPECT_TRUE(ids.insert(entry.id).second) << entry.id;
  }
  EXPECT_EQ(*ids.begin(), 1u);
  EXPECT_EQ(*ids.rbegin(), 104u);
}

TEST(KeyTableTest, UnknownNamesAndIdsAreAbsent) {
  const KeyTable& table = KeyTable::V1();
  EXPECT_EQ(table.IdOf("m.read"), std::nullopt);
  EXPECT_EQ(table.IdOf("8"), std::nullopt);
  EXPECT_EQ(table.IdOf(""), std::nullopt);
  EXPECT_EQ(table.NameOf(0), std::nullopt);
  EXPECT_EQ(table.NameOf(105), std::nullopt);
  EXPECT_EQ(table.NameOf(~std::uint64_t{0}), std::nullopt);
  EXPECT_EQ(table.IdOf("m.fully_read"), 92u);
  EXPECT_EQ(table.NameOf(104), "room_alias");
}

TEST(KeyTableTest, VersionZeroHasNoKeys) {
  const KeyTable& table = KeyTable::Empty();
  EXPECT_EQ(table.version(), 0u);
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.IdOf("event_id"), std::nullopt);
  EXPECT_EQ(table.NameOf(1), std::nullopt);
}

TEST(KeyTableTest, ForVersionResolvesKnownVersionsOnly) {
  EXPECT_EQ(*KeyTable::ForVersion(0), &KeyTable::Empty());
  EXPECT_EQ(*KeyTable::ForVersion(1), &KeyTable::V1());
  absl::StatusOr<const KeyTable*> unknown = KeyTable::ForVersion(2);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("version 2"), std::string_view::npos);
}

}  // namespace
}  // namespace mxedge::msc3079
