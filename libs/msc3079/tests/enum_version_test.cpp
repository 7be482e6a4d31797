#include "mxedge/msc3079/enum_version.hpp"

#include <gtest/gtest.h>

namespace mxedge::msc3079 {
namespace {

TEST(SessionEnumVersionTest, DefaultsToV1ForCoapSessions) {
  SessionEnumVersion session;
  EXPECT_EQ(session.version(), 1u);
  EXPECT_EQ(&session.key_table(), &KeyTable::V1());
  ASSERT_TRUE(session.Apply(std::nullopt).ok());
  EXPECT_EQ(session.version(), 1u);
}

TEST(SessionEnumVersionTest, DefaultIsConfigurable) {
  SessionEnumVersion session(EnumVersionPolicy{.default_version = 0});
  EXPECT_EQ(session.version(), 0u);
  EXPECT_EQ(&session.key_table(), &KeyTable::Empty());
}

TEST(SessionEnumVersionTest, ZeroOptsOutAndIsSticky) {
  SessionEnumVersion session;
  ASSERT_TRUE(session.Apply(0).ok());
  EXPECT_EQ(session.version(), 0u);
  ASSERT_TRUE(session.Apply(std::nullopt).ok());
  EXPECT_EQ(session.version(), 0u);
  ASSERT_TRUE(session.Apply(1).ok());
  EXPECT_EQ(session.version(), 1u);
}

TEST(SessionEnumVersionTest, UnknownVersionIsRejectedAndLeavesTheSessionAlone) {
  SessionEnumVersion session;
  ASSERT_TRUE(session.Apply(0).ok());
  absl::Status status = session.Apply(2);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("option 257"), std::string_view::npos);
  EXPECT_EQ(session.version(), 0u);
  EXPECT_FALSE(session.Apply(~std::uint64_t{0}).ok());
}

}  // namespace
}  // namespace mxedge::msc3079
