#include "session_limiter.hpp"

#include "gtest/gtest.h"

namespace mxedge::coap_gateway {
namespace {

TEST(SourceOfTest, KeepsIpv4Address) {
  absl::StatusOr<std::string> source = SourceOf("192.0.2.7", 64);
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(*source, "192.0.2.7");
}

TEST(SourceOfTest, MasksIpv6ToPrefix) {
  absl::StatusOr<std::string> source = SourceOf("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 64);
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(*source, "2001:db8:1:2::/64");
  absl::StatusOr<std::string> odd = SourceOf("2001:db8:1:12ff::1", 52);
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(*odd, "2001:db8:1:1000::/52");
  absl::StatusOr<std::string> whole = SourceOf("2001:db8::1", 128);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(*whole, "2001:db8::1/128");
}

TEST(SourceOfTest, TreatsMappedIpv4AsIpv4) {
  absl::StatusOr<std::string> source = SourceOf("::ffff:198.51.100.9", 64);
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(*source, "198.51.100.9");
}

TEST(SourceOfTest, RejectsMalformedAddresses) {
  using namespace std::string_view_literals;
  for (std::string_view bad : {""sv, "localhost"sv, "1.2.3"sv, "1.2.3.4:5683"sv, "[::1]"sv,
                               "2001:db8::1::2"sv, "1.2.3.4\0x"sv}) {
    absl::StatusOr<std::string> source = SourceOf(bad, 64);
    ASSERT_FALSE(source.ok()) << bad;
    EXPECT_EQ(source.status().message(), "source address is not an IPv4 or IPv6 address");
  }
  EXPECT_FALSE(SourceOf(std::string(100, '1'), 64).ok());
}

TEST(SourceOfTest, RejectsPrefixLengthOutOfRange) {
  EXPECT_EQ(SourceOf("::1", 0).status().message(), "IPv6 prefix length 0 is outside 1..128");
  EXPECT_FALSE(SourceOf("::1", 129).ok());
}

TEST(SessionLimiterTest, AdmitsAndReleases) {
  SessionLimiter limiter;
  EXPECT_TRUE(limiter.TryAdmit(1, "192.0.2.1").ok());
  EXPECT_TRUE(limiter.TryAdmit(2, "192.0.2.1").ok());
  EXPECT_EQ(limiter.sessions(), 2u);
  EXPECT_EQ(limiter.SessionsFrom("192.0.2.1"), 2u);
  limiter.Release(1);
  limiter.Release(1);
  limiter.Release(99);
  EXPECT_EQ(limiter.sessions(), 1u);
  EXPECT_EQ(limiter.SessionsFrom("192.0.2.1"), 1u);
  EXPECT_EQ(limiter.stats().admitted, 2u);
}

TEST(SessionLimiterTest, AdmittingSameSessionTwiceCountsOnce) {
  SessionLimiter limiter;
  EXPECT_TRUE(limiter.TryAdmit(1, "192.0.2.1").ok());
  EXPECT_TRUE(limiter.TryAdmit(1, "192.0.2.1").ok());
  EXPECT_EQ(limiter.SessionsFrom("192.0.2.1"), 1u);
}

TEST(SessionLimiterTest, RefusesOverTotalCap) {
  SessionLimiter limiter(SessionLimits{2, 10, 64});
  ASSERT_TRUE(limiter.TryAdmit(1, "192.0.2.1").ok());
  ASSERT_TRUE(limiter.TryAdmit(2, "192.0.2.2").ok());
  absl::Status third = limiter.TryAdmit(3, "192.0.2.3");
  EXPECT_EQ(third.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(third.message(), "session limit of 2 reached");
  EXPECT_EQ(limiter.stats().refused_total, 1u);
  limiter.Release(1);
  EXPECT_TRUE(limiter.TryAdmit(3, "192.0.2.3").ok());
}

TEST(SessionLimiterTest, RefusesOverPerSourceCap) {
  SessionLimiter limiter(SessionLimits{100, 2, 64});
  ASSERT_TRUE(limiter.TryAdmit(1, "192.0.2.1").ok());
  ASSERT_TRUE(limiter.TryAdmit(2, "192.0.2.1").ok());
  absl::Status third = limiter.TryAdmit(3, "192.0.2.1");
  EXPECT_EQ(third.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(third.message(), "source 192.0.2.1 already has 2 sessions");
  EXPECT_TRUE(limiter.TryAdmit(4, "192.0.2.2").ok());
  EXPECT_EQ(limiter.stats().refused_per_source, 1u);
}

TEST(SessionLimiterTest, Ipv6AddressesOfOnePrefixShareTheCap) {
  SessionLimiter limiter(SessionLimits{100, 2, 64});
  ASSERT_TRUE(limiter.TryAdmit(1, "2001:db8:0:1::1").ok());
  ASSERT_TRUE(limiter.TryAdmit(2, "2001:db8:0:1:ffff::2").ok());
  EXPECT_FALSE(limiter.TryAdmit(3, "2001:db8:0:1::3").ok());
  EXPECT_TRUE(limiter.TryAdmit(4, "2001:db8:0:2::3").ok());
  EXPECT_EQ(limiter.SessionsFrom("2001:db8:0:1::/64"), 2u);
}

TEST(SessionLimiterTest, MappedAndPlainIpv4ShareTheCap) {
  SessionLimiter limiter(SessionLimits{100, 1, 64});
  ASSERT_TRUE(limiter.TryAdmit(1, "192.0.2.1").ok());
  EXPECT_FALSE(limiter.TryAdmit(2, "::ffff:192.0.2.1").ok());
}

TEST(SessionLimiterTest, RefusesMalformedAddress) {
  SessionLimiter limiter;
  absl::Status status = limiter.TryAdmit(1, "not-an-ip");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(limiter.sessions(), 0u);
  EXPECT_EQ(limiter.stats().refused_bad_address, 1u);
}

}  // namespace
}  // namespace mxedge::coap_gateway
