#include "mxedge/bridge/reply_fallback.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

TEST(StripReplyFallbackBodyTest, RemovesQuoteAndBlankLine) {
  EXPECT_EQ(StripReplyFallbackBody("> <@alice:hs> hi\n> there\n\nhello back"), "hello back");
  EXPECT_EQ(StripReplyFallbackBody("> <@alice:hs> hi\nno blank"), "no blank");
}

TEST(StripReplyFallbackBodyTest, KeepsOtherBodies) {
  EXPECT_EQ(StripReplyFallbackBody("hello\n> not a fallback"), "hello\n> not a fallback");
  EXPECT_EQ(StripReplyFallbackBody("> only a quote"), "");
}

TEST(StripReplyFallbackHtmlTest, RemovesMxReply) {
  EXPECT_EQ(StripReplyFallbackHtml("<mx-reply><blockquote>x</blockquote></mx-reply><b>hi</b>"),
            "<b>hi</b>");
  EXPECT_EQ(StripReplyFallbackHtml("<mx-reply>unterminated"), "<mx-reply>unterminated");
  EXPECT_EQ(StripReplyFallbackHtml("<b>x</b><mx-reply></mx-reply>"),
            "<b>x</b><mx-reply></mx-reply>");
}

}  // namespace
}  // namespace mxedge::bridge
