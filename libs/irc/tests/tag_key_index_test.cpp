#include "tag_key_index.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mxedge/irc/parser.hpp"

namespace mxedge::irc {
namespace {

TEST(TagKeyIndexTest, FindsRepeatsBeforeAndAfterSwitchingToTheHashIndex) {
  std::vector<std::string> keys;
  for (int i = 0; i < 40; ++i) {
    keys.push_back("k" + std::to_string(i));
  }
  internal::TagKeyIndex index;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(index.FindOrAdd(keys[i]), std::nullopt) << i;
    EXPECT_EQ(index.FindOrAdd(keys[i]), i) << i;
    EXPECT_EQ(index.FindOrAdd(keys[0]), 0u);
  }
}

TEST(TagKeyIndexTest, ManyTagsWithRepeatsParseInOrderWithTheLastValue) {
  std::string line = "@";
  for (int i = 0; i < 2000; ++i) {
    line += "t" + std::to_string(i % 1000) + "=" + std::to_string(i) + ";";
  }
  line += " PING x";
  absl::StatusOr<Message> m = ParseMessage(line, LineLimits{.max_tag_section_bytes = 1 << 16});
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->tags.size(), 1000u);
  EXPECT_EQ(m->tags[0].key, "t0");
  EXPECT_EQ(m->tags[0].value, "1000");
  EXPECT_EQ(m->tags[999].value, "1999");
}

}  // namespace
}  // namespace mxedge::irc
