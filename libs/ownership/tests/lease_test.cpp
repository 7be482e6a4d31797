#include "mxedge/ownership/lease.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mxedge::ownership {
namespace {

TEST(ParseLeaseTest, ParsesOwnerAndEpoch) {
  absl::StatusOr<Lease> lease = ParseLease("router-1:42");
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_EQ(lease->owner_id, "router-1");
  EXPECT_EQ(lease->epoch, 42);
}

TEST(ParseLeaseTest, RoundTripsThroughToString) {
  const Lease lease{"w.7", 9223372036854775807};
  EXPECT_EQ(lease.ToString(), "w.7:9223372036854775807");
  absl::StatusOr<Lease> parsed = ParseLease(lease.ToString());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, lease);
}

TEST(ParseLeaseTest, RejectsEveryMalformedClass) {
  for (const std::string bad : {
           "",                              // empty
           "router-1",                      // no separator
           ":5",                            // empty owner
           "router-1:",                     // empty epoch
           "a:b:5",                         // ':' inside the owner
           "router 1:5",                    // space in the owner
           "router-1:0",                    // zero epoch
           "router-1:007",                  // leading zero
           "router-1:-3",                   // sign
           "router-1:+3",                   // sign
           "router-1:12a",                  // not a number
           "router-1: 12",                  // space in the epoch
           "router-1:9223372036854775808",  // INT64_MAX + 1
           "router-1:99999999999999999999999",
       }) {
    absl::StatusOr<Lease> lease = ParseLease(bad);
    EXPECT_EQ(lease.status().code(), absl::StatusCode::kInvalidArgument) << '"' << bad << '"';
  }
}

}  // namespace
}  // namespace mxedge::ownership
