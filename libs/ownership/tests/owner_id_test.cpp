#include "mxedge/ownership/owner_id.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mxedge::ownership {
namespace {

TEST(ValidateOwnerIdTest, AcceptsPodAndHostNames) {
  EXPECT_TRUE(ValidateOwnerId("irc-worker-7d9f8-abcde").ok());
  EXPECT_TRUE(ValidateOwnerId("router.1@node_a").ok());
  EXPECT_TRUE(ValidateOwnerId(std::string(kMaxOwnerIdBytes, 'a')).ok());
}

TEST(ValidateOwnerIdTest, RejectsEmptyAndTooLong) {
  EXPECT_EQ(ValidateOwnerId("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateOwnerId(std::string(kMaxOwnerIdBytes + 1, 'a')).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ValidateOwnerIdTest, RejectsSeparatorsAndUnprintableBytes) {
  for (const std::string& bad : std::vector<std::string>{"a:b", "a b", std::string("a\0b", 3),
                                                         "a\nb", "a\x7f", "caf\xc3\xa9"}) {
    const absl::Status status = ValidateOwnerId(bad);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(status.message().find("forbidden character"), std::string::npos) << status;
  }
}

}  // namespace
}  // namespace mxedge::ownership
