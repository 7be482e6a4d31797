#include "mxedge/ownership/siphash.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mxedge::ownership {
namespace {

// The reference vectors of the SipHash paper (appendix A / vectors.h): key 00 01 .. 0f, message
// 00 01 .. (n-1), output read as a little-endian 64-bit integer.
SipHashKey ReferenceKey() {
  SipHashKey key{};
  for (int i = 0; i < 16; ++i) {
    key[i] = static_cast<uint8_t>(i);
  }
  return key;
}

std::string ReferenceMessage(int length) {
  std::string message;
  for (int i = 0; i < length; ++i) {
    message.push_back(static_cast<char>(i));
  }
  return message;
}

TEST(SipHash24Test, MatchesReferenceVectors) {
  const SipHashKey key = ReferenceKey();
  EXPECT_EQ(SipHash24(key, ReferenceMessage(0)), 0x726fdb47dd0e0e31ULL);
  EXPECT_EQ(SipHash24(key, ReferenceMessage(7)), 0xab0200f58b01d137ULL);
  EXPECT_EQ(SipHash24(key, ReferenceMessage(8)), 0x93f5f5799a932462ULL);
  EXPECT_EQ(SipHash24(key, ReferenceMessage(15)), 0xa129ca6149be45e5ULL);
  EXPECT_EQ(SipHash24(key, ReferenceMessage(63)), 0x958a324ceb064572ULL);
}

TEST(SipHash24Test, DependsOnTheKey) {
  SipHashKey other = ReferenceKey();
  other[15] ^= 1;
  EXPECT_NE(SipHash24(ReferenceKey(), "abc"), SipHash24(other, "abc"));
}

TEST(SipHash24Test, HashesBytesAboveSeventyFAsUnsigned) {
  const SipHashKey key = ReferenceKey();
  EXPECT_NE(SipHash24(key, std::string("\xff\x80", 2)), SipHash24(key, std::string("\x7f\x80", 2)));
}

}  // namespace
}  // namespace mxedge::ownership
