#include "mxedge/irc/formatting.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/mirc_colors.hpp"

namespace mxedge::irc {
namespace {

std::string Html(std::string_view irc) {
  const MatrixText text = IrcToMatrix(irc);
  EXPECT_TRUE(text.formatted_body.has_value()) << irc;
  return text.formatted_body.value_or("");
}

std::string Irc(std::string_view html) {
  absl::StatusOr<std::string> text = HtmlToIrc(html);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : std::string();
}

TEST(IrcToMatrixTest, PlainTextHasNoFormattedBody) {
  const MatrixText text = IrcToMatrix("just <text> & more");
  EXPECT_EQ(text.body, "just <text> & more");
  EXPECT_EQ(text.formatted_body, std::nullopt);
}

TEST(IrcToMatrixTest, StylesToggleAndNest) {
  EXPECT_EQ(Html("\x02"
                 "bold\x02 plain"),
            "<b>bold</b> plain");
  EXPECT_EQ(Html("\x1ditalic\x1d \x1funder\x1f \x1estrike\x1e \x11mono\x11"),
            "<i>italic</i> <u>under</u> <del>strike</del> <code>mono</code>");
  EXPECT_EQ(Html("\x02"
                 "a\x1d"
                 "b\x02"
                 "c"),
            "<b>a</b><b><i>b</i></b><i>c</i>");
  EXPECT_EQ(Html("\x02\x1d"
                 "both\x0f"
                 "none"),
            "<b><i>both</i></b>none");
}

TEST(IrcToMatrixTest, EscapesHtml) {
  EXPECT_EQ(Html("\x02<a href=\"x\">&'"), "<b>&lt;a href=&quot;x&quot;&gt;&amp;&#39;</b>");
  EXPECT_EQ(IrcToMatrix("\x02<a>").body, "<a>");
}

TEST(IrcToMatrixTest, SixteenColoursWithForegroundAndBackground) {
  EXPECT_EQ(Html("\x03"
                 "4red"),
            "<font data-mx-color=\"#FF0000\">red</font>");
  EXPECT_EQ(Html("\x03"
                 "04,12x"),
            "<font data-mx-color=\"#FF0000\" data-mx-bg-color=\"#0000FC\">x</font>");
  EXPECT_EQ(Html("\x03"
                 "1,0black on white\x03 plain"),
            "<font data-mx-color=\"#000000\" data-mx-bg-color=\"#FFFFFF\">black on white</font> "
            "plain");
  // Three digits: only two belong to the code.
  EXPECT_EQ(Html("\x03"
                 "123"),
            "<font data-mx-color=\"#0000FC\">3</font>");
  // A comma not followed by a digit is text.
  EXPECT_EQ(Html("\x03"
                 "4,x"),
            "<font data-mx-color=\"#FF0000\">,x</font>");
  for (int i = 0; i < 16; ++i) {
    const std::string code = "\x03" + std::to_string(i) + "x";
    const std::array<char, 7> hex = RgbToHex(kMircColors[i]);
    EXPECT_EQ(Html(code), "<font data-mx-color=\"" + std::string(hex.data(), 7) + "\">x</font>");
  }
}

TEST(IrcToMatrixTest, DefaultAndExtendedColoursAreDropped) {
  EXPECT_EQ(IrcToMatrix("\x03"
                        "99plain")
                .formatted_body,
            std::nullopt);
  EXPECT_EQ(IrcToMatrix("\x03"
                        "50plain")
                .body,
            "plain");
  EXPECT_EQ(IrcToMatrix("\x16reversed").formatted_body, std::nullopt);
}

TEST(IrcToMatrixTest, HexColours) {
  EXPECT_EQ(Html("\x04"
                 "00ff00,000000x"),
            "<font data-mx-color=\"#00FF00\" data-mx-bg-color=\"#000000\">x</font>");
  EXPECT_EQ(IrcToMatrix("\x04zzz").body, "zzz");
}

TEST(StripIrcFormattingTest, RemovesCodesAndColourDigits) {
  EXPECT_EQ(StripIrcFormatting("\x02"
                               "a\x03"
                               "4,5b\x03"
                               "c\x0f"
                               "d\x04"
                               "ABCDEFe"),
            "abcde");
}

TEST(HtmlToIrcTest, BasicStyles) {
  EXPECT_EQ(Irc("<b>bold</b> <strong>strong</strong>"),
            "\x02"
            "bold\x02 \x02strong\x02");
  EXPECT_EQ(Irc("<i>a</i><em>b</em><u>c</u><s>d</s><del>e</del><code>f</code>"),
            "\x1d"
            "a\x1d\x1d"
            "b\x1d\x1f"
            "c\x1f\x1e"
            "d\x1e\x1e"
            "e\x1e\x11"
            "f\x11");
  // Nested bold does not toggle twice.
  EXPECT_EQ(Irc("<b>a<strong>b</strong>c</b>"),
            "\x02"
            "abc\x02");
}

TEST(HtmlToIrcTest, ColoursMapToTheNearestMircColour) {
  EXPECT_EQ(Irc("<font color=\"#ff0000\">red</font> x"),
            "\x03"
            "04,99red\x03"
            "99,99 x");
  EXPECT_EQ(Irc("<span data-mx-color=\"#fe0101\" data-mx-bg-color=\"#000\">r</span>1"),
            "\x03"
            "04,01r\x03"
            "99,99"
            "1");
  // An inner colour inherits the outer background and restores the outer colour after it.
  EXPECT_EQ(Irc("<font data-mx-bg-color=\"#ffffff\">a<font data-mx-color=\"#0000fc\">b</font>c"
                "</font>"),
            "\x03"
            "99,00a\x03"
            "12,00b\x03"
            "99,00c");
  EXPECT_EQ(Irc("<font color=\"red\">named</font>"), "named");
}

TEST(HtmlToIrcTest, BreaksParagraphsAndEntities) {
  EXPECT_EQ(Irc("a<br>b<br/>c"), "a\nb\nc");
  EXPECT_EQ(Irc("<p>one</p>\n<p>two</p>"), "one\ntwo");
  EXPECT_EQ(Irc("<pre><code>x = 1\ny = 2\n</code></pre>after"),
            "\x11x = 1\ny = 2\n\x11"
            "after");
  EXPECT_EQ(Irc("&lt;tag&gt; &amp; &quot;q&quot; &#39;s&#39; &#x1F44D; &#233; &bogus; &"),
            "<tag> & \"q\" 's' \xf0\x9f\x91\x8d \xc3\xa9 &bogus; &");
  EXPECT_EQ(Irc("line\nwrapped"), "line wrapped");
  EXPECT_EQ(Irc("<!-- comment -->x"), "x");
}

TEST(HtmlToIrcTest, RefusesWhatIrcCannotShow) {
  EXPECT_EQ(HtmlToIrc("<table><tr><td>x</td></tr></table>").status().message(),
            "HTML tag <\"table\"> has no IRC form");
  EXPECT_EQ(HtmlToIrc("<a href=\"https://x\">link</a>").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HtmlToIrc("a</b>").status().message(), "HTML closing tag </b> was not opened");
  EXPECT_EQ(HtmlToIrc("a <b").status().message(), "HTML tag at offset 2 is not closed by '>'");
}

TEST(HtmlToIrcTest, UnclosedInnerTagsCloseWithTheirParent) {
  EXPECT_EQ(Irc("<b>a<i>b</b>c"),
            "\x02"
            "a\x1d"
            "b\x1d\x02"
            "c");
}

TEST(FormattingTest, RoundTripOfStyles) {
  const std::string irc =
      "\x02"
      "bold\x02 \x1dit\x1d \x03"
      "04,01red\x03"
      "99,99 end";
  const MatrixText matrix = IrcToMatrix(irc);
  ASSERT_TRUE(matrix.formatted_body.has_value());
  const std::string back = Irc(*matrix.formatted_body);
  EXPECT_EQ(IrcToMatrix(back).formatted_body, matrix.formatted_body);
  EXPECT_EQ(StripIrcFormatting(back), matrix.body);
}

TEST(MircColorsTest, HexParsingAndNearest) {
  EXPECT_EQ(ParseHexColor("#FF8000"), 0xFF8000u);
  EXPECT_EQ(ParseHexColor("#f80"), 0xFF8800u);
  EXPECT_EQ(ParseHexColor("FF8000"), std::nullopt);
  EXPECT_EQ(ParseHexColor("#GG0000"), std::nullopt);
  EXPECT_EQ(NearestMircColor(0xFC7F00), 7);
  EXPECT_EQ(NearestMircColor(0x010101), 1);
  EXPECT_EQ(NearestMircColor(0xFEFEFE), 0);
  EXPECT_EQ(std::string(RgbToHex(0x0A0B0C).data(), 7), "#0A0B0C");
}

}  // namespace
}  // namespace mxedge::irc
