#pragma once
// Removing the reply fallback Matrix clients put in front of a reply (spec 11.19.2.1: the body's
// leading "> " quote lines and the blank line after them; the HTML's <mx-reply> block).
#include <string>
#include <string_view>

namespace mxedge::bridge {

// `body` without its leading '>' lines and the one blank line that follows them. A body that
// does not start with '>' is returned as it is.
std::string StripReplyFallbackBody(std::string_view body);

// `html` without a leading <mx-reply>...</mx-reply> block. HTML without one, or with an
// unterminated one, is returned as it is.
std::string StripReplyFallbackHtml(std::string_view html);

}  // namespace mxedge::bridge
