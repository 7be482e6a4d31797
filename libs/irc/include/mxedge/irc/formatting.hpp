#pragma once
// IRC formatting codes ↔ Matrix HTML (`formatted_body`, org.matrix.custom.html).
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::irc {

struct MatrixText {
  std::string body;                           // the text without any control code
  std::optional<std::string> formatted_body;  // HTML, only when some text was formatted
};

// IRC text → Matrix. Bold, italic, underline, strikethrough, monospace, the 16 mIRC colours
// (\x03fg[,bg]; 99 is the default colour) and hex colours (\x04RRGGBB[,RRGGBB]) become <b>, <i>,
// <u>, <del>, <code> and <font data-mx-color data-mx-bg-color>; \x0f resets. The text is
// HTML-escaped and every run of one style is wrapped on its own, so the tags always nest.
// Reverse (\x16) and the extended colours 16-98 are dropped (no Matrix equivalent).
MatrixText IrcToMatrix(std::string_view text);

// The text without IRC formatting codes (and without the digits of colour codes).
std::string StripIrcFormatting(std::string_view text);

// Matrix HTML → IRC text with formatting codes: <b>/<strong>, <i>/<em>, <u>, <s>/<del>/<strike>,
// <code>, colours from <font color|data-mx-color|data-mx-bg-color> and <span data-mx-color|
// data-mx-bg-color> (the nearest of the 16 mIRC colours); <br> and paragraph/<pre> breaks become
// "\n", entities are decoded. Any other tag, or a closing tag that was not opened, is an
// InvalidArgumentError: the caller then sends the plain `body` instead, as nothing is lost.
absl::StatusOr<std::string> HtmlToIrc(std::string_view html);

}  // namespace mxedge::irc
