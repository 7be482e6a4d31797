#pragma once
// Matrix `formatted_body` → the HTML subset a Micropub post may carry. Untrusted input.
//
// Kept: b strong i em u s del code pre blockquote p br ul ol li h1–h6, and a with an http(s) or
// mailto href (rebuilt as <a href="…">; every other attribute is dropped). Dropped with their
// content: mx-reply (the reply fallback), script, style. Every other tag is dropped, its text
// kept. Text is re-escaped: a '<' that does not start a tag becomes &lt;, a '&' that does not
// start an entity becomes &amp;. Unclosed kept tags are closed at the end.
#include <string>
#include <string_view>

namespace mxedge::micropub {

std::string SanitizeHtml(std::string_view html);

}  // namespace mxedge::micropub
