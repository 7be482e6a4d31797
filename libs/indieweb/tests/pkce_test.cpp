#include "mxedge/indieweb/pkce.hpp"

#include <gtest/gtest.h>

#include <set>

namespace mxedge::indieweb {
namespace {

TEST(Base64UrlEncodeTest, Rfc4648VectorsWithoutPadding) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");
}

// RFC 7636 Appendix B.
TEST(PkceTest, ChallengeMatchesTheRfcExample) {
  EXPECT_EQ(PkceChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(PkceTest, FreshVerifiersAreLongUniqueAndUnreserved) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto pkce = NewPkce();
    ASSERT_TRUE(pkce.ok());
    EXPECT_EQ(pkce->verifier.size(), 43u);
    EXPECT_EQ(pkce->verifier.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"),
              std::string::npos);
    EXPECT_EQ(pkce->challenge, PkceChallengeS256(pkce->verifier));
    EXPECT_TRUE(seen.insert(pkce->verifier).second);
  }
  auto token = RandomToken(16);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->size(), 22u);  // 128 bits
}

}  // namespace
}  // namespace mxedge::indieweb
