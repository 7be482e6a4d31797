#include "mxedge/indieweb/link_header.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

using Rels = std::vector<std::string>;

TEST(ParseLinkHeaderTest, SeveralLinksAndQuotedRels) {
  auto links = ParseLinkHeader(
      R"(<https://a.example/auth>; rel="authorization_endpoint", </token>; rel=token_endpoint,)"
      R"( <../mp>; rel="micropub Micropub_Media"; type="text/html")");
  ASSERT_TRUE(links.ok()) << links.status();
  ASSERT_EQ(links->size(), 3u);
  EXPECT_EQ((*links)[0].target, "https://a.example/auth");
  EXPECT_EQ((*links)[0].rels, Rels{"authorization_endpoint"});
  EXPECT_EQ((*links)[1].target, "/token");
  EXPECT_EQ((*links)[1].rels, Rels{"token_endpoint"});
  EXPECT_EQ((*links)[2].target, "../mp");
  EXPECT_EQ((*links)[2].rels, (Rels{"micropub", "micropub_media"}));
}

TEST(ParseLinkHeaderTest, OnlyTheFirstRelCountsAndEscapesDecode) {
  auto links = ParseLinkHeader(R"(<x>; rel="a\"b"; rel=second; title="t, with comma")");
  ASSERT_TRUE(links.ok()) << links.status();
  ASSERT_EQ(links->size(), 1u);
  EXPECT_EQ((*links)[0].rels, Rels{"a\"b"});
}

TEST(ParseLinkHeaderTest, ToleratesSpacingEmptyEntriesAndMissingRel) {
  auto links = ParseLinkHeader(" ,  <a> ; rel = x ;, <b>;anchor=\"#c\" , ");
  ASSERT_TRUE(links.ok()) << links.status();
  ASSERT_EQ(links->size(), 2u);
  EXPECT_EQ((*links)[0].rels, Rels{"x"});
  EXPECT_TRUE((*links)[1].rels.empty());
  EXPECT_TRUE(ParseLinkHeader("")->empty());
}

TEST(ParseLinkHeaderTest, MalformedIsInvalidArgument) {
  for (const char* bad : {"https://a/; rel=x", "<https://a/; rel=x", "<a>; rel=\"open", "<a> rel=x",
                          "<a>; =x", "<a>; rel=x <b>"}) {
    auto links = ParseLinkHeader(bad);
    EXPECT_EQ(links.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(links.status().message().find("offset"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace mxedge::indieweb
