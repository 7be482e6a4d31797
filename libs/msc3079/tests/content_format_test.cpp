#include "mxedge/msc3079/content_format.hpp"

#include <gtest/gtest.h>

namespace mxedge::msc3079 {
namespace {

TEST(ContentFormatTest, NumbersAndMediaTypes) {
  EXPECT_EQ(static_cast<int>(ContentFormat::kJson), 50);
  EXPECT_EQ(static_cast<int>(ContentFormat::kCbor), 60);
  EXPECT_EQ(static_cast<int>(ContentFormat::kOctetStream), 42);
  EXPECT_EQ(static_cast<int>(ContentFormat::kTextPlain), 0);
  EXPECT_EQ(MediaTypeOf(ContentFormat::kCbor), "application/cbor");
  EXPECT_EQ(ContentFormatOf("application/json; charset=utf-8"), ContentFormat::kJson);
  EXPECT_EQ(ContentFormatOf(" Application/CBOR"), ContentFormat::kCbor);
  EXPECT_EQ(ContentFormatOf("image/png"), std::nullopt);
}

}  // namespace
}  // namespace mxedge::msc3079
