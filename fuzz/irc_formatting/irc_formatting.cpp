// Fuzzes IRC formatting ↔ Matrix HTML. The input is read both as IRC text and as HTML; neither
// may crash. The HTML that IrcToMatrix writes must always be accepted by HtmlToIrc and give back
// the same plain text (for text without CR, LF or TAB, which HTML turns into spaces); a mismatch
// is a bug in our code and traps.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mxedge/irc/formatting.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<std::string> from_html = mxedge::irc::HtmlToIrc(input);
  if (from_html.ok()) {
    (void)mxedge::irc::IrcToMatrix(*from_html);
  }

  const mxedge::irc::MatrixText matrix = mxedge::irc::IrcToMatrix(input);
  if (matrix.body != mxedge::irc::StripIrcFormatting(input)) {
    __builtin_trap();
  }
  if (!matrix.formatted_body.has_value()) {
    return 0;
  }
  absl::StatusOr<std::string> back = mxedge::irc::HtmlToIrc(*matrix.formatted_body);
  if (!back.ok()) {
    __builtin_trap();  // our own HTML must always convert back
  }
  if (matrix.body.find_first_of("\r\n\t") == std::string::npos &&
      mxedge::irc::StripIrcFormatting(*back) != matrix.body) {
    __builtin_trap();
  }
  return 0;
}
