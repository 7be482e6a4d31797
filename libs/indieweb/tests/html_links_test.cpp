#include "mxedge/indieweb/html_links.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

using Rels = std::vector<std::string>;

TEST(ScanHtmlLinksTest, FindsLinkAndAnchorRelsInOrder) {
  const HtmlLinks found = ScanHtmlLinks(R"(<!doctype html><html><head>
    <LINK REL="Authorization_Endpoint" HREF="/auth">
    <link rel='token_endpoint' href='https://t.example/token?a=1&amp;b=2'/>
    <link href=/mp rel=micropub>
    <link rel="stylesheet" href="/s.css">
  </head><body><a rel="me   indieauth-metadata" href=" /meta ">me</a>
    <a href="/no-rel">x</a><link rel="micropub">
  </body></html>)");
  ASSERT_EQ(found.links.size(), 5u);
  EXPECT_EQ(found.links[0].target, "/auth");
  EXPECT_EQ(found.links[0].rels, Rels{"authorization_endpoint"});
  EXPECT_EQ(found.links[1].target, "https://t.example/token?a=1&b=2");
  EXPECT_EQ(found.links[2].target, "/mp");
  EXPECT_EQ(found.links[2].rels, Rels{"micropub"});
  EXPECT_EQ(found.links[3].rels, Rels{"stylesheet"});
  EXPECT_EQ(found.links[4].target, "/meta");
  EXPECT_EQ(found.links[4].rels, (Rels{"me", "indieauth-metadata"}));
  EXPECT_FALSE(found.truncated);
}

TEST(ScanHtmlLinksTest, SkipsCommentsScriptsAndStyles) {
  const HtmlLinks found = ScanHtmlLinks(R"(<!-- <link rel="micropub" href="/c"> -->
    <script>var s = '<link rel="micropub" href="/s">';</script>
    <style>/* <link rel=micropub href=/st> */</style>
    <SCRIPT type="x">"</script>"</SCRIPT>
    <link rel="micropub" href="/real">)");
  ASSERT_EQ(found.links.size(), 1u);
  EXPECT_EQ(found.links[0].target, "/real");
}

TEST(ScanHtmlLinksTest, ReadsBaseHrefAndToleratesBrokenMarkup) {
  const HtmlLinks found =
      ScanHtmlLinks("<base href='/sub/'><base href='/ignored/'> a < b <link rel=x href=\"/open");
  EXPECT_EQ(found.base_href, "/sub/");
  ASSERT_EQ(found.links.size(), 1u);
  EXPECT_EQ(found.links[0].target, "/open");
  EXPECT_TRUE(ScanHtmlLinks("<").links.empty());
  EXPECT_TRUE(ScanHtmlLinks("<link").links.empty());
  EXPECT_TRUE(ScanHtmlLinks("<!--").links.empty());
}

TEST(ScanHtmlLinksTest, LinksWithoutRelValuesAreSkipped) {
  const HtmlLinks found =
      ScanHtmlLinks("<link rel href=/a><link rel='  ' href=/b><link rel=micropub href=/c>");
  ASSERT_EQ(found.links.size(), 1u);
  EXPECT_EQ(found.links[0].target, "/c");
}

TEST(ScanHtmlLinksTest, StopsAtTheByteLimit) {
  const std::string page = "<link rel=a href=/1>" + std::string(100, ' ') + "<link rel=b href=/2>";
  const HtmlLinks found = ScanHtmlLinks(page, 50);
  EXPECT_TRUE(found.truncated);
  ASSERT_EQ(found.links.size(), 1u);
  EXPECT_EQ(found.links[0].rels, Rels{"a"});
}

TEST(DecodeHtmlEntitiesTest, DecodesNamedAndNumericReferences) {
  EXPECT_EQ(DecodeHtmlEntities("a&amp;b&lt;&gt;&quot;&apos;"), "a&b<>\"'");
  EXPECT_EQ(DecodeHtmlEntities("&#47;&#x2F;&#X2f;"), "///");
  EXPECT_EQ(DecodeHtmlEntities("&#233;"), "\xC3\xA9");
  EXPECT_EQ(DecodeHtmlEntities("&#0;&#xD800;&#99999999;"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(DecodeHtmlEntities("&unknown; & &#xzz;"), "&unknown; & &#xzz;");
}

}  // namespace
}  // namespace mxedge::indieweb
