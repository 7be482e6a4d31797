#include "mxedge/common/str_cat.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace mxedge::common {
namespace {

TEST(CatTest, JoinsStdAndAbslViewsStringsAndNumbers) {
  const std::string owned = "owned";
  const std::string_view view = "view";
  const absl::string_view absl_view = "absl";
  EXPECT_EQ(Cat(view, "/", owned, "/", absl_view, "/", 42, "/", -7, "/", 1.5),
            "view/owned/absl/42/-7/1.5");
  EXPECT_EQ(Cat(), "");
}

TEST(CatTest, KeepsEmbeddedNulsAndEmptyPieces) {
  const std::string_view with_nul("a\0b", 3);
  EXPECT_EQ(Cat(with_nul, std::string_view()), std::string("a\0b", 3));
}

TEST(StringViewAdaptersTest, RoundTripWithoutCopying) {
  const std::string text = "redis://127.0.0.1";
  const absl::string_view a = Absl(text);
  EXPECT_EQ(a.data(), text.data());
  EXPECT_EQ(a.size(), text.size());
  const std::string_view s = Std(a);
  EXPECT_EQ(s.data(), text.data());
  EXPECT_EQ(s, text);
}

}  // namespace
}  // namespace mxedge::common
