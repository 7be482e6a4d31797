#include "mxedge/common/html_escape.hpp"

#include <gtest/gtest.h>

namespace mxedge::common {
namespace {

TEST(HtmlEscapeTest, EscapesTheFiveMarkupCharacters) {
  EXPECT_EQ(EscapeHtml(R"(<a href="x">'&')"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;");
}

TEST(HtmlEscapeTest, CopiesEverythingElseIncludingUtf8AndNul) {
  const std::string text = std::string("caf\xc3\xa9 \x01\n", 8) + std::string(1, '\0') + "z";
  EXPECT_EQ(EscapeHtml(text), text);
  EXPECT_EQ(EscapeHtml(""), "");
}

TEST(HtmlEscapeTest, AppendsAfterWhatIsThere) {
  std::string out = "<b>";
  AppendEscapedHtml("1 < 2", out);
  EXPECT_EQ(out, "<b>1 &lt; 2");
}

}  // namespace
}  // namespace mxedge::common
