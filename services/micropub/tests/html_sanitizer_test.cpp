#include "html_sanitizer.hpp"

#include <gtest/gtest.h>

namespace mxedge::micropub {
namespace {

TEST(SanitizeHtmlTest, KeepsTheAllowedSubset) {
  EXPECT_EQ(SanitizeHtml("<b>bold</b> <em>it</em><br/><code>x</code>"),
            "<b>bold</b> <em>it</em><br><code>x</code>");
  EXPECT_EQ(SanitizeHtml("<UL><li>a</li></UL>"), "<ul><li>a</li></ul>");
}

TEST(SanitizeHtmlTest, RebuildsLinksWithSafeHrefsOnly) {
  EXPECT_EQ(SanitizeHtml(R"h(<a href="https://x.example/?a=1&b=2" onclick="evil()">x</a>)h"),
            R"h(<a href="https://x.example/?a=1&amp;b=2">x</a>)h");
  EXPECT_EQ(SanitizeHtml(R"h(<a href="javascript:alert(1)">x</a>)h"), "<a>x</a>");
  EXPECT_EQ(SanitizeHtml(R"(<a href='mailto:me@x.example'>m</a>)"),
            R"(<a href="mailto:me@x.example">m</a>)");
}

TEST(SanitizeHtmlTest, DropsScriptsStylesAndTheReplyFallbackWithContent) {
  EXPECT_EQ(SanitizeHtml("<mx-reply><blockquote>quoted</blockquote></mx-reply>answer"), "answer");
  EXPECT_EQ(SanitizeHtml("a<script>alert(1)</script>b<STYLE>x{}</STYLE>c"), "abc");
  EXPECT_EQ(SanitizeHtml("a<script>never closed"), "a");
}

TEST(SanitizeHtmlTest, DropsUnknownTagsButKeepsTheirText) {
  EXPECT_EQ(SanitizeHtml(R"(<font color="red">red</font> <img src=x onerror=y>)"), "red ");
  EXPECT_EQ(SanitizeHtml("<span data-mx-spoiler>s</span>"), "s");
}

TEST(SanitizeHtmlTest, EscapesStrayMarkupAndAmpersands) {
  EXPECT_EQ(SanitizeHtml("1 < 2 & 3 > 2"), "1 &lt; 2 &amp; 3 &gt; 2");
  EXPECT_EQ(SanitizeHtml("&amp; &#39; &#x1F600; &bogus"), "&amp; &#39; &#x1F600; &amp;bogus");
  EXPECT_EQ(SanitizeHtml("<b unterminated"), "&lt;b unterminated");
  EXPECT_EQ(SanitizeHtml(R"(<a href="x>y)"), "&lt;a href=\"x&gt;y");
}

TEST(SanitizeHtmlTest, BalancesTags) {
  EXPECT_EQ(SanitizeHtml("<b><i>x</b>y"), "<b><i>x</i></b>y");
  EXPECT_EQ(SanitizeHtml("</p>text<p>open"), "text<p>open</p>");
  EXPECT_EQ(SanitizeHtml("<!-- hidden -->shown"), "shown");
}

}  // namespace
}  // namespace mxedge::micropub
