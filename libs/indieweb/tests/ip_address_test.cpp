#include "mxedge/indieweb/ip_address.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

AddressRange RangeOf(std::string_view text) {
  auto address = IpAddress::Parse(text);
  EXPECT_TRUE(address.ok()) << text << ": " << address.status();
  return address.ok() ? address->Range() : AddressRange::kPublic;
}

TEST(IpAddressTest, ParsesStrictForms) {
  auto v4 = IpAddress::Parse("192.0.2.1");
  ASSERT_TRUE(v4.ok());
  EXPECT_FALSE(v4->v6);
  EXPECT_EQ(v4->ToString(), "192.0.2.1");
  auto v6 = IpAddress::Parse("2001:DB8::1");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->ToString(), "2001:db8::1");
  for (const char* bad :
       {"127.1", "0177.0.0.1", "2130706433", "1.2.3.256", "", "::g", "1.2.3.4 "}) {
    EXPECT_EQ(IpAddress::Parse(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(IpAddressTest, ClassifiesIpv4Ranges) {
  EXPECT_EQ(RangeOf("8.8.8.8"), AddressRange::kPublic);
  EXPECT_EQ(RangeOf("127.0.0.1"), AddressRange::kLoopback);
  EXPECT_EQ(RangeOf("127.255.1.2"), AddressRange::kLoopback);
  EXPECT_EQ(RangeOf("0.0.0.0"), AddressRange::kUnspecified);
  EXPECT_EQ(RangeOf("10.1.2.3"), AddressRange::kPrivate);
  EXPECT_EQ(RangeOf("172.16.0.1"), AddressRange::kPrivate);
  EXPECT_EQ(RangeOf("172.31.255.255"), AddressRange::kPrivate);
  EXPECT_EQ(RangeOf("172.32.0.1"), AddressRange::kPublic);
  EXPECT_EQ(RangeOf("192.168.1.1"), AddressRange::kPrivate);
  EXPECT_EQ(RangeOf("100.64.0.1"), AddressRange::kSharedCgnat);
  EXPECT_EQ(RangeOf("100.127.255.255"), AddressRange::kSharedCgnat);
  EXPECT_EQ(RangeOf("100.128.0.1"), AddressRange::kPublic);
  EXPECT_EQ(RangeOf("169.254.169.254"), AddressRange::kLinkLocal);
  EXPECT_EQ(RangeOf("224.0.0.1"), AddressRange::kMulticast);
  EXPECT_EQ(RangeOf("255.255.255.255"), AddressRange::kReserved);
  EXPECT_EQ(RangeOf("198.18.0.1"), AddressRange::kReserved);
}

TEST(IpAddressTest, ClassifiesIpv6Ranges) {
  EXPECT_EQ(RangeOf("2606:4700::1"), AddressRange::kPublic);
  EXPECT_EQ(RangeOf("::1"), AddressRange::kLoopback);
  EXPECT_EQ(RangeOf("::"), AddressRange::kUnspecified);
  EXPECT_EQ(RangeOf("::ffff:127.0.0.1"), AddressRange::kMappedOrNat64);
  EXPECT_EQ(RangeOf("::ffff:8.8.8.8"), AddressRange::kMappedOrNat64);
  EXPECT_EQ(RangeOf("::127.0.0.1"), AddressRange::kMappedOrNat64);
  EXPECT_EQ(RangeOf("64:ff9b::a00:1"), AddressRange::kMappedOrNat64);
  EXPECT_EQ(RangeOf("fe80::1"), AddressRange::kLinkLocal);
  EXPECT_EQ(RangeOf("fc00::1"), AddressRange::kUniqueLocal);
  EXPECT_EQ(RangeOf("fd12:3456::1"), AddressRange::kUniqueLocal);
  EXPECT_EQ(RangeOf("ff02::1"), AddressRange::kMulticast);
  EXPECT_EQ(RangeOf("2002:7f00:1::"), AddressRange::kReserved);
}

TEST(LooksLikeIpv4Test, RecognisesEverySpelling) {
  for (const char* host :
       {"127.0.0.1", "0177.0.0.1", "2130706433", "127.1", "0x7f.1", "0x7f000001", "127.0.0.1."}) {
    EXPECT_TRUE(LooksLikeIpv4(host)) << host;
  }
  for (const char* host : {"example.com", "1.2.3.4.5", "127.0.0.1.example", "0xg.1", ""}) {
    EXPECT_FALSE(LooksLikeIpv4(host)) << host;
  }
  EXPECT_TRUE(IsCanonicalIpv4("10.0.0.1"));
  EXPECT_FALSE(IsCanonicalIpv4("10.0.0.01"));
  EXPECT_FALSE(IsCanonicalIpv4("127.1"));
}

}  // namespace
}  // namespace mxedge::indieweb
